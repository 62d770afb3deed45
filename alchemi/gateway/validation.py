"""Refuse, with a 400 and a message, the few requests LiteLLM 1.102.4 answers with a 500.

Each check names one route and the input LiteLLM fails on (a missing `litellm_params.model`:
KeyError; an unknown prompt integration, dates without a time: ValueError); the route runs
unchanged for every request that passes. Other requests pay one regex per check; a body is
read, and replayed unchanged, only for a route with a body check. The cross-tenant probe
found these (`litellm-bad-input` in tests/isolation/known_leaks.py).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from alchemi.gateway.asgi_body import read_body, replaying

Problem = str | None


@dataclass(frozen=True)
class Check:
    method: str
    path: str                                           # the route's path, as LiteLLM declares it
    body: Callable[[dict], Problem] | None = None       # the parsed JSON body (an object)
    query: Callable[[dict[str, str]], Problem] | None = None
    why: str = ""

    @property
    def regex(self) -> re.Pattern:
        return re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", self.path) + "$")


def _litellm_params(body: dict) -> Any:
    return body.get("litellm_params")


def _model_given(body: dict) -> Problem:
    params = _litellm_params(body)
    if not isinstance(params, dict) or not isinstance(params.get("model"), str) or not params["model"]:
        return "litellm_params.model is required (the model to test, e.g. \"openai/gpt-4o\")"
    return None


def supported_prompt_integrations() -> frozenset[str]:
    from litellm.proxy.prompts.prompt_registry import prompt_initializer_registry

    return frozenset(prompt_initializer_registry)


def _known_prompt_integration(body: dict) -> Problem:
    params = _litellm_params(body)
    integration = params.get("prompt_integration") if isinstance(params, dict) else None
    supported = supported_prompt_integrations()
    if not supported:   # discovery found nothing: let LiteLLM decide
        return None
    if not isinstance(integration, str) or integration not in supported:
        return (f"litellm_params.prompt_integration must be one of {sorted(supported)}, "
                f"got {integration!r}")
    return None


def _datetimes(*names: str) -> Callable[[dict[str, str]], Problem]:
    def check(query: dict[str, str]) -> Problem:
        for name in names:
            value = query.get(name)
            if value is None:
                continue
            try:
                datetime.strptime(value, "%Y-%m-%d %H:%M:%S")
            except ValueError:
                return f"{name} must be 'YYYY-MM-DD HH:MM:SS' (UTC), got {value!r}"
        return None
    return check


CHECKS: tuple[Check, ...] = (
    Check("POST", "/health/test_connection", body=_model_given,
          why="test_model_connection reads litellm_params['model'] (KeyError -> 500)"),
    Check("POST", "/prompts", body=_known_prompt_integration,
          why="PromptRegistry raises ValueError('Unsupported prompt: ...'), answered as 500"),
    Check("PUT", "/prompts/{prompt_id}", body=_known_prompt_integration,
          why="as POST /prompts"),
    Check("GET", "/spend/logs/ui/{request_id}", query=_datetimes("start_date", "end_date"),
          why="ui_view_request_response_for_request_id parses both with strptime (ValueError -> 500)"),
)


async def _error(send: Send, message: str) -> None:
    body = json.dumps({"error": {"message": message, "type": "invalid_request_error", "param": None,
                                 "code": "400"}}).encode()
    await send({"type": "http.response.start", "status": 400,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


class RequestChecks:
    """Pure ASGI middleware running CHECKS."""

    def __init__(self, app: ASGIApp, checks: tuple[Check, ...] = CHECKS) -> None:
        self.app = app
        self.checks = [(c, c.regex) for c in checks]

    def _check_for(self, scope: Scope) -> Check | None:
        method, path = scope.get("method"), scope.get("path", "")
        return next((c for c, rx in self.checks if c.method == method and rx.match(path)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        check = self._check_for(scope) if scope["type"] == "http" else None
        if check is None:
            await self.app(scope, receive, send)
            return
        if check.query is not None:
            query = {k: v[-1] for k, v in parse_qs(scope.get("query_string", b"").decode("latin-1")).items()}
            if problem := check.query(query):
                await _error(send, problem)
                return
        if check.body is None:
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        if body is None:  # the client went away
            return
        try:
            parsed = json.loads(body) if body.strip() else {}
        except (ValueError, UnicodeDecodeError):
            parsed = None   # JsonBodyGuard (or FastAPI) answers malformed bodies
        if isinstance(parsed, dict) and (problem := check.body(parsed)):
            await _error(send, problem)
            return
        await self.app(scope, replaying(body, receive), send)
