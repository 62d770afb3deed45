"""Rate-limit, usage and spend counters partitioned by account.

Two process-wide LiteLLM caches hold counters, each a DualCache (memory, and Redis when the
operator configures it, shared by every replica):

- `proxy_logging_obj.internal_usage_cache`: the rate limiters' request, token and parallel-request
  counters and windows, session budgets and iterations, the dynamic limiter's pools. Their keys
  name the limited entity only (`{end_user:<id>}:requests`, `<end user>::<minute>::request_count`,
  `{session_budget:<id>}:spend`, `<model group>:<priority>`), and end-user ids, session ids and
  model names repeat across accounts, so one account's traffic consumed another's limit. Only
  request work touches these counters, so in an account's scope *every* key gets the account:
  `alchemi:<account>:<key>` (requests that resolved to no account get their own partition).
- `proxy_server.spend_counter_cache`: budget counters `spend:<entity>:<id>`. Keys, users, teams,
  orgs and team members have ids unique across accounts; end users, tags and model access groups
  are named by the caller and stored namespaced in the database (`<account>::<name>`). Budget
  resets run as platform work over those stored rows, so they write `spend:end_user:<account>::<name>`;
  in an account's scope the same counter is addressed by the plain name, so it is rewritten to
  the stored form there. Other spend keys are left as they are (platform work writes them too).

Both caches keep their identity (LiteLLM imports them by name) and reach their storage through
`in_memory_cache` and `redis_cache`, also directly (budget resets, auth). So the partition sits
at the storage: the memory cache's class is swapped for a subclass that rewrites every key, and
the Redis cache is seen through a view whose `check_and_fix_namespace` (which every RedisCache
operation, scripts included, runs on each key) rewrites it. The view shares the shared Redis
client's state; the client itself is untouched, as the spend-update buffer and the other users of
the same Redis need their keys as they are.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alchemi.runtime.registry import account_in_scope, runtime_account_id
from alchemi.seamlib import subclass_for, swap_class
from alchemi.tenancy.scoping import SEPARATOR

PREFIX = "alchemi:"
Rule = Callable[[Any], Any]

# spend counters of entities whose names repeat across accounts (stored namespaced)
NAMESPACED_SPEND = ("spend:end_user:", "spend:tag:", "spend:model_access_group:")


def usage_key(key: Any) -> Any:
    """A usage counter's key for the caller's partition (platform work: as it is)."""
    account_id = runtime_account_id()
    if account_id is None or not isinstance(key, str):
        return key
    prefix = f"{PREFIX}{account_id}:"
    return key if key.startswith(prefix) else prefix + key


def spend_key(key: Any) -> Any:
    """A spend counter's key: names that repeat across accounts in their stored, namespaced form."""
    account_id = account_in_scope()
    if account_id is None or not isinstance(key, str) or not key.startswith(NAMESPACED_SPEND):
        return key
    head = key.index(":", len("spend:")) + 1
    namespaced = f"{account_id}{SEPARATOR}"
    return key if key.startswith(namespaced, head) else key[:head] + namespaced + key[head:]


# ---- the memory tier ----------------------------------------------------------------------------
def _memory_class(base: type, rule: Rule) -> type:
    def keys(ks):
        return None if ks is None else [rule(k) for k in ks]

    class PartitionedInMemoryCache(base):  # type: ignore[misc, valid-type]
        def set_cache(self, key, value, **kwargs):
            return super().set_cache(rule(key), value, **kwargs)

        async def async_set_cache(self, key, value, **kwargs):
            return await super().async_set_cache(rule(key), value, **kwargs)

        def get_cache(self, key, **kwargs):
            return super().get_cache(rule(key), **kwargs)

        async def async_get_cache(self, key, **kwargs):
            return await super().async_get_cache(rule(key), **kwargs)

        def batch_get_cache(self, keys_, **kwargs):
            return super().batch_get_cache(keys(keys_), **kwargs)

        async def async_batch_get_cache(self, keys_, **kwargs):
            return await super().async_batch_get_cache(keys(keys_), **kwargs)

        def increment_cache(self, key, value, **kwargs):
            return super().increment_cache(rule(key), value, **kwargs)

        async def async_increment(self, key, value, **kwargs):
            return await super().async_increment(rule(key), value, **kwargs)

        async def async_increment_pipeline(self, increment_list, **kwargs):
            items = [{**item, "key": rule(item.get("key"))} for item in increment_list]
            return await super().async_increment_pipeline(items, **kwargs)

        async def async_set_cache_pipeline(self, cache_list, ttl=None, **kwargs):
            return await super().async_set_cache_pipeline([(rule(k), v) for k, v in cache_list], ttl, **kwargs)

        async def async_set_cache_sadd(self, key, value, ttl):
            return await super().async_set_cache_sadd(rule(key), value, ttl)

        async def batch_cache_write(self, key, value, **kwargs):
            return await super().batch_cache_write(rule(key), value, **kwargs)

        def delete_cache(self, key):
            return super().delete_cache(rule(key))

        async def async_get_ttl(self, key):
            return await super().async_get_ttl(rule(key))

    return PartitionedInMemoryCache


# ---- the Redis tier ------------------------------------------------------------------------------
def redis_view(redis: Any, rule: Rule) -> Any:
    """`redis` seen through `rule`: same class family, same state, every key rewritten."""
    if redis is None:
        return None
    own_rule = getattr(type(redis), "_alchemi_partition_rule", None)
    if own_rule is rule:
        return redis
    if own_rule is not None:  # a view under another rule: view the shared client instead
        redis = redis._alchemi_shared
    view = object.__new__(subclass_for(type(redis), _view_class, rule, prefix="Partitioned"))
    object.__setattr__(view, "__dict__", redis.__dict__)  # one client, one state
    redis.__dict__["_alchemi_shared"] = redis
    return view


def _view_class(base: type, rule: Rule) -> type:
    def check_and_fix_namespace(self, key):
        namespace = self.namespace
        if namespace and isinstance(key, str) and key.startswith(namespace + ":"):
            key = key[len(namespace) + 1:]
        return base.check_and_fix_namespace(self, rule(key))

    return type("view", (base,), {"check_and_fix_namespace": check_and_fix_namespace,
                                  "_alchemi_partition_rule": staticmethod(rule)})


# ---- a DualCache's two tiers ------------------------------------------------------------------------
def _dual_class(base: type, rule: Rule) -> type:
    def get_redis(self):
        return self.__dict__.get("_alchemi_redis")

    def set_redis(self, redis):
        self.__dict__["_alchemi_redis"] = redis_view(redis, rule)

    return type("dual", (base,), {"redis_cache": property(get_redis, set_redis)})


def partition_memory(memory: Any, rule: Rule) -> None:
    """Make an InMemoryCache store every key as `rule` says (idempotent)."""
    swap_class(memory, _memory_class, rule, prefix="Partitioned")


def partition(dual_cache: Any, rule: Rule) -> None:
    """Make both tiers of `dual_cache` store every key as `rule` says (idempotent)."""
    partition_memory(dual_cache.in_memory_cache, rule)
    redis = dual_cache.__dict__.pop("redis_cache", None)  # absent once swapped: it lives behind the property
    if swap_class(dual_cache, _dual_class, rule, prefix="Partitioned"):
        dual_cache.redis_cache = redis


def install() -> None:
    """Partition the rate-limit/usage counters and the spend counters (idempotent)."""
    from litellm.proxy import proxy_server

    partition(proxy_server.proxy_logging_obj.internal_usage_cache.dual_cache, usage_key)
    partition(proxy_server.spend_counter_cache, spend_key)
