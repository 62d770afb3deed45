"""alchemi/runtime/read_through.py: a read-through's negative cache and resync budget are the account's own."""
from __future__ import annotations

import asyncio

from litellm.proxy.common_utils.registry_read_through import RegistryReadThrough

from alchemi.runtime import read_through
from alchemi.tenancy.context import tenant_context


def _read_through(found: dict[str, bool], calls: list[str]) -> RegistryReadThrough:
    async def resync(key: str) -> bool:
        from alchemi.runtime.registry import runtime_account_id

        calls.append(f"{runtime_account_id()}:{key}")
        return found.get(f"{runtime_account_id()}:{key}", False)

    return RegistryReadThrough(resync=resync, max_resyncs_per_window=2)


def _install(obj, monkeypatch) -> None:
    from litellm.proxy.common_utils import registry_read_through as module

    monkeypatch.setattr(module, "model_registry_read_through", obj)
    read_through.install()


def test_one_accounts_miss_does_not_hide_the_same_name_from_another(monkeypatch):
    calls: list[str] = []
    found = {"acct-b:gpt-4o": True}
    rt = _read_through(found, calls)
    _install(rt, monkeypatch)
    assert type(rt).__name__ == "AccountRegistryReadThrough" and isinstance(rt, RegistryReadThrough)
    with tenant_context("acct-a"):
        assert asyncio.run(rt.attempt("gpt-4o")) is False  # A has none: remembered as a miss, for A
        assert asyncio.run(rt.attempt("gpt-4o")) is False
    with tenant_context("acct-b"):
        assert asyncio.run(rt.attempt("gpt-4o")) is True  # B's own model is found at once
    assert calls == ["acct-a:gpt-4o", "acct-b:gpt-4o"]


def test_one_accounts_misses_do_not_spend_another_accounts_resync_budget(monkeypatch):
    calls: list[str] = []
    rt = _read_through({}, calls)
    _install(rt, monkeypatch)
    with tenant_context("acct-a"):
        for i in range(4):
            asyncio.run(rt.attempt(f"missing-{i}"))
    assert len(calls) == 2  # A's budget: 2 per window
    with tenant_context("acct-b"):
        asyncio.run(rt.attempt("other"))
    assert calls[-1] == "acct-b:other"
    read_through.forget("acct-a"), read_through.forget("acct-b")
