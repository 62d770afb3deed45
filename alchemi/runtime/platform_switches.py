"""Process-wide switches that an account's stored general_settings must not flip.

`ProxyConfig._update_general_settings` copies an account's general_settings (run in its scope
by every reconcile) into the account's general_settings layer, and also into two process-wide
switches: the `store_model_in_db` module global (whether get_config overlays the database at
all: one account saving `false` turned it off for every account until another account's
reconcile turned it back on) and the auth cache's in-memory size
(`user_api_key_cache_max_size`, one cache for every account). Those two stay the platform's: in
an account's scope the wrapper puts them back after LiteLLM's method ran. The account's own
general_settings layer keeps what it stored.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime.registry import account_in_scope
from alchemi.seamlib import replace_once

_original: Any = None


def _switches() -> tuple[Any, Any]:
    from litellm.proxy import proxy_server

    return proxy_server.store_model_in_db, proxy_server.user_api_key_cache.in_memory_cache.max_size_in_memory


async def _update_general_settings(self: Any, db_general_settings: Any) -> Any:
    """Wraps ProxyConfig._update_general_settings: in an account's scope, the process-wide switches
    it sets are restored to the platform's values."""
    if account_in_scope() is None:
        return await _original(self, db_general_settings)
    store_model_in_db, cache_size = _switches()
    try:
        return await _original(self, db_general_settings)
    finally:
        from litellm.proxy import proxy_server

        proxy_server.store_model_in_db = store_model_in_db
        proxy_server.user_api_key_cache.in_memory_cache.max_size_in_memory = cache_size


def install() -> None:
    global _original
    from litellm.proxy.proxy_server import ProxyConfig

    _original = replace_once(ProxyConfig, "_update_general_settings", _update_general_settings)
