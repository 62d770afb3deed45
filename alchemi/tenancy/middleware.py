"""Pure ASGI middleware: resolve the caller's account once, at the outermost layer, and run
the whole request (handlers, background work it spawns, streamed responses) in its scope.

- a key or session of an active account  -> that account's scope
- a key or session of a suspended account -> 403, nothing else runs
- the master key (platform super admin)   -> platform routes only; 403 on tenant routes
- no or unknown credential                -> the empty scope (NO_ACCOUNT): LiteLLM's auth
  answers 401, public routes work, and no account's data is visible
"""
from __future__ import annotations

import json
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from alchemi.tenancy.context import Scope as TenantScope
from alchemi.tenancy.context import reset_scope, set_scope
from alchemi.tenancy.resolver import NO_ACCOUNT, resolve

# Routes the super admin may use: account administration and the platform itself.
PLATFORM_PREFIXES = ("/account/", "/alchemi/", "/health/liveliness", "/health/liveness", "/health/readiness",
                     "/ui", "/_next/", "/litellm-asset-prefix/", "/get_image", "/get_favicon", "/get_logo_url",
                     "/login", "/v2/login", "/v3/login", "/logout", "/sso/",
                     "/v2/sso/", "/v2/invitation/", "/openapi.json", "/docs", "/redoc",
                     "/.well-known/")
PLATFORM_EXACT = frozenset({"/", "/account", "/favicon.ico"})

_KEY_HEADERS = (b"x-litellm-api-key", b"authorization", b"api-key", b"x-api-key", b"x-goog-api-key",
                b"ocp-apim-subscription-key")


def is_platform_route(path: str) -> bool:
    return path in PLATFORM_EXACT or path.startswith(PLATFORM_PREFIXES)


def credential(scope: Scope) -> str | None:
    """The key a client presented, from the headers LiteLLM accepts (first found wins)."""
    headers = dict(scope.get("headers") or ())
    for name in _KEY_HEADERS:
        raw = headers.get(name)
        if not raw:
            continue
        value = raw.decode("latin-1").strip()
        for prefix in ("Bearer ", "bearer ", "Basic "):
            if value.startswith(prefix):
                value = value[len(prefix):].strip()
        if value:
            return value
    query = scope.get("query_string") or b""
    if b"key=" in query:  # Google AI Studio clients put the key in the query string
        keys = parse_qs(query.decode("latin-1")).get("key")
        if keys:
            return keys[0]
    cookie = headers.get(b"cookie")
    if cookie:
        for part in cookie.decode("latin-1").split(";"):
            name, _, value = part.strip().partition("=")
            if name == "token" and value:
                return value
    return None


def _present_key(scope: Scope, key: str) -> None:
    """Replace the caller's credential headers with `key` (what LiteLLM then authenticates)."""
    headers = [(n, v) for n, v in scope.get("headers") or () if n not in _KEY_HEADERS]
    headers.append((b"authorization", f"Bearer {key}".encode()))
    scope["headers"] = headers


async def _deny(send: Send, status: int, message: str, kind: str) -> None:
    body = json.dumps({"error": {"message": message, "type": kind, "code": str(status)}}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class TenantMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        caller = await resolve(credential(scope))
        path = scope.get("path", "")
        if caller.kind == "super_admin":
            if not is_platform_route(path):
                if scope["type"] == "http":
                    await _deny(send, 403, "The platform administrator manages accounts only; this route belongs "
                                           "to an account. Use an account admin's key.", "tenant_route_forbidden")
                    return
            tenant = TenantScope(account_id=NO_ACCOUNT)
        elif caller.kind == "account":
            if caller.account_status != "active":
                if scope["type"] == "http":
                    await _deny(send, 403, f"Account {caller.account_id} is {caller.account_status or 'unknown'}; "
                                           "its keys and sessions are disabled.", "account_suspended")
                    return
            tenant = TenantScope(account_id=caller.account_id)
        else:
            tenant = TenantScope(account_id=NO_ACCOUNT)
        if caller.swapped_key:
            _present_key(scope, caller.swapped_key)
        scope.setdefault("state", {})["alchemi_caller"] = caller
        token = set_scope(tenant)
        try:
            await self.app(scope, receive, send)
        finally:
            reset_scope(token)
