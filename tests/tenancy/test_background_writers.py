"""Rows the background spend flush writes outside any request belong to the request's account:
end users (ids chosen by callers, repeated across accounts) and spend logs whose request id a
caller chose (x-litellm-call-id) the same as another account's. Real PostgreSQL, LiteLLM's
own writer functions."""
from __future__ import annotations

import hashlib
import json
import types
import uuid

import pytest

from alchemi.tenancy.context import system_context, tenant_context

A, B = "acct-a-" + uuid.uuid4().hex[:6], "acct-b-" + uuid.uuid4().hex[:6]

pytestmark = pytest.mark.asyncio(loop_scope="session")


async def _accounts(db) -> None:
    with system_context("test: accounts"):
        for account in (A, B):
            if await db.alchemi_accounttable.find_unique(where={"account_id": account}) is None:
                await db.alchemi_accounttable.create(data={"account_id": account, "account_name": f"name-{account}"})


async def test_end_user_spend_lands_in_each_accounts_own_row(db):
    from litellm.proxy.db.db_spend_update_writer import DBSpendUpdateWriter
    from litellm.proxy.utils import ProxyUpdateSpend

    from alchemi.tenancy import background

    await _accounts(db)
    background.install()
    customer = "customer-" + uuid.uuid4().hex[:6]
    with tenant_context(A):   # A created its customer through the API; B's appears from traffic only
        await db.litellm_endusertable.create(data={"user_id": customer, "spend": 0})
    writer = DBSpendUpdateWriter()
    for account, cost in ((A, 1.5), (B, 2.0)):
        with tenant_context(account):
            await writer._update_user_db(response_cost=cost, user_id=None, prisma_client=object(),
                                         litellm_proxy_budget_name=None, end_user_id=customer)
    queued = await writer.spend_update_queue.flush_and_get_aggregated_db_spend_update_transactions()
    transactions = queued["end_user_list_transactions"]
    assert transactions == {f"{A}::{customer}": 1.5, f"{B}::{customer}": 2.0}
    with system_context("test: the background spend flush"):
        await ProxyUpdateSpend.update_end_user_spend(n_retry_times=0, prisma_client=types.SimpleNamespace(db=db),
                                                     proxy_logging_obj=None, end_user_list_transactions=transactions)
        stored = {r.user_id: (r.account_id, r.spend) for r in await db.litellm_endusertable.find_many(
            where={"user_id": {"endswith": customer}})}
    assert stored == {f"{A}::{customer}": (A, 1.5), f"{B}::{customer}": (B, 2.0)}
    for account, spend in ((A, 1.5), (B, 2.0)):
        with tenant_context(account):
            row = await db.litellm_endusertable.find_unique(where={"user_id": customer})
            assert (row.user_id, row.spend) == (customer, spend)


async def test_a_namespaced_end_user_of_no_account_gets_none(db):
    with system_context("test: a value that only looks namespaced"):
        row = await db.litellm_endusertable.create(data={"user_id": f"no-such-account::{uuid.uuid4().hex}"})
    assert row.account_id is None


async def test_a_request_id_two_accounts_chose_keeps_both_spend_logs(db):
    await _accounts(db)
    request_id = "call-" + uuid.uuid4().hex
    keys = {}
    for account in (A, B):
        keys[account] = hashlib.sha256(uuid.uuid4().hex.encode()).hexdigest()
        with tenant_context(account):
            await db.litellm_verificationtoken.create(data={"token": keys[account]})
    with system_context("test: the spend-log flush (create_many, skip_duplicates)"):
        for account in (A, B):
            await db.litellm_spendlogs.create_many(data=[{
                "request_id": request_id, "call_type": "acompletion", "api_key": keys[account],
                "startTime": "2026-11-22T00:00:00Z", "endTime": "2026-11-22T00:00:01Z",
                "metadata": "{}", "messages": "{}", "response": "{}"}], skip_duplicates=True)
        stored = {r.account_id: r.request_id for r in await db.litellm_spendlogs.find_many(
            where={"request_id": {"endswith": request_id}})}
    assert stored == {A: request_id, B: f"{B}::{request_id}"}
    for account in (A, B):
        with tenant_context(account):
            row = await db.litellm_spendlogs.find_unique(where={"request_id": request_id})
            assert (row.request_id, row.api_key) == (request_id, keys[account])
            rows = await db.litellm_spendlogs.find_many(where={"request_id": request_id})
            assert [r.api_key for r in rows] == [keys[account]]
            raw = await db.query_raw('SELECT request_id, api_key FROM "LiteLLM_SpendLogs" WHERE request_id = $1',
                                     request_id)
            assert raw == [{"request_id": request_id, "api_key": keys[account]}]


async def test_tag_spend_reaches_each_accounts_own_tag(db):
    from litellm.proxy.db.db_spend_update_writer import DBSpendUpdateWriter

    from alchemi.tenancy import background

    background.install()
    tag = "prod-" + uuid.uuid4().hex[:6]
    for account in (A, B):
        with tenant_context(account):
            await db.litellm_tagtable.create(data={"tag_name": tag, "spend": 0})
    writer = DBSpendUpdateWriter()
    for account, cost in ((A, 0.5), (B, 0.25)):
        with tenant_context(account):
            await writer._update_tag_db(response_cost=cost, request_tags=json.dumps([tag]), prisma_client=object())
    queued = await writer.spend_update_queue.flush_and_get_aggregated_db_spend_update_transactions()
    transactions = queued["tag_list_transactions"]
    assert transactions == {f"{A}::{tag}": 0.5, f"{B}::{tag}": 0.25}
    with system_context("test: the background spend flush"):
        for name, cost in transactions.items():   # what _update_entity_spend_in_db runs per tag
            await db.litellm_tagtable.update_many(where={"tag_name": name}, data={"spend": {"increment": cost}})
    for account, spend in ((A, 0.5), (B, 0.25)):
        with tenant_context(account):
            assert (await db.litellm_tagtable.find_unique(where={"tag_name": tag})).spend == spend
