"""The app's route table as requests see it: every route with its full path.

FastAPI 0.136+ keeps included routers as nested entries in `app.routes`;
`fastapi.routing.iter_route_contexts` flattens them. A context's `path` is the full path
(router prefixes included) while its `route` is the route as declared (no prefix), so
matching uses the context's path and the declared route answers questions such as its body.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, compile_path
from starlette.types import Scope


@functools.lru_cache(maxsize=4096)
def _regex(path: str) -> re.Pattern:
    return compile_path(path)[0]


def iter_routes(app: Any) -> Iterator[tuple[str, frozenset[str] | None, BaseRoute]]:
    """(full path, methods or None for non-HTTP routes and mounts, declared route)."""
    for ctx in iter_route_contexts(app.routes):
        methods = getattr(ctx, "methods", None)
        yield ctx.path, frozenset(methods) if methods else None, ctx.route


def match(app: Any, scope: Scope) -> BaseRoute | None:
    """The declared route a request with this scope would reach (full path and method)."""
    path, method = scope.get("path", ""), scope.get("method")
    for full_path, methods, route in iter_routes(app):
        if methods is not None and method not in methods:
            continue
        if full_path and _regex(full_path).match(path):
            return route
    return None
