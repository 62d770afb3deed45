"""An account's stored general_settings never flip the process-wide switches (store_model_in_db, the auth
cache size); its own general_settings layer keeps what it stored."""
from __future__ import annotations

import asyncio

from alchemi.runtime import platform_switches
from alchemi.tenancy.context import system_context, tenant_context


def test_an_accounts_settings_leave_the_platform_switches_alone():
    from litellm.proxy import proxy_server

    platform_switches.install()
    config = proxy_server.ProxyConfig()
    before = proxy_server.store_model_in_db, proxy_server.user_api_key_cache.in_memory_cache.max_size_in_memory
    stored = {"store_model_in_db": not before[0], "user_api_key_cache_max_size": before[1] + 7}
    try:
        with tenant_context("acct-a"):
            asyncio.run(config._update_general_settings(dict(stored)))
            assert proxy_server.general_settings.get("store_model_in_db") == stored["store_model_in_db"]
        assert (proxy_server.store_model_in_db,
                proxy_server.user_api_key_cache.in_memory_cache.max_size_in_memory) == before
        with system_context("platform settings"):  # the platform's own settings still apply
            asyncio.run(config._update_general_settings({"store_model_in_db": not before[0]}))
        assert proxy_server.store_model_in_db is (not before[0])
    finally:
        proxy_server.store_model_in_db = before[0]
        proxy_server.general_settings.pop("store_model_in_db", None)
        proxy_server.user_api_key_cache.in_memory_cache.max_size_in_memory = before[1]
