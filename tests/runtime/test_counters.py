"""Rate-limit and budget counters are the account's own (issue 4 probes): the same end-user name in
two accounts has two limits and two spend counters, through the live proxy."""
from __future__ import annotations

from tests.runtime.support import add_model, chat, unique, wait_until


def _end_user(admin, user_id: str, **budget) -> None:
    r = admin.post("/end_user/new", json={"user_id": user_id, **budget})
    assert r.status_code == 200, r.text


def test_an_end_users_rate_limit_is_not_consumed_by_another_accounts_end_user(replica, two_accounts,
                                                                             upstream_a, upstream_b):
    a, b = two_accounts
    model = unique("rl-model")
    add_model(a, model, upstream_a.url)
    add_model(b, model, upstream_b.url)
    alice = unique("alice")  # the same caller-chosen name in both accounts
    _end_user(a, alice, rpm_limit=1)
    _end_user(b, alice, rpm_limit=1)

    first = chat(replica.url, a.key, model, user=alice)
    assert first.status_code == 200, first.text
    second = chat(replica.url, a.key, model, user=alice)
    assert second.status_code == 429, second.text  # A's alice is limited...
    other = chat(replica.url, b.key, model, user=alice)
    assert other.status_code == 200, other.text  # ...and B's alice has a limit of its own
    again = chat(replica.url, b.key, model, user=alice)
    assert again.status_code == 429, again.text


def test_an_end_users_budget_is_not_spent_by_another_accounts_end_user(replica, two_accounts,
                                                                       upstream_a, upstream_b):
    a, b = two_accounts
    model = unique("budget-model")
    add_model(a, model, upstream_a.url, input_cost_per_token=1.0, output_cost_per_token=1.0)
    add_model(b, model, upstream_b.url, input_cost_per_token=1.0, output_cost_per_token=1.0)
    bob = unique("bob")
    _end_user(a, bob, max_budget=0.5)
    _end_user(b, bob, max_budget=0.5)

    assert chat(replica.url, a.key, model, user=bob).status_code == 200  # spends more than 0.5

    def a_is_over_budget():
        r = chat(replica.url, a.key, model, user=bob)
        return r if r.status_code != 200 else None

    over, _ = wait_until(a_is_over_budget, timeout=30, interval=0.5)
    assert "budget" in over.text.lower(), over.text
    mine = chat(replica.url, b.key, model, user=bob)
    assert mine.status_code == 200, mine.text  # B's bob has spent nothing
