"""Pure ASGI middleware: the caller's account runtime is live before LiteLLM sees the request.

Installed directly inside the tenant middleware (which sets the scope) and outside all of
LiteLLM's middlewares, because building a runtime reads the database, while `llm_router` and
`general_settings`, read synchronously by LiteLLM (its request-size middleware included),
cannot wait for it. It also counts the requests in flight per runtime, so an idle sweep never evicts a
router that a request (or a streamed response) is still using.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from alchemi.runtime.registry import RuntimeRegistry, scope_account

log = logging.getLogger("alchemi.runtime")


async def _unavailable(send: Send, account_id: str) -> None:
    body = json.dumps({"error": {"message": f"The models of account {account_id} could not be loaded; "
                                            "try again shortly.", "type": "account_runtime_unavailable",
                                 "code": "503"}}).encode()
    await send({"type": "http.response.start", "status": 503,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RuntimeMiddleware:
    def __init__(self, app: ASGIApp, registry: RuntimeRegistry, keep_installed: Callable[[], None]) -> None:
        self.app = app
        self.registry = registry
        self.keep_installed = keep_installed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        self.keep_installed()
        account_id = scope_account()
        if account_id is None:
            await self.app(scope, receive, send)
            return
        try:
            runtime = await self.registry.ensure(account_id)
        except Exception:
            log.exception("account %s: building its runtime failed", account_id)
            if scope["type"] != "http":
                raise
            await _unavailable(send, account_id)
            return
        runtime.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            runtime.leave()
