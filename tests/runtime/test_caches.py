"""The auth cache is partitioned by account: no cross-account hit, platform deletes reach all."""
from __future__ import annotations

import asyncio

import pytest

from alchemi.runtime import caches
from alchemi.tenancy.context import system_context, tenant_context

HASH = "a" * 64  # a hashed virtual key


@pytest.fixture
def cache():
    from litellm.proxy.common_utils.user_api_key_cache import UserApiKeyCache

    c = UserApiKeyCache(default_in_memory_ttl=60)
    c.__class__ = caches._class(UserApiKeyCache)
    return c


def test_an_account_never_reads_another_accounts_entry(cache):
    with tenant_context("acct-a"):
        cache.set_cache("team_id:t1", {"team_id": "t1", "models": ["a-model"]})
        assert cache.get_cache("team_id:t1") == {"team_id": "t1", "models": ["a-model"]}
    with tenant_context("acct-b"):
        assert cache.get_cache("team_id:t1") is None
    with system_context("test"):
        assert cache.get_cache("team_id:t1") is None


def test_async_paths_and_batches(cache):
    async def run():
        with tenant_context("acct-a"):
            await cache.async_set_cache("user-1", {"user_id": "user-1"})
            await cache.async_set_cache_pipeline([("org_id:o1", {"o": 1})])
            assert await cache.async_get_cache("user-1") == {"user_id": "user-1"}
            assert await cache.async_batch_get_cache(["user-1", "org_id:o1"]) == [{"user_id": "user-1"}, {"o": 1}]
        with tenant_context("acct-b"):
            assert await cache.async_get_cache("user-1") is None
            assert await cache.async_batch_get_cache(["user-1", "org_id:o1"]) in (None, [None, None])
    asyncio.run(run())


def test_key_hashes_are_not_prefixed(cache):
    assert caches.partition_key(HASH, "acct-a") == HASH
    assert caches.partition_key("team_id:t", "acct-a") == "alchemi:acct-a:team_id:t"
    assert caches.partition_key("alchemi:acct-a:team_id:t", "acct-a") == "alchemi:acct-a:team_id:t"


def test_platform_deletes_reach_every_partition(cache):
    with tenant_context("acct-a"):
        cache.set_cache("team_id:t2", {"x": 1})
    with tenant_context("acct-b"):
        cache.set_cache("team_id:t2", {"x": 2})

    async def delete():
        with system_context("budget reset"):
            await cache.async_delete_cache("team_id:t2")
    asyncio.run(delete())
    for account in ("acct-a", "acct-b"):
        with tenant_context(account):
            assert cache.get_cache("team_id:t2") is None


def test_installed_on_the_proxy_cache():
    from litellm.proxy import proxy_server

    caches.install()
    caches.install()
    assert getattr(type(proxy_server.user_api_key_cache), "_alchemi_partitioned", False)
