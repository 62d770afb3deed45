"""LiteLLM's auth and management-object cache, partitioned by account.

`proxy_server.user_api_key_cache` (a `UserApiKeyCache`, in memory and, when configured, in
Redis) is shared by every account and keyed by object id only: `team_id:<id>`, user ids,
`org_id:<id>`, access groups, tags, ... `get_team_object()` and its siblings answer from it
before the database, so an account naming another account's team id got that team (its
models) back, and the same would happen through Redis across replicas.

The cache object keeps its identity (LiteLLM modules import it by name) and gets a subclass
swapped in whose key-taking methods put the caller's account in every key:
`alchemi:<account>:<key>`. Requests that resolved to no account get their own partition.
Hashed virtual keys (64 hex characters) stay as they are: a key hash is unique, belongs to one
account forever, and LiteLLM keeps them in a separate in-memory partition recognised by their
shape. Platform work (budget resets, expiry sweeps) uses plain keys; its deletes also remove
the key from every partition this process has seen, so an invalidation reaches every account's
copy (entries in Redis of accounts this process never served expire with their TTL).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from alchemi.runtime.registry import account_in_scope, runtime_account_id
from alchemi.seamlib import replace_once, swap_class

PREFIX = "alchemi:"
_seen_accounts: set[str] = set()


# The caller's partition: the account in scope, or the empty scope's own partition (NO_ACCOUNT) for
# requests that resolved to no account; None (plain keys) for platform work.
_account = runtime_account_id
_is_key_hash: Any = None


def _key_hash(key: str) -> bool:
    global _is_key_hash
    if _is_key_hash is None:  # imported on first use: this module loads before LiteLLM's proxy
        from litellm.proxy.common_utils.user_api_key_cache import is_user_key_cache_key

        _is_key_hash = is_user_key_cache_key
    return _is_key_hash(key)


def partition_key(key: Any, account_id: str | None = None) -> Any:
    """`key` as stored for `account_id` (default: the account in scope)."""
    account_id = account_id if account_id is not None else _account()
    if account_id is None or not isinstance(key, str) or _key_hash(key):
        return key
    prefix = f"{PREFIX}{account_id}:"
    if key.startswith(prefix):  # LiteLLM's methods may call each other: prefix once
        return key
    _seen_accounts.add(account_id)
    return prefix + key


def _keys(keys: Iterable[Any] | None) -> Any:
    return None if keys is None else [partition_key(k) for k in keys]


def _class(base: type) -> type:
    class PartitionedUserApiKeyCache(base):  # type: ignore[misc, valid-type]
        """user_api_key_cache with every key confined to the caller's account."""

        _alchemi_partitioned = True

        def get_cache(self, key, *args, **kwargs):
            return super().get_cache(partition_key(key), *args, **kwargs)

        async def async_get_cache(self, key, *args, **kwargs):
            return await super().async_get_cache(partition_key(key), *args, **kwargs)

        def set_cache(self, key, value, *args, **kwargs):
            return super().set_cache(partition_key(key), value, *args, **kwargs)

        async def async_set_cache(self, key, value, *args, **kwargs):
            return await super().async_set_cache(partition_key(key), value, *args, **kwargs)

        def increment_cache(self, key, value, *args, **kwargs):
            return super().increment_cache(partition_key(key), value, *args, **kwargs)

        async def async_increment_cache(self, key, value, *args, **kwargs):
            return await super().async_increment_cache(partition_key(key), value, *args, **kwargs)

        def batch_get_cache(self, keys, *args, **kwargs):
            return super().batch_get_cache(_keys(keys), *args, **kwargs)

        async def async_batch_get_cache(self, keys, *args, **kwargs):
            return await super().async_batch_get_cache(_keys(keys), *args, **kwargs)

        async def async_set_cache_pipeline(self, cache_list, *args, **kwargs):
            cache_list = [(partition_key(k), v) for k, v in cache_list]
            return await super().async_set_cache_pipeline(cache_list, *args, **kwargs)

        async def async_increment_cache_pipeline(self, increment_list, *args, **kwargs):
            increment_list = [{**item, "key": partition_key(item.get("key"))} for item in increment_list]
            return await super().async_increment_cache_pipeline(increment_list, *args, **kwargs)

        async def async_set_cache_sadd(self, key, value, *args, **kwargs):
            return await super().async_set_cache_sadd(partition_key(key), value, *args, **kwargs)

        async def async_get_ttl(self, key):
            return await super().async_get_ttl(partition_key(key))

        def delete_cache(self, key):
            for k in _everywhere(key):
                super().delete_cache(k)

        async def async_delete_cache(self, key):
            for k in _everywhere(key):
                await super().async_delete_cache(k)

    return PartitionedUserApiKeyCache


def _everywhere(key: Any) -> list[Any]:
    """The key in the caller's partition; for platform work, in every partition seen too."""
    if _account() is not None:
        return [partition_key(key)]
    return [key, *(partition_key(key, a) for a in sorted(_seen_accounts))]


def install() -> None:
    """Partition proxy_server.user_api_key_cache in place (idempotent)."""
    from litellm.proxy import proxy_server

    swap_class(proxy_server.user_api_key_cache, _class, prefix="Partitioned")


# ---- response cache ---------------------------------------------------------------------------
# An account's /cache/settings (and its stored cache settings, reloaded by the registry poll) build
# its own response cache: `litellm.cache` and the default TTLs are per-account attributes of the
# litellm module (alchemi/runtime/registries.py), and in an account's scope ProxyConfig._init_cache
# does only that. LiteLLM's method would also make a Redis response-cache backend the process's
# usage and coordination Redis (rate limits, spend counters, the auth cache of every account), i.e.
# send every account's counters and cached keys to a server one account chose. Which params an
# account last initialised is kept per account too (CacheSettingsManager keeps one for the process).
RESPONSE_CACHE_ATTRS = ("cache", "default_in_memory_ttl", "default_redis_ttl")
_original_get_cache_key: Any = None
_original_init_cache: Any = None
_original_params_equal: Any = None
_last_params: dict[str, dict] = {}


def get_cache_key(self: Any, *args: Any, **kwargs: Any) -> str:
    """Wraps Cache.get_cache_key: the key of a cached LLM response carries the caller's account,
    so the same request from two accounts never shares a cached answer (LiteLLM #29955 class)."""
    key = _original_get_cache_key(self, *args, **kwargs)
    account_id = _account()
    if account_id is None or not isinstance(key, str):
        return key
    prefix = f"{PREFIX}{account_id}:"
    return key if key.startswith(prefix) else prefix + key


def _init_cache(self: Any, cache_params: dict, enable_redis_auth_cache: bool = False) -> Any:
    """Wraps ProxyConfig._init_cache: in an account's scope, build its own response cache only."""
    account_id = account_in_scope()
    if account_id is None:
        return _original_init_cache(self, cache_params=cache_params, enable_redis_auth_cache=enable_redis_auth_cache)
    import litellm
    from litellm import Cache

    for name in ("default_in_memory_ttl", "default_redis_ttl"):
        if name in cache_params:
            setattr(litellm, name, cache_params[name])
    litellm.cache = Cache(**cache_params)
    _last_params[account_id] = dict(cache_params)
    return None


def _cache_params_equal(params1: Any, params2: Any) -> bool:
    """Wraps CacheSettingsManager._cache_params_equal: in an account's scope, compared with what
    that account last initialised, not with the process-wide last params."""
    account_id = account_in_scope()
    if account_id is None:
        return _original_params_equal(params1, params2)
    mine = _last_params.get(account_id)
    return mine is not None and _original_params_equal(mine, params2)


def forget_response_cache(account_id: str) -> None:
    _last_params.pop(account_id, None)


def install_response_cache() -> None:
    global _original_get_cache_key, _original_init_cache, _original_params_equal
    from litellm.caching.caching import Cache
    from litellm.proxy.management_endpoints.cache_settings_endpoints import CacheSettingsManager
    from litellm.proxy.proxy_server import ProxyConfig

    _original_get_cache_key = replace_once(Cache, "get_cache_key", get_cache_key)
    _original_init_cache = replace_once(ProxyConfig, "_init_cache", _init_cache)
    # a staticmethod called through the class: a plain function answers the same way
    _original_params_equal = replace_once(CacheSettingsManager, "_cache_params_equal", _cache_params_equal)
