"""LiteLLM's cache of LiteLLM_Config rows, one entry per account.

LiteLLM caches reads of LiteLLM_Config by `param_name` alone (`litellm.proxy.utils.
litellm_config_cache`, key `litellm_config:param:<name>`, 60 s), and every read of a config
section goes through it (`get_config` -> `_update_config_from_db`). The tenant guard stores
each account's row under its own name, but the cache would hand account A's `router_settings`
or `general_settings` to account B for up to a minute. The key function is replaced so each
account (and the platform) has its own entry; evicting after a write (`invalidate_config_param`)
uses the same key, so it evicts the writer's account's entry.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime.registry import pinned_runtime
from alchemi.seamlib import replace_once
from alchemi.tenancy.context import current_scope

_original: Any = None


def config_cache_key(param_name: str) -> str:
    key = _original(param_name)
    runtime = pinned_runtime()
    if runtime is not None:
        return f"{key}@{runtime.account_id}"
    scope = current_scope()
    if scope is None or scope.system:
        return key
    return f"{key}@{scope.account_id}"


def install() -> None:
    global _original
    from litellm.proxy import utils

    _original = replace_once(utils, "_config_cache_key", config_cache_key)
