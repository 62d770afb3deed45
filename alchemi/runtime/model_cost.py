"""The public model cost map without any account's deployments.

Every router registers each deployment's `model_info` into the process-wide `litellm.model_cost`
under the deployment's id (`litellm.register_model`), so cost lookups by deployment id work.
LiteLLM serves that whole map, unauthenticated, at `/public/litellm_model_cost_map`: every
account's model ids, names and model info. Registrations made for an account (in its scope, or
while its router is pinned) of keys the map did not have are recorded, and the public route
serves the map without them. Cost lookups are unchanged: deployment ids are row ids, unique
across accounts.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime.registry import account_in_scope
from alchemi.seamlib import replace_once

PUBLIC_PATH = "/public/litellm_model_cost_map"

_original_register: Any = None
_account_keys: set[str] = set()


def register_model(model_cost: Any, *args: Any, **kwargs: Any) -> Any:
    """Wraps litellm.register_model: remembers the keys an account's registration added."""
    import litellm

    new: list[str] = []
    if account_in_scope() is not None and isinstance(model_cost, dict):
        new = [k for k in model_cost if isinstance(k, str) and k not in litellm.model_cost]
    result = _original_register(model_cost, *args, **kwargs)
    _account_keys.update(new)
    return result


def public_cost_map() -> dict[str, Any]:
    import litellm

    return {k: v for k, v in litellm.model_cost.items() if k not in _account_keys}


async def get_litellm_model_cost_map() -> dict[str, Any]:
    """Public: the pricing and context windows of every supported model (no account's deployments)."""
    return public_cost_map()


def install(app: Any) -> None:
    """Wrap register_model and serve the public map through ours (idempotent)."""
    global _original_register
    import litellm

    from alchemi.runtime.routes import serve_first

    _original_register = replace_once(litellm, "register_model", register_model)
    serve_first(app, PUBLIC_PATH, get_litellm_model_cost_map)
