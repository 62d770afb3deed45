"""Settings per account, through the live proxy: a router setting and a general setting
changed in account A leave account B (and a fresh account, which sees the platform defaults)
untouched."""
from __future__ import annotations

import httpx

from tests.runtime.support import add_model, answered_by, chat, clear, recorded, wait_until
from tests.support.accounts import new_account

DEAD_UPSTREAM = "http://127.0.0.1:9"  # nothing listens on the discard port: every call fails


def _router_settings(admin: httpx.Client) -> dict:
    r = admin.get("/router/settings")
    assert r.status_code == 200, r.text
    return r.json()["current_values"]


def test_router_settings_changed_in_a_apply_to_a_only(replica, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    for admin, upstream in ((a, upstream_a), (b, upstream_b)):
        add_model(admin, "gpt-4o", upstream.url)
        add_model(admin, "flaky", DEAD_UPSTREAM)
    before_b = _router_settings(b)
    r = a.post("/config/update", json={"router_settings": {"fallbacks": [{"flaky": ["gpt-4o"]}], "num_retries": 4}})
    assert r.status_code == 200, r.text

    assert _router_settings(a)["num_retries"] == 4
    assert _router_settings(b) == before_b
    clear(upstream_a), clear(upstream_b)
    # A's call to the dead model falls back to A's gpt-4o; B has no fallback and fails
    assert answered_by(chat(replica.url, a.key, "flaky", "fall back")) == "rt-upstream-a"
    r = chat(replica.url, b.key, "flaky", "no fallback", num_retries=0)
    assert r.status_code >= 400, r.text
    assert recorded(upstream_b) == []
    assert [s["body"]["messages"][-1]["content"] for s in recorded(upstream_a)] == ["fall back"]


def _big_chat(replica, key: str) -> httpx.Response:
    return chat(replica.url, key, "gpt-4o", "x" * (1_500_000))  # ~1.5 MB body


def test_general_setting_changed_in_a_applies_to_a_only(replica, runtime_super_admin, two_accounts, upstream_a,
                                                        upstream_b):
    a, b = two_accounts
    add_model(a, "gpt-4o", upstream_a.url)
    add_model(b, "gpt-4o", upstream_b.url)
    assert _big_chat(replica, a.key).status_code == 200  # no limit by default
    r = a.post("/config/update", json={"general_settings": {"max_request_size_mb": 1}})
    assert r.status_code == 200, r.text

    limited = _big_chat(replica, a.key)
    assert limited.status_code in (400, 413), limited.text[:300]
    assert answered_by(chat(replica.url, a.key, "gpt-4o", "small")) == "rt-upstream-a"
    assert _big_chat(replica, b.key).status_code == 200
    fresh = new_account(runtime_super_admin, "fresh")  # the platform default is unchanged too
    with httpx.Client(base_url=replica.url, headers={"Authorization": f"Bearer {fresh['key']}"}, timeout=60) as c:
        add_model(c, "gpt-4o", upstream_b.url)
    assert _big_chat(replica, fresh["key"]).status_code == 200


def test_general_setting_written_without_a_reload_is_picked_up(replica, two_accounts, upstream_a, upstream_b):
    """/config/field/update only writes the row; change detection loads it into A's layer."""
    a, b = two_accounts
    add_model(a, "gpt-4o", upstream_a.url)
    add_model(b, "gpt-4o", upstream_b.url)
    r = a.post("/config/field/update", json={"field_name": "max_request_size_mb", "field_value": 1,
                                                  "config_type": "general_settings"})
    assert r.status_code == 200, r.text
    wait_until(lambda: _big_chat(replica, a.key).status_code in (400, 413), timeout=15)
    assert _big_chat(replica, b.key).status_code == 200
