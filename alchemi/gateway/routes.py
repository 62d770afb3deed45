"""The app's route table as a flat list of routes with their full paths.

FastAPI 0.136+ keeps included routers as nested `_IncludedRouter` entries in `app.routes`;
`fastapi.routing.iter_route_contexts` flattens them into the routes requests are matched on.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.routing import iter_route_contexts
from starlette.routing import BaseRoute, Match
from starlette.types import Scope


def iter_routes(app: Any) -> Iterator[BaseRoute]:
    for ctx in iter_route_contexts(app.routes):
        yield ctx.route


def match(app: Any, scope: Scope) -> BaseRoute | None:
    """The route a request with this scope would reach (full match on path and method)."""
    for route in iter_routes(app):
        kind, _ = route.matches(scope)
        if kind == Match.FULL:
            return route
    return None
