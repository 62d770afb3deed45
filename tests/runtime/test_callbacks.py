"""Router callbacks: N account routers do not grow litellm's global callback lists (capped at
MAX_CALLBACKS), and the one shared callback reaches the router that served the call."""
from __future__ import annotations

import asyncio
import gc
import threading
import weakref

import litellm
import pytest
from litellm.constants import MAX_CALLBACKS
from litellm.router import _live_routers

from alchemi.runtime import callbacks
from alchemi.runtime.registry import AccountRuntime, RuntimeRegistry
from alchemi.runtime.routers import new_router
from alchemi.tenancy.context import tenant_context
from tests.runtime.fakes import RecordingRouter, call_kwargs


def _model_list(i: int) -> list[dict]:
    return [{"model_name": "gpt-4o", "litellm_params": {"model": "openai/gpt-4o", "api_base": f"http://127.0.0.1:9/{i}",
                                                        "api_key": "k"}, "model_info": {"id": f"deployment-{i}"}}]


@pytest.fixture
def shared():
    shared = callbacks.SharedRouterCallbacks(lambda _id: None)
    callbacks.attach(shared)
    yield shared
    for list_name, _, _ in callbacks.ROUTER_CALLBACKS:
        litellm.logging_callback_manager.remove_callback_from_list_by_object(getattr(litellm, list_name), shared)


def test_unmanaged_routers_hit_the_cap():
    """The trap: each plain Router adds four bound methods; past MAX_CALLBACKS the add is refused."""
    before = len(litellm._async_success_callback)
    routers = [litellm.Router(model_list=_model_list(i)) for i in range(MAX_CALLBACKS + 5)]
    try:
        assert len(litellm._async_success_callback) == MAX_CALLBACKS
        registered = {cb.__self__ for cb in litellm._async_success_callback if hasattr(cb, "__self__")}
        assert routers[-1] not in registered  # the last accounts silently lose usage tracking
    finally:
        for r in routers:
            r.discard()
    assert len(litellm._async_success_callback) == before


def test_a_thousand_account_routers_stay_under_the_cap(shared):
    before = callbacks.callback_list_sizes()
    routers = [new_router(_model_list(i)) for i in range(1000)]
    try:
        assert callbacks.callback_list_sizes() == before
        assert max(before.values()) < MAX_CALLBACKS
        for list_name, method, _ in callbacks.ROUTER_CALLBACKS:
            assert getattr(shared, method) in getattr(litellm, list_name)
    finally:
        for r in routers:
            r.discard()


def test_account_routers_built_in_their_accounts_scope_stay_under_the_cap(shared):
    """As the runtime builds them: in the account's scope, where loggers.py confines what is added.
    The routers' own callbacks must still leave the lists (they are served per account by the
    shared callbacks), not stay behind as one confined wrapper per account."""
    from alchemi.runtime import loggers

    loggers.install()
    before = callbacks.callback_list_sizes()
    routers = []
    for i in range(MAX_CALLBACKS + 5):
        with tenant_context(f"acct-{i}"):
            routers.append(new_router(_model_list(i)))
    try:
        assert callbacks.callback_list_sizes() == before
    finally:
        for r in routers:
            r.discard()


def test_attach_is_idempotent(shared):
    sizes = callbacks.callback_list_sizes()
    callbacks.attach(shared)
    assert callbacks.callback_list_sizes() == sizes


def _registry(**routers: RecordingRouter) -> RuntimeRegistry:
    async def build(account_id):
        raise AssertionError("not built in this test")

    registry = RuntimeRegistry(build=build, refresh=build, platform_router=RecordingRouter())
    for account_id, router in routers.items():
        registry.publish(AccountRuntime(account_id, router=router))
    return registry


def test_shared_callbacks_reach_the_in_scope_accounts_router():
    a, b = RecordingRouter("dep-a"), RecordingRouter("dep-b")
    registry = _registry(acct_a=a, acct_b=b)
    shared = callbacks.SharedRouterCallbacks(registry.router_with_deployment)
    with tenant_context("acct_a"):
        asyncio.run(shared.deployment_callback_on_success(call_kwargs("dep-a"), None, 0, 0))
        asyncio.run(shared.async_deployment_callback_on_failure(call_kwargs("dep-a"), None, 0, 0))
    assert a.events == [("async_success", "dep-a"), ("async_failure", "dep-a")]
    assert b.events == []


def test_shared_callbacks_in_a_logging_thread_find_the_router_by_deployment():
    """Sync callbacks run in LiteLLM's thread pool, without the request's scope."""
    a, b = RecordingRouter("dep-a"), RecordingRouter("dep-b")
    registry = _registry(acct_a=a, acct_b=b)
    shared = callbacks.SharedRouterCallbacks(registry.router_with_deployment)
    results = []
    thread = threading.Thread(target=lambda: results.extend([
        shared.sync_deployment_callback_on_success(call_kwargs("dep-b"), None, 0, 0),
        shared.deployment_callback_on_failure(call_kwargs("dep-b"), None, 0, 0),
        shared.deployment_callback_on_failure(call_kwargs("dep-unknown"), None, 0, 0)]))
    thread.start()
    thread.join()
    assert b.events == [("sync_success", "dep-b"), ("sync_failure", "dep-b")]
    assert a.events == []
    assert results == [None, True, False]


def test_usage_is_counted_in_the_serving_accounts_router_only():
    """Two accounts with identical deployments: a success in A moves A's counters only."""
    params = {"model": "openai/gpt-4o", "api_base": "http://127.0.0.1:9/v1", "api_key": "k"}
    router_a = new_router([{"model_name": "gpt-4o", "litellm_params": params, "model_info": {"id": "row-a"}}])
    router_b = new_router([{"model_name": "gpt-4o", "litellm_params": params, "model_info": {"id": "row-b"}}])
    registry = _registry()
    registry.publish(AccountRuntime("acct_a", router=router_a))
    registry.publish(AccountRuntime("acct_b", router=router_b))
    shared = callbacks.SharedRouterCallbacks(registry.router_with_deployment)
    try:
        shared.sync_deployment_callback_on_success(call_kwargs("row-a"), None, 0, 0)
        a_keys = {k for k in router_a.cache.in_memory_cache.cache_dict if "row-a" in k}
        b_keys = {k for k in router_b.cache.in_memory_cache.cache_dict if "row" in k}
        assert a_keys and not b_keys
    finally:
        registry.clear()


def test_an_evicted_router_is_released():
    registry = _registry()
    runtime = AccountRuntime("acct_a", router=new_router(_model_list(1)))
    registry.publish(runtime)
    ref = weakref.ref(runtime.router)
    forgotten = []
    registry.on_evict(forgotten.append)
    assert registry.evict(runtime)
    runtime.router = None
    del runtime
    gc.collect()
    assert forgotten == ["acct_a"]
    assert ref() is None, gc.get_referrers(ref())
    assert all(getattr(r, "model_list", None) != _model_list(1) for r in _live_routers)
