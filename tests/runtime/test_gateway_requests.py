"""Gateway request counts are the account's own (raw SQL site commit_gateway_requests_to_db): what A's
traffic counts shows in A's /gateway/daily/activity, never in B's, through the live proxy."""
from __future__ import annotations

import json

from tests.runtime.support import add_model, chat, unique, wait_until


def _activity(admin) -> dict:
    r = admin.get("/gateway/daily/activity")
    assert r.status_code == 200, r.text
    return r.json()


def _total(body: dict) -> int:
    return int(body["total_successful_requests"])


def test_gateway_request_counts_are_recorded_per_account(replica, two_accounts, upstream_a):
    a, b = two_accounts
    model = unique("count-model")
    add_model(a, model, upstream_a.url)
    for _ in range(3):
        assert chat(replica.url, a.key, model).status_code == 200

    body, _ = wait_until(lambda: (lambda x: x if _total(x) >= 3 else None)(_activity(a)), timeout=60, interval=1)
    assert "::" not in json.dumps(body)  # routes shown without the account's prefix
    assert _total(_activity(b)) == 0, _activity(b)  # B answered nothing


def test_the_dashboards_spend_log_count_is_the_accounts_own(replica, two_accounts, upstream_a):
    """/sso/get/ui_settings' NUM_SPEND_LOGS_ROWS (which also decides DISABLE_EXPENSIVE_DB_QUERIES)
    counts the caller's account's logs, not the platform's table."""
    a, b = two_accounts
    model = unique("logs-model")
    add_model(a, model, upstream_a.url)
    for _ in range(3):
        assert chat(replica.url, a.key, model).status_code == 200

    def a_counts_its_logs():
        r = a.get("/sso/get/ui_settings")
        assert r.status_code == 200, r.text
        return r.json() if r.json()["NUM_SPEND_LOGS_ROWS"] >= 3 else None

    body, _ = wait_until(a_counts_its_logs, timeout=90, interval=1)
    assert body["DISABLE_EXPENSIVE_DB_QUERIES"] is False
    other = b.get("/sso/get/ui_settings").json()
    assert other["NUM_SPEND_LOGS_ROWS"] == 0, other
