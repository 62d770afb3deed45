"""A small per-client sliding-window limiter for the unauthenticated login routes.

Per worker process (each uvicorn worker counts on its own), which bounds guessing and email
probing without a shared store. ALCHEMI_LOGIN_RATE_LIMIT (default 60) is, per client address
and minute, the number of email look-ups (`RESOLVE`, every request counts) and of failed
password attempts (`PASSWORD`, only failures count, so people signing in are never slowed).
"""
from __future__ import annotations

import os
import time
from collections import OrderedDict, deque

_WINDOW = 60.0
_MAX_CLIENTS = 20_000


def _limit() -> int:
    try:
        return max(1, int(os.environ.get("ALCHEMI_LOGIN_RATE_LIMIT", "60")))
    except ValueError:
        return 60


class Limiter:
    def __init__(self) -> None:
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def _recent(self, client: str, now: float) -> deque[float]:
        hits = self._hits.pop(client, None) or deque()
        while hits and hits[0] <= now - _WINDOW:
            hits.popleft()
        self._hits[client] = hits
        if len(self._hits) > _MAX_CLIENTS:
            self._hits.popitem(last=False)
        return hits

    def allow(self, client: str) -> bool:
        """Record a request from `client`; False when it is over the limit."""
        now = time.monotonic()
        hits = self._recent(client, now)
        if len(hits) >= _limit():
            return False
        hits.append(now)
        return True

    def blocked(self, client: str) -> bool:
        """Whether `client` is over the limit (without recording anything)."""
        return len(self._recent(client, time.monotonic())) >= _limit()

    def record(self, client: str) -> None:
        """Count one event (a failed attempt) for `client`."""
        now = time.monotonic()
        self._recent(client, now).append(now)

    def reset(self) -> None:
        self._hits.clear()


RESOLVE = Limiter()
PASSWORD = Limiter()
SSO_START = Limiter()
