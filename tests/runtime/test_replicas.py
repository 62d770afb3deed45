"""A model or setting changed through one process is served by another process on the same
database within seconds (change detection, ALCHEMI_RUNTIME_SYNC_SECONDS=1 here)."""
from __future__ import annotations

import time

import httpx

from tests.runtime.support import add_model, answered_by, chat, unique, wait_until

MAX_DELAY = 5.0


def test_model_added_changed_and_deleted_elsewhere(replica, replica_2, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    name = unique("moving")
    add_model(b, name, upstream_b.url)  # B's model of the same name must never be touched
    assert answered_by(chat(replica_2.url, b.key, name)) == "rt-upstream-b"  # B's runtime is live on replica 2
    assert chat(replica_2.url, a.key, name).status_code >= 400  # and A's (without the model)

    model_id = add_model(a, name, upstream_a.url)  # through replica 1
    _, added = wait_until(lambda: answered_by(chat(replica_2.url, a.key, name)) == "rt-upstream-a",
                          timeout=MAX_DELAY)

    started = time.monotonic()
    r = a.patch(f"/model/{model_id}/update", json={"litellm_params": {"api_base": f"{upstream_b.url}/v1"}})
    assert r.status_code == 200, r.text
    wait_until(lambda: answered_by(chat(replica_2.url, a.key, name)) == "rt-upstream-b", timeout=MAX_DELAY)
    changed = time.monotonic() - started

    started = time.monotonic()
    assert a.post("/model/delete", json={"id": model_id}).status_code == 200
    wait_until(lambda: chat(replica_2.url, a.key, name).status_code >= 400, timeout=MAX_DELAY)
    deleted = time.monotonic() - started
    assert answered_by(chat(replica_2.url, b.key, name)) == "rt-upstream-b"
    print(f"\nreplica sync delay: added {added:.2f}s, changed {changed:.2f}s, deleted {deleted:.2f}s")


def test_router_setting_changed_elsewhere(replica, replica_2, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    for admin, upstream in ((a, upstream_a), (b, upstream_b)):
        add_model(admin, "gpt-4o", upstream.url)
    headers_a = {"Authorization": f"Bearer {a.key}"}
    headers_b = {"Authorization": f"Bearer {b.key}"}

    def num_retries(url, headers):
        return httpx.get(f"{url}/router/settings", headers=headers, timeout=30).json()["current_values"]["num_retries"]

    before_b = num_retries(replica_2.url, headers_b)
    assert a.post("/config/update", json={"router_settings": {"num_retries": 7}}).status_code == 200
    wait_until(lambda: num_retries(replica_2.url, headers_a) == 7, timeout=MAX_DELAY)
    assert num_retries(replica_2.url, headers_b) == before_b
