"""The tenant guard against real PostgreSQL through LiteLLM's generated Prisma client:
every action, tx(), batch_(), raw SQL, namespaced keys, and the key-derived triggers."""
from __future__ import annotations

import hashlib
import uuid

import pytest

from alchemi.tenancy.context import TenancyError, system_context, tenant_context

A, B = "acct-a-" + uuid.uuid4().hex[:6], "acct-b-" + uuid.uuid4().hex[:6]


pytestmark = pytest.mark.asyncio(loop_scope="session")


async def _team(db, account: str, alias: str) -> str:
    with tenant_context(account):
        row = await db.litellm_teamtable.create(data={"team_alias": alias, "team_id": uuid.uuid4().hex})
    return row.team_id


async def test_no_scope_is_refused_for_scoped_models(db):
    with pytest.raises(TenancyError, match="no account in scope"):
        await db.litellm_teamtable.find_many()
    with pytest.raises(TenancyError):
        await db.query_raw('SELECT 1')
    # unscoped (platform) models need no account
    await db.alchemi_accounttable.find_many(take=1)


async def test_rows_are_stamped_and_invisible_to_other_accounts(db):
    ta = await _team(db, A, "alpha")
    tb = await _team(db, B, "bravo")
    with system_context("test: read raw rows"):
        row = await db.litellm_teamtable.find_unique(where={"team_id": ta})
    assert row.account_id == A
    with tenant_context(B):
        assert await db.litellm_teamtable.find_unique(where={"team_id": ta}) is None
        assert ta not in [t.team_id for t in await db.litellm_teamtable.find_many()]
        assert await db.litellm_teamtable.find_first(where={"team_alias": "alpha"}) is None
        assert await db.litellm_teamtable.count(where={"team_id": ta}) == 0
        assert await db.litellm_teamtable.update(where={"team_id": ta}, data={"team_alias": "pwned"}) is None
        assert await db.litellm_teamtable.update_many(where={"team_id": ta}, data={"team_alias": "pwned"}) == 0
        assert await db.litellm_teamtable.delete_many(where={"team_id": ta}) == 0
        assert await db.litellm_teamtable.find_unique(where={"team_id": tb}) is not None
    with tenant_context(A):
        assert (await db.litellm_teamtable.find_unique(where={"team_id": ta})).team_alias == "alpha"


async def test_delete_of_another_accounts_row_is_not_found(db):
    from prisma.errors import RecordNotFoundError

    ta = await _team(db, A, "delete-me")
    with tenant_context(B):
        try:
            result = await db.litellm_teamtable.delete(where={"team_id": ta})
        except RecordNotFoundError:
            result = None
        assert result is None
    with tenant_context(A):
        assert await db.litellm_teamtable.find_unique(where={"team_id": ta}) is not None


async def test_writing_into_another_account_is_refused(db):
    with tenant_context(B), pytest.raises(TenancyError):
        await db.litellm_teamtable.create(data={"team_id": uuid.uuid4().hex, "account_id": A})


async def test_group_by_sees_one_account(db):
    await _team(db, A, "g")
    await _team(db, B, "g")
    with tenant_context(A):
        groups = await db.litellm_teamtable.group_by(by=["team_alias"], count={"_all": True}, where={"team_alias": "g"})
    assert groups[0]["_count"]["_all"] == 1


async def test_transactions_and_batches_are_scoped(db):
    with tenant_context(A):
        async with db.tx() as tx:
            t = await tx.litellm_teamtable.create(data={"team_id": uuid.uuid4().hex, "team_alias": "tx"})
        async with db.batch_() as batch:
            batch.litellm_teamtable.create(data={"team_id": "batch-" + uuid.uuid4().hex, "team_alias": "batched"})
    with system_context("test: read raw rows"):
        rows = await db.litellm_teamtable.find_many(where={"team_alias": {"in": ["tx", "batched"]}})
    assert {r.account_id for r in rows} == {A}
    with tenant_context(B):
        async with db.tx() as tx:
            assert await tx.litellm_teamtable.find_unique(where={"team_id": t.team_id}) is None


async def test_namespaced_keys_give_each_account_its_own_row(db):
    from prisma import Json

    for account, value in ((A, "a-value"), (B, "b-value")):
        with tenant_context(account):
            await db.litellm_config.upsert(where={"param_name": "general_settings"}, data={
                "create": {"param_name": "general_settings", "param_value": Json({"v": value})},
                "update": {"param_value": Json({"v": value})}})
    for account, value in ((A, "a-value"), (B, "b-value")):
        with tenant_context(account):
            row = await db.litellm_config.find_unique(where={"param_name": "general_settings"})
            assert row.param_name == "general_settings" and row.param_value == {"v": value}
            names = [r.param_name for r in await db.litellm_config.find_many()]
            assert names == ["general_settings"]
    with system_context("test: read raw rows"):
        stored = sorted(r.param_name for r in await db.litellm_config.find_many(
            where={"param_name": {"endswith": "general_settings"}}))
    assert stored == sorted([f"{A}::general_settings", f"{B}::general_settings"])


async def test_raw_sql_sees_and_writes_only_the_account(db):
    ta = await _team(db, A, "raw-a")
    tb = await _team(db, B, "raw-b")
    with tenant_context(A):
        ids = {r["team_id"] for r in await db.query_raw('SELECT team_id FROM "LiteLLM_TeamTable"')}
        assert ta in ids and tb not in ids
        changed = await db.execute_raw('UPDATE "LiteLLM_TeamTable" SET team_alias = $1 WHERE team_id = $2',
                                       "pwned", tb)
        assert changed == 0
        new_id = "raw-" + uuid.uuid4().hex
        await db.execute_raw('INSERT INTO "LiteLLM_TeamTable" (team_id, team_alias, updated_at) VALUES ($1, $2, now())',
                             new_id, "raw-insert")
        first = await db.query_first('SELECT count(*)::int AS n FROM "LiteLLM_TeamTable" WHERE team_id = $1', tb)
        assert first["n"] == 0
    with system_context("test: read raw rows"):
        assert (await db.litellm_teamtable.find_unique(where={"team_id": new_id})).account_id == A
        assert (await db.litellm_teamtable.find_unique(where={"team_id": tb})).team_alias == "raw-b"


async def test_raw_sql_reads_namespaced_keys_without_the_prefix(db):
    with tenant_context(A):
        await db.litellm_tagtable.create(data={"tag_name": "prod"})
        rows = await db.query_raw('SELECT tag_name FROM "LiteLLM_TagTable"')
    assert [r["tag_name"] for r in rows] == ["prod"]


async def test_background_spend_rows_take_the_account_of_their_key(db):
    key = "sk-" + uuid.uuid4().hex
    hashed = hashlib.sha256(key.encode()).hexdigest()
    with tenant_context(A):
        await db.litellm_verificationtoken.create(data={"token": hashed})
    with system_context("test: a background spend writer"):
        await db.execute_raw(
            'INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, "startTime", "endTime") '
            "VALUES ($1, 'acompletion', $2, now(), now())", "req-" + hashed[:10], hashed)
    with tenant_context(A):
        assert len(await db.query_raw('SELECT 1 FROM "LiteLLM_SpendLogs" WHERE api_key = $1', hashed)) == 1
    with tenant_context(B):
        assert await db.query_raw('SELECT 1 FROM "LiteLLM_SpendLogs" WHERE api_key = $1', hashed) == []


async def test_window_spend_rows_take_the_account_of_their_key_or_team(db):
    key = hashlib.sha256(uuid.uuid4().hex.encode()).hexdigest()
    with tenant_context(A):
        await db.litellm_verificationtoken.create(data={"token": key})
    team = await _team(db, B, "window")
    with system_context("test: the spend flush"):
        for kind, entity in (("key", key), ("team", team)):
            await db.execute_raw(
                'INSERT INTO "LiteLLM_BudgetWindowSpend" (entity_type, entity_id, window_duration, window_start, '
                "spend, updated_at) VALUES ($1, $2, '1d', now(), 1.5, now())", kind, entity)
    with tenant_context(A):
        assert [r.entity_id for r in await db.litellm_budgetwindowspend.find_many()] == [key]
    with tenant_context(B):
        assert [r.entity_id for r in await db.litellm_budgetwindowspend.find_many()] == [team]
