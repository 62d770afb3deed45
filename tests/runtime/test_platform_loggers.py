"""LiteLLM's own proxy loggers (spend tracking, budget and rate limiters) serve every account, once.

LiteLLM re-registers them on every call (`function_setup` copies `litellm.callbacks` into the
success and failure lists) in the request's scope; they must stay the platform's, never be
confined to the account whose request happened to come first (LiteLLM's de-duplication then
no longer recognised them, and that account was charged twice per request)."""
from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ARTIFACTS
from tests.runtime.conftest import account_admins, proxy_env
from tests.runtime.support import add_model, chat, start_runtime_proxy, unique, wait_until


@pytest.fixture(scope="module")
def fresh(runtime_database, replica) -> Iterator:
    """A proxy process of its own: the accounts below make its first requests (the bug confined
    LiteLLM's loggers to whichever account called first in a process)."""
    server = start_runtime_proxy(ARTIFACTS / "logs" / "runtime-platform-loggers.log", **proxy_env(runtime_database))
    yield server
    server.stop()


@pytest.fixture(scope="module")
def accounts(fresh, runtime_super_admin) -> Iterator[list[httpx.Client]]:
    made = account_admins(fresh.url, runtime_super_admin, "first-caller", "second-caller")
    yield made
    for c in made:
        c.close()


def _key(admin: httpx.Client, model: str, **limits) -> str:
    r = admin.post("/key/generate", json={"models": [model], **limits})
    assert r.status_code == 200, r.text
    return r.json()["key"]


def test_a_request_is_charged_once_in_every_account(fresh, accounts, upstream_a, upstream_b):
    for admin, upstream in zip(accounts, (upstream_a, upstream_b)):
        model = unique("priced")
        add_model(admin, model, upstream.url, input_cost_per_token=1.0, output_cost_per_token=1.0)
        key = _key(admin, model)
        cost = 0.0
        for _ in range(3):
            r = chat(fresh.url, key, model)
            assert r.status_code == 200, r.text
            cost += float(r.json()["usage"]["prompt_tokens"] + r.json()["usage"]["completion_tokens"])

        def key_spend() -> float | None:
            info = admin.get("/key/info", params={"key": key})
            assert info.status_code == 200, info.text
            return info.json()["info"].get("spend") or None

        spend, _ = wait_until(key_spend, timeout=60, interval=0.5)
        assert abs(spend - cost) < 1e-6, f"account {admin.account_id}: requests costing {cost} charged {spend}"


def test_a_keys_rate_limit_holds_in_every_account(fresh, accounts, upstream_a, upstream_b):
    for admin, upstream in zip(accounts, (upstream_a, upstream_b)):
        model = unique("limited")
        add_model(admin, model, upstream.url)
        key = _key(admin, model, rpm_limit=1)
        first = chat(fresh.url, key, model)
        assert first.status_code == 200, first.text
        second = chat(fresh.url, key, model)
        assert second.status_code == 429, f"account {admin.account_id}: rpm_limit=1 not enforced: {second.text}"

