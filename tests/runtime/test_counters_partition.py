"""alchemi/runtime/counters.py: the two counter caches' storage, partitioned by account, in memory and
in a real Redis (skipped where none runs)."""
from __future__ import annotations

import asyncio
import socket
import uuid

import pytest
from litellm.caching.dual_cache import DualCache

from alchemi.runtime import counters
from alchemi.tenancy.context import system_context, tenant_context


def test_usage_keys_carry_the_account_in_its_scope_only():
    with tenant_context("acct-a"):
        assert counters.usage_key("{end_user:alice}:requests") == "alchemi:acct-a:{end_user:alice}:requests"
        assert counters.usage_key(counters.usage_key("k")) == "alchemi:acct-a:k"  # once
    with system_context("test"):
        assert counters.usage_key("{end_user:alice}:requests") == "{end_user:alice}:requests"


def test_spend_keys_of_names_that_repeat_across_accounts_take_their_stored_form():
    with tenant_context("acct-a"):
        assert counters.spend_key("spend:end_user:alice") == "spend:end_user:acct-a::alice"
        assert counters.spend_key("spend:tag:prod") == "spend:tag:acct-a::prod"
        assert counters.spend_key("spend:model_access_group:g1") == "spend:model_access_group:acct-a::g1"
        assert counters.spend_key("spend:end_user:acct-a::alice") == "spend:end_user:acct-a::alice"
        assert counters.spend_key("spend:team:t-1") == "spend:team:t-1"  # ids unique across accounts
    with system_context("budget reset"):  # works on stored rows: already namespaced
        assert counters.spend_key("spend:end_user:acct-a::alice") == "spend:end_user:acct-a::alice"


def test_a_partitioned_memory_tier_keeps_each_accounts_counters():
    cache = DualCache()
    counters.partition(cache, counters.usage_key)
    counters.partition(cache, counters.usage_key)  # idempotent
    with tenant_context("acct-a"):
        cache.increment_cache("{end_user:alice}:requests", 1)
        cache.increment_cache("{end_user:alice}:requests", 1)
        assert cache.get_cache("{end_user:alice}:requests") == 2
        assert cache.in_memory_cache.get_cache("{end_user:alice}:requests") == 2  # also read directly
    with tenant_context("acct-b"):
        assert cache.get_cache("{end_user:alice}:requests") is None
        asyncio.run(cache.async_increment_cache("{end_user:alice}:requests", 5))
        assert asyncio.run(cache.async_batch_get_cache(["{end_user:alice}:requests"])) == [5]
    assert set(cache.in_memory_cache.cache_dict) == {
        "alchemi:acct-a:{end_user:alice}:requests", "alchemi:acct-b:{end_user:alice}:requests"}


def test_a_budget_reset_as_platform_work_reaches_the_accounts_counter():
    cache = DualCache()
    counters.partition(cache, counters.spend_key)
    with tenant_context("acct-a"):
        cache.set_cache("spend:end_user:bob", 9.0)
    with tenant_context("acct-b"):
        cache.set_cache("spend:end_user:bob", 3.0)
    with system_context("budget reset"):
        cache.in_memory_cache.set_cache("spend:end_user:acct-a::bob", 0.0)
    with tenant_context("acct-a"):
        assert cache.get_cache("spend:end_user:bob") == 0.0
    with tenant_context("acct-b"):
        assert cache.get_cache("spend:end_user:bob") == 3.0


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not _redis_up(), reason="no Redis on 127.0.0.1:6379")
def test_the_redis_tier_is_partitioned_through_a_view_and_the_shared_client_is_not():
    from litellm.caching.redis_cache import RedisCache

    shared = RedisCache(host="127.0.0.1", port=6379)
    cache = DualCache(redis_cache=shared)
    counters.partition(cache, counters.usage_key)
    assert cache.redis_cache is not shared and isinstance(cache.redis_cache, RedisCache)
    assert counters.redis_view(cache.redis_cache, counters.usage_key) is cache.redis_cache
    name = f"probe-{uuid.uuid4().hex[:8]}"
    script = cache.redis_cache.async_register_script(
        "redis.call('INCRBY', KEYS[1], ARGV[1]); return redis.call('GET', KEYS[1])")

    async def run():
        with tenant_context("acct-a"):
            await cache.redis_cache.async_increment(name, 2)
            assert int(await script(keys=[name], args=[3])) == 5  # scripts' keys too
        with tenant_context("acct-b"):
            assert await cache.redis_cache.async_get_cache(name) is None
        with system_context("test"):
            assert await shared.async_get_cache(name) is None  # the shared client: plain keys
            stored = await shared.async_get_cache(f"alchemi:acct-a:{name}")
            await shared.async_delete_cache(f"alchemi:acct-a:{name}")
        return stored

    assert int(asyncio.run(run())) == 5
    cache.redis_cache = shared  # LiteLLM re-assigns the Redis tier at start-up: still a view
    assert cache.redis_cache is not shared
