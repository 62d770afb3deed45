"""Pass-through endpoints per account.

An account's pass-through endpoints are stored in its own settings and registered by LiteLLM
(`initialize_pass_through_endpoints`, run by the per-account registry loads) in two places: the
module dict `_registered_pass_through_routes` (path, target, headers, auth: what the route handler
reads at request time) and a route on the one shared app for the path. The dict is made per
account (`account_local.localize_module_dict`): an account's reload no longer drops the others'
entries, and a request is served from its own account's entry only (another account's path
answers "not found"). The app route itself is shared (a path registered by one account exists
as a route for all, and serves none but its owners); `/routes` leaves out the paths that only
other accounts registered.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime.account_local import AccountDict, localize_module_dict
from alchemi.runtime.registry import account_in_scope

MODULE = "litellm.proxy.pass_through_endpoints.pass_through_endpoints"
REGISTRY = "_registered_pass_through_routes"

_registry: AccountDict | None = None
_original_get_routes: Any = None


def foreign_paths() -> set[str]:
    """Pass-through paths registered by other accounts (or the platform) and not by the caller's."""
    if _registry is None:
        return set()
    mine = {v.get("path") for v in _registry.of(account_in_scope()).values()}
    theirs = {v.get("path") for a in [None, *_registry.accounts()] for v in _registry.of(a).values()}
    return {p for p in theirs - mine if p}


async def get_routes() -> dict:
    """GET /routes: LiteLLM's answer without other accounts' pass-through paths."""
    answer = await _original_get_routes()
    hidden = foreign_paths()
    if hidden:
        answer = {**answer, "routes": [r for r in answer.get("routes", []) if r.get("path") not in hidden]}
    return answer


def install(app: Any) -> None:
    """Per-account pass-through registry and the filtered /routes (idempotent)."""
    global _registry, _original_get_routes
    import importlib

    from fastapi import Depends
    from litellm.proxy import proxy_server
    from litellm.proxy.auth.user_api_key_auth import user_api_key_auth

    from alchemi.runtime.routes import serve_first

    _registry = localize_module_dict(importlib.import_module(MODULE), REGISTRY)
    _original_get_routes = proxy_server.get_routes
    serve_first(app, "/routes", get_routes, dependencies=[Depends(user_api_key_auth)])
