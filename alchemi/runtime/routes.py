"""GET /alchemi/runtime (platform super admin): this worker's live account runtimes."""
from __future__ import annotations

import hashlib
import json
import os
import time
from typing import Any

from fastapi import APIRouter

from alchemi.identity.deps import SuperAdminDep

router = APIRouter(prefix="/alchemi", tags=["alchemi"])


def serve_first(app: Any, path: str, endpoint: Any, **route: Any) -> None:
    """Serve GET `path` with `endpoint` ahead of LiteLLM's route for it (which lives in an included
    router) by putting ours first in the app's route list (idempotent). Ours stays out of the
    OpenAPI schema: LiteLLM's route documents the path."""
    if any(getattr(r, "endpoint", None) is endpoint for r in app.router.routes):
        return
    own = APIRouter()
    own.add_api_route(path, endpoint, methods=["GET"], include_in_schema=False, **route)
    app.router.routes.insert(0, own.routes[0])


def _digest(llm_router: Any) -> str:
    """A short digest of the deployments (tells workers apart without showing what they serve)."""
    params = [(d.get("model_name"), d.get("litellm_params")) for d in llm_router.model_list]
    return hashlib.sha256(json.dumps(params, sort_keys=True, default=str).encode()).hexdigest()[:12]


@router.get("/runtime")
async def get_runtime(actor: SuperAdminDep) -> dict:
    """Per worker: live account routers, their size and idleness, and the callback lists."""
    from alchemi.runtime import install
    from alchemi.runtime.callbacks import callback_list_sizes

    state = install.state()
    now = time.monotonic()
    return {
        "worker_pid": os.getpid(),
        "settings": state.settings.__dict__,
        "accounts": [{"account_id": r.account_id, "deployments": len(r.router.model_list),
                      "deployments_digest": _digest(r.router),
                      "idle_seconds": round(now - r.last_used, 1), "inflight": r.inflight,
                      "build_ms": round(r.build_seconds * 1000, 1), "stale": r.stale}
                     for r in sorted(state.registry.live(), key=lambda r: r.account_id)],
        "callback_lists": callback_list_sizes(),
    }
