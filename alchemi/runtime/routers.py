"""Building an account's `litellm.Router` the way LiteLLM's proxy builds its one router."""
from __future__ import annotations

from typing import Any

import litellm
from litellm.types.router import RouterGeneralSettings

from alchemi.runtime import callbacks


def proxy_router_options() -> dict[str, Any]:
    """The options LiteLLM's proxy passes when it builds its router from database models
    (ProxyConfig._update_llm_router), minus search tools (a registry, not yet per account)."""
    from litellm.proxy import proxy_server

    return {"fallback_access_check": proxy_server.router_fallback_access_check,
            "auto_router_capability_limit": proxy_server._license_check.auto_router_capability_limit}


def new_router(model_list: list[dict], **options: Any) -> litellm.Router:
    """A router for one account, its per-router global callbacks already taken off litellm's
    lists (the shared callbacks forward to it instead)."""
    router = litellm.Router(
        model_list=model_list,
        router_general_settings=RouterGeneralSettings(async_only_mode=True),  # as the proxy: async clients only
        ignore_invalid_deployments=True,
        **options,
    )
    callbacks.detach(router)
    return router


def discard(router: litellm.Router) -> None:
    """Release what the router registered process-wide (callbacks it still holds, the live-router
    set used by cost-map reloads) so nothing keeps it alive."""
    router.discard()
    callbacks.detach(router)
