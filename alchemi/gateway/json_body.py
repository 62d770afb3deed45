"""Reject request bodies a route cannot take with a clear 4xx, before LiteLLM sees them.

Several LiteLLM management routes read the JSON body themselves (in auth and in handlers)
and answer 500 when it is valid JSON of the wrong shape (e.g. `[1, 2]` to /team/new). For
each route whose declared body is an object (a pydantic model or a dict), this pure ASGI
middleware parses the body once: malformed JSON gets 400, a non-object gets 422, and a good
body is replayed to the app unchanged. Routes without such a body (the LLM routes read the
raw request) pass straight through, so the request hot path pays one dict lookup.
"""
from __future__ import annotations

import json
from typing import Any

from alchemi.gateway.asgi_body import read_body, replaying
from alchemi.gateway.routes import match

from pydantic import BaseModel
from starlette.types import ASGIApp, Receive, Scope, Send

_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_MAX_CACHE = 4096


def _declares_object_body(route: Any) -> bool:
    field = getattr(route, "body_field", None)
    if field is None:
        return False
    annotation = getattr(getattr(field, "field_info", None), "annotation", None)
    if annotation is None:
        return False
    if isinstance(annotation, type):
        return issubclass(annotation, (BaseModel, dict))
    return getattr(annotation, "__origin__", None) is dict


async def _error(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": {"message": message, "type": "invalid_request_error",
                                 "param": "request_body", "code": str(status)}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class JsonBodyGuard:
    """Pure ASGI middleware (so context variables set around it still propagate)."""

    def __init__(self, app: ASGIApp, *, routes_app: Any = None) -> None:
        self.app = app
        self._routes_app = routes_app  # the FastAPI app whose route table we read
        self._cache: dict[tuple[str, str], bool] = {}

    def _guarded(self, scope: Scope) -> bool:
        key = (scope["method"], scope["path"])
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        route = match(self._routes_app, scope)
        if route is None:
            # No route yet: LiteLLM loads some routers lazily on first use. Don't remember.
            return False
        result = _declares_object_body(route)
        if len(self._cache) < _MAX_CACHE:
            self._cache[key] = result
        return result

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WRITE_METHODS or not self._guarded(scope):
            await self.app(scope, receive, send)
            return
        content_type = dict(scope.get("headers") or ()).get(b"content-type", b"")
        if b"json" not in content_type:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if body is None:  # the client went away
            return
        if body.strip():
            try:
                parsed = json.loads(body)
            except (ValueError, UnicodeDecodeError) as e:
                await _error(send, 400, f"Request body is not valid JSON: {e}")
                return
            if not isinstance(parsed, dict):
                await _error(send, 422, f"Request body must be a JSON object, got {type(parsed).__name__}")
                return
        await self.app(scope, replaying(body, receive), send)
