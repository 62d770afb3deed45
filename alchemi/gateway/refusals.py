"""Answer a refused write or a re-raised client error with its 4xx, not LiteLLM's 500.

Two ways LiteLLM turns a client's mistake into a 500, both fixed here without touching its
handlers:
- the tenant guard refused a write (a reference to another account's object, an id that is
  not available): many handlers wrap any exception as `HTTPException(500, str(e))`. The guard
  notes each refusal in a per-request record (alchemi/tenancy/refusals.py) that this
  middleware opens; a 5xx answered after a refusal becomes the refusal's status and message.
- a handler raises `HTTPException(404, ...)` inside its own `try` and re-raises it as
  `HTTPException(500, str(e))`, whose text starts with the original status ("404: Tags not
  found"). A 500 whose message starts that way gets that status back, message unchanged.

Only error responses are held back and inspected; every other response streams through.
"""
from __future__ import annotations

import json
import logging
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from alchemi.tenancy import refusals

log = logging.getLogger("alchemi.gateway")

_REraised = re.compile(r"^\s*(4\d\d): \S")
_MAX_HELD = 64 * 1024


def reraised_status(body: bytes) -> int | None:
    """The 4xx a 500 body re-raises ("404: ..."), or None."""
    try:
        parsed: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    candidates = []
    if isinstance(parsed, dict):
        detail, error = parsed.get("detail"), parsed.get("error")
        candidates += [detail, detail.get("error") if isinstance(detail, dict) else None,
                       error.get("message") if isinstance(error, dict) else None]
    for text in candidates:
        if isinstance(text, str) and (m := _REraised.match(text)):
            return int(m.group(1))
    return None


def _refusal_body(refusal: refusals.Noted) -> bytes:
    return json.dumps({"error": {"message": refusal.message, "type": "invalid_request_error",
                                 "param": None, "code": str(refusal.status)}}).encode()


class RefusalGuard:
    """Pure ASGI middleware (context variables set around it still propagate)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = refusals.open_record()
        started = False
        mode = "pass"            # pass | drop (replaced by a refusal) | hold (a 500 being read)
        held_start: Message | None = None
        held: list[bytes] = []

        async def answer(status: int, body: bytes, headers: list | None = None) -> None:
            out = [(k, v) for k, v in (headers or []) if k.lower() not in (b"content-length", b"content-type")]
            await send({"type": "http.response.start", "status": status,
                        "headers": out + [(b"content-type", b"application/json"),
                                          (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        async def guarded_send(message: Message) -> None:
            nonlocal started, mode, held_start
            if message["type"] == "http.response.start":
                started = True
                if message["status"] >= 500:
                    refusal = refusals.noted()
                    if refusal is not None:
                        mode = "drop"
                        await answer(refusal.status, _refusal_body(refusal))
                        return
                    if message["status"] == 500:
                        mode, held_start = "hold", message
                        return
                await send(message)
                return
            if message["type"] != "http.response.body" or mode == "pass":
                await send(message)
                return
            if mode == "drop":
                return
            held.append(message.get("body", b""))
            size = sum(len(b) for b in held)
            if message.get("more_body", False) and size <= _MAX_HELD:
                return
            body = b"".join(held)
            status = reraised_status(body) if size <= _MAX_HELD else None
            mode = "pass"
            assert held_start is not None
            await send({**held_start, "status": status or held_start["status"]})
            await send({"type": "http.response.body", "body": body, "more_body": message.get("more_body", False)})

        try:
            await self.app(scope, receive, guarded_send)
        except Exception:
            refusal = refusals.noted()
            if started or refusal is None:
                raise
            log.debug("refused write ended the request: %s", refusal.message)
            await answer(refusal.status, _refusal_body(refusal))
        finally:
            refusals.close_record(token)
