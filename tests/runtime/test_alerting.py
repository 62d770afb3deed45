"""Alerting is the account's own (issue 4 probes): an account's alert settings and webhook receive its
own alerts only, through the live proxy, and its reconcile never changes another account's alerting."""
from __future__ import annotations

import time

from tests.runtime.support import add_model, chat, recorded, unique, wait_until


def _alerts(upstream, hook: str) -> list[dict]:
    return [r for r in recorded(upstream) if r["path"] == f"/hooks/{hook}"]


def _key(admin, **params) -> str:
    r = admin.post("/key/generate", json=params)
    assert r.status_code == 200, r.text
    return r.json()["key"]


def test_an_accounts_budget_alerts_go_to_its_own_webhook_only(replica, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    hook_a = unique("hook-a")
    r = a.post("/config/update", json={"general_settings": {
        "alerting": ["slack"], "alert_types": ["budget_alerts"],
        "alert_to_webhook_url": {"budget_alerts": f"{upstream_a.url}/hooks/{hook_a}"}}})
    assert r.status_code == 200, r.text
    model = unique("alert-model")
    add_model(a, model, upstream_a.url, input_cost_per_token=1.0, output_cost_per_token=1.0)
    add_model(b, model, upstream_b.url, input_cost_per_token=1.0, output_cost_per_token=1.0)
    key_a, key_b = _key(a, max_budget=0.5), _key(b, max_budget=0.25)  # the budget names the key's account

    # B crosses its soft budget first: B configured no alerting, so nothing is sent anywhere
    assert chat(replica.url, key_b, model).status_code == 200  # spends past its budget
    for _ in range(2):
        chat(replica.url, key_b, model)  # refused, and alerted on where B's settings say: nowhere
    assert chat(replica.url, key_a, model).status_code == 200

    def a_alerted():
        chat(replica.url, key_a, model)
        return _alerts(upstream_a, hook_a)

    alerts, _ = wait_until(a_alerted, timeout=60, interval=1)
    time.sleep(2)  # alerts are sent in batches: let any of B's arrive too
    text = str(_alerts(upstream_a, hook_a))
    assert "Alert type: `budget_alerts`" in text and "Total Budget:`0.5`" in text, text
    assert "`0.25`" not in text, text  # nothing about B's key reached A's webhook
    assert not any(r["path"].startswith("/hooks/") for r in recorded(upstream_b))
