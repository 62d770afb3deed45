"""Dump the console's route table, as the server builds it, to JSON.

Run in a subprocess (`python -m tests.support.isolation_routes OUT.json`): it imports
`alchemi.asgi` (LiteLLM's app with the overlay installed), force-loads every lazy LiteLLM
feature the way the first matching request would (`_lazy_features._force_load`), and flattens
the nested routers with FastAPI's `iter_route_contexts`, reading each route's *effective* path
(with its router's prefix: a declared route's own `.path` lacks it, e.g. /model_hub for
/public/v1/model_hub). A subprocess,
because importing the proxy installs the tenant guard into prisma-client-py for the whole
process.

For each route: kind, path, methods, endpoint, and what a caller can pass: path, query and
body parameters with their JSON schema, plus, for handlers that read a raw `Request`, the
body keys their source reads (`data.get("team_id")`, `body["key"]` ...).
"""
from __future__ import annotations

import asyncio
import inspect
import json
import os
import re
import sys
import textwrap
from typing import Any

_BODY_KEY_RE = re.compile(
    r"""\b(?:data|body|request_data|request_body|json_body|payload|_data|req_body|kwargs|params)\s*"""
    r"""(?:\.get\(\s*|\[\s*)["']([A-Za-z_][A-Za-z0-9_]*)["']""")


def _schema(annotation: Any) -> dict:
    from pydantic import TypeAdapter

    try:
        return TypeAdapter(annotation).json_schema(mode="validation")
    except Exception as e:  # noqa: BLE001 - some LiteLLM annotations are not schema-able
        return {"x-unschemable": type(e).__name__, "x-annotation": repr(annotation)[:200]}


def _field(f: Any) -> dict:
    info = f.field_info
    return {"name": f.name, "alias": getattr(f, "alias", None) or f.name,
            "required": bool(f.required) if hasattr(f, "required") else info.is_required(),
            "schema": _schema(info.annotation)}


def _raw_body_keys(endpoint: Any) -> list[str]:
    try:
        source = textwrap.dedent(inspect.getsource(endpoint))
    except (OSError, TypeError):
        return []
    return sorted(set(_BODY_KEY_RE.findall(source)))


def describe(ctx: Any) -> dict:
    from fastapi.dependencies.utils import _get_flat_body_params, get_flat_params
    from fastapi.routing import APIRoute, APIWebSocketRoute
    from starlette.routing import Mount

    route = ctx.route
    out: dict[str, Any] = {"kind": type(route).__name__, "path": ctx.path or "",
                           "methods": sorted(ctx.methods or []), "name": ctx.name}
    endpoint = ctx.endpoint
    if endpoint is not None:
        out["endpoint"] = f"{getattr(endpoint, '__module__', '?')}:{getattr(endpoint, '__qualname__', '?')}"
    if isinstance(route, Mount):
        out["kind"] = "Mount"
        return out
    if isinstance(route, (APIRoute, APIWebSocketRoute)):
        dependant = ctx.dependant
        params = get_flat_params(dependant)
        out["path_params"] = [_field(f) for f in params if f in dependant.path_params or
                              getattr(f.field_info, "in_", None) and f.field_info.in_.value == "path"]
        out["query_params"] = [_field(f) for f in params if getattr(f.field_info, "in_", None) is not None
                               and f.field_info.in_.value == "query"]
        body = _get_flat_body_params(dependant)
        out["body_params"] = [_field(f) for f in body]
        out["body_embedded"] = len(body) > 1 or any(getattr(f.field_info, "embed", False) for f in body)
        out["include_in_schema"] = bool(getattr(ctx, "include_in_schema", True))
        out["reads_raw_request"] = bool(dependant.request_param_name) and not body
        out["raw_body_keys"] = _raw_body_keys(endpoint) if out["reads_raw_request"] else []
        dependencies = []
        stack = list(dependant.dependencies)
        while stack:
            d = stack.pop()
            if d.call is not None:
                dependencies.append(f"{getattr(d.call, '__module__', '?')}:{getattr(d.call, '__qualname__', '?')}")
            stack.extend(d.dependencies)
        out["dependencies"] = sorted(set(dependencies))
    return out


async def _load_lazy_features(app: Any) -> list[str]:
    from litellm.proxy._lazy_features import LAZY_FEATURES, _force_load

    for feature in LAZY_FEATURES:
        await _force_load(app, feature)
    return sorted(f.name for f in LAZY_FEATURES)


def dump() -> dict:
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    from fastapi.routing import iter_route_contexts

    from alchemi.asgi import app

    from litellm.proxy._lazy_features import LAZY_FEATURES, loaded_lazy_modules

    features = asyncio.run(_load_lazy_features(app))
    return {"lazy_features": features, "lazy_modules": sorted(f.module_path for f in LAZY_FEATURES),
            "lazy_loaded": sorted(loaded_lazy_modules(app)),
            "routes": [describe(c) for c in iter_route_contexts(app.routes)]}


def _version() -> str:
    from importlib.metadata import version

    return version("litellm")


def main() -> None:
    result = dump()
    result["litellm"] = _version()
    with open(sys.argv[1], "w") as fh:
        json.dump(result, fh, indent=1, default=str)


if __name__ == "__main__":
    main()
