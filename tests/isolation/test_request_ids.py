"""A request id the caller chose (`x-litellm-call-id`), sent by two accounts: each account keeps
its own spend log and finds it by that id; neither sees the other's.

The spend log's request_id is its primary key and LiteLLM's flush skips duplicates, so without
the database trigger of migration ..._background_owner_and_request_ids the second account's
row was silently dropped. Embeddings are used because their responses carry no provider id,
so the request id is the call id (chat answers use the provider's id).
"""
from __future__ import annotations

import time
import uuid

import httpx
import psycopg

from tests.support.isolation_seed import Tenant


def _embed(base_url: str, tenant: Tenant, call_id: str) -> None:
    r = httpx.post(f"{base_url}/embeddings", timeout=60,
                   headers={"Authorization": f"Bearer {tenant.keys['user']}", "x-litellm-call-id": call_id},
                   json={"model": tenant.ids["model_name"], "input": f"{tenant.canary('embedding-input')}"})
    assert r.status_code == 200, r.text


def _rows(database_url: str, call_id: str) -> list[tuple[str, str]]:
    with psycopg.connect(database_url) as conn:
        return conn.execute('SELECT account_id, request_id FROM "LiteLLM_SpendLogs" WHERE request_id = %s '
                            "OR request_id LIKE %s", (call_id, f"%::{call_id}")).fetchall()


def test_same_call_id_in_two_accounts_keeps_both_spend_logs(live_proxy, tenants, proxy_database) -> None:
    a, b = tenants["A"], tenants["B"]
    call_id = f"shared-call-{uuid.uuid4().hex}"
    _embed(live_proxy.url, a, call_id)
    deadline = time.monotonic() + 90
    while not _rows(proxy_database, call_id) and time.monotonic() < deadline:
        time.sleep(1)
    _embed(live_proxy.url, b, call_id)     # after A's row is stored: B's id is then taken
    while len(_rows(proxy_database, call_id)) < 2 and time.monotonic() < deadline:
        time.sleep(1)
    rows = dict(_rows(proxy_database, call_id))
    assert rows == {a.account_id: call_id, b.account_id: f"{b.account_id}::{call_id}"}, rows

    for owner, other in ((a, b), (b, a)):
        r = httpx.get(f"{live_proxy.url}/spend/logs", params={"request_id": call_id}, timeout=30,
                      headers={"Authorization": f"Bearer {owner.admin_key}"})
        assert r.status_code == 200, r.text
        logs = r.json() if isinstance(r.json(), list) else r.json().get("data", [])
        assert [log["request_id"] for log in logs] == [call_id], (owner.label, r.text[:500])
        assert logs[0]["api_key"] == owner.ids["key"], (owner.label, logs[0].get("api_key"))
        text = r.text.lower()
        assert other.prefix.lower() not in text and other.account_id.lower() not in text, (owner.label, r.text[:500])
