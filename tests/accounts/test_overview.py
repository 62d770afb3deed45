"""GET /account/overview: per-account counts for the super admin, and nobody else."""
from __future__ import annotations

import datetime as dt
import uuid

import httpx
import psycopg

from alchemi.accounts.overview import month_start
from tests.support.accounts import new_account


def _row(overview: dict, account_id: str) -> dict:
    return next(a for a in overview["accounts"] if a["account_id"] == account_id)


def _add_daily_spend(database_url: str, account_id: str, day: str, spend: float) -> None:
    with psycopg.connect(database_url) as conn:
        conn.execute(
            'INSERT INTO "LiteLLM_DailyUserSpend" (id, user_id, date, api_key, model, custom_llm_provider, spend, '
            'prompt_tokens, completion_tokens, api_requests, successful_requests, failed_requests, created_at, '
            'updated_at, account_id) VALUES (%s, %s, %s, %s, %s, %s, %s, 0, 0, 1, 1, 0, now(), now(), %s)',
            (str(uuid.uuid4()), "u-" + uuid.uuid4().hex[:6], day, "k-" + uuid.uuid4().hex[:6], "gpt-x", "openai",
             spend, account_id))


def test_counts_users_keys_and_this_months_spend(super_admin, live_proxy, proxy_database):
    a = new_account(super_admin, "ov-a")
    b = new_account(super_admin, "ov-b")
    with httpx.Client(base_url=live_proxy.url, headers={"Authorization": f"Bearer {a['key']}"}, timeout=60) as c:
        for _ in range(2):
            assert c.post("/key/generate", json={}).status_code == 200
        assert c.post("/user/new", json={"user_email": f"x{uuid.uuid4().hex[:6]}@example.com"}).status_code == 200
    today = dt.datetime.now(dt.timezone.utc).date()
    last_month = (today.replace(day=1) - dt.timedelta(days=1)).isoformat()
    _add_daily_spend(proxy_database, a["account_id"], today.isoformat(), 1.25)
    _add_daily_spend(proxy_database, a["account_id"], last_month, 100.0)  # not this month

    r = super_admin.get("/account/overview")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["month_start"] == month_start()
    row_a, row_b = _row(body, a["account_id"]), _row(body, b["account_id"])
    # A: the admin API key + 2 keys + the /user/new key; its admin user + the new user.
    assert row_a["keys"] == 4, row_a
    assert row_a["users"] == 2, row_a
    assert row_a["spend_this_month"] == 1.25
    assert row_b == {"account_id": b["account_id"], "users": 1, "keys": 1, "spend_this_month": 0.0}


def test_only_the_super_admin_sees_it(live_proxy, account_factory):
    account = account_factory("ov-c")
    r = httpx.get(f"{live_proxy.url}/account/overview", headers={"Authorization": f"Bearer {account['key']}"})
    assert r.status_code == 403, r.text
    assert httpx.get(f"{live_proxy.url}/account/overview").status_code == 401


def test_month_start():
    assert month_start(dt.date(2026, 3, 17)) == "2026-03-01"
