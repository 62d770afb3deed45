"""The registry of live account runtimes: lazy build (one per account at a time), the router
`llm_router` stands for in each scope, and idle eviction."""
from __future__ import annotations

import asyncio

import pytest

from alchemi.runtime import registry as registry_module
from alchemi.runtime.registry import AccountRuntime, RuntimeRegistry, pinned
from alchemi.tenancy.context import system_context, tenant_context
from alchemi.tenancy.resolver import NO_ACCOUNT
from tests.runtime.fakes import RecordingRouter


class Loader:
    def __init__(self, *, fail: set[str] | None = None, delay: float = 0.01) -> None:
        self.built: list[str] = []
        self.refreshed: list[str] = []
        self.fail = fail or set()
        self.delay = delay

    async def build(self, account_id: str) -> AccountRuntime:
        self.built.append(account_id)
        await asyncio.sleep(self.delay)
        if account_id in self.fail:
            raise RuntimeError("database unavailable")
        return AccountRuntime(account_id, router=RecordingRouter(f"{account_id}-model"))

    async def refresh(self, runtime: AccountRuntime) -> None:
        self.refreshed.append(runtime.account_id)


def _registry(loader: Loader | None = None) -> tuple[RuntimeRegistry, Loader]:
    loader = loader or Loader()
    return RuntimeRegistry(build=loader.build, refresh=loader.refresh, platform_router=RecordingRouter()), loader


def test_concurrent_first_requests_share_one_build():
    registry, loader = _registry()

    async def main():
        return await asyncio.gather(*(registry.ensure("acct") for _ in range(10)))

    runtimes = asyncio.run(main())
    assert loader.built == ["acct"]
    assert all(r is runtimes[0] for r in runtimes)
    assert registry.peek("acct") is runtimes[0]


def test_a_failed_build_is_retried_by_the_next_request():
    registry, loader = _registry(Loader(fail={"acct"}))
    with pytest.raises(RuntimeError):
        asyncio.run(registry.ensure("acct"))
    assert registry.peek("acct") is None
    loader.fail.clear()
    assert asyncio.run(registry.ensure("acct")).account_id == "acct"
    assert loader.built == ["acct", "acct"]


def test_a_cancelled_request_does_not_cancel_the_build():
    registry, loader = _registry(Loader(delay=0.05))

    async def main():
        first = asyncio.ensure_future(registry.ensure("acct"))
        await asyncio.sleep(0.01)
        first.cancel()
        return await registry.ensure("acct")

    assert asyncio.run(main()).account_id == "acct"
    assert loader.built == ["acct"]


def test_llm_router_stands_for_the_router_of_the_scope():
    registry, _ = _registry()
    a = asyncio.run(registry.ensure("acct_a"))
    b = asyncio.run(registry.ensure("acct_b"))
    with tenant_context("acct_a"):
        assert registry.router_for_scope() is a.router
        with pinned(b):
            assert registry.router_for_scope() is b.router
    with tenant_context("acct_b"):
        assert registry.router_for_scope() is b.router
    with system_context("test"):
        assert registry.router_for_scope() is registry.platform.router
    with tenant_context(NO_ACCOUNT):
        assert registry.router_for_scope() is registry.platform.router
    assert registry.router_for_scope() is registry.platform.router


def test_an_unbuilt_account_used_outside_a_request_gets_an_empty_router_and_a_refresh(monkeypatch):
    import alchemi.runtime.routers as routers

    monkeypatch.setattr(routers, "new_router", lambda model_list, **_: RecordingRouter())
    monkeypatch.setattr(routers, "proxy_router_options", lambda: {})
    registry, loader = _registry()

    async def main():
        with tenant_context("acct"):
            router = registry.router_for_scope()
        await asyncio.sleep(0)
        return router

    router = asyncio.run(main())
    assert registry.peek("acct").router is router and registry.peek("acct").stale
    assert loader.refreshed == ["acct"]


def test_idle_runtimes_are_evicted_after_the_ttl_but_not_while_in_use():
    registry, _ = _registry()
    runtimes = {a: asyncio.run(registry.ensure(a)) for a in ("idle", "serving", "reconciling", "recent")}
    now = 1000.0
    for name in ("idle", "serving", "reconciling"):
        runtimes[name].last_used = now - 600
    runtimes["recent"].last_used = now - 10
    runtimes["serving"].inflight = 1
    with pinned(runtimes["reconciling"]):
        evicted = registry.evict_idle(idle_ttl=300, now=now)
    assert evicted == ["idle"]
    assert runtimes["idle"].router.discarded
    assert sorted(r.account_id for r in registry.live()) == ["recent", "reconciling", "serving"]
    assert registry.evict_idle(idle_ttl=300, now=now) == ["reconciling"]


def test_max_accounts_evicts_the_least_recently_used_idle_runtimes():
    registry, _ = _registry()
    for i, account_id in enumerate(("a", "b", "c", "d")):
        asyncio.run(registry.ensure(account_id)).last_used = 100.0 + i
    registry.peek("a").inflight = 1  # in use: kept even though oldest
    assert registry.evict_idle(idle_ttl=10_000, max_accounts=2, now=110.0) == ["b", "c"]
    assert sorted(r.account_id for r in registry.live()) == ["a", "d"]


def test_scope_account_treats_no_account_as_none():
    with tenant_context(NO_ACCOUNT):
        assert registry_module.scope_account() is None
    with tenant_context("acct"):
        assert registry_module.scope_account() == "acct"
