"""The live account runtimes of this process: built on first use, evicted when idle.

An `AccountRuntime` is what one account needs in memory to serve LLM calls: its router (its
models, router settings and usage counters) and its provider credentials. The registry builds
one on the first request of an account (concurrent first requests share one build), hands the
router of the account in scope to `RouterDispatcher`, and evicts runtimes that have been idle
longer than the TTL (never one with a request in flight or a reconcile running).

Work that must reach one runtime whatever the scope says (building it before it is published,
a reconcile that runs while the registry may evict it) pins it with `pinned(runtime)`.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from alchemi.tenancy.context import current_scope

from alchemi.tenancy.resolver import NO_ACCOUNT

log = logging.getLogger("alchemi.runtime")

PLATFORM = "alchemi:platform"


@dataclass(eq=False)
class AccountRuntime:
    account_id: str
    router: Any = None
    credentials: list = field(default_factory=list)
    # what the database looked like when the runtime last matched it (see reconcile.fingerprints)
    fingerprint: tuple | None = None
    build_seconds: float = 0.0
    last_used: float = field(default_factory=time.monotonic)
    inflight: int = 0  # requests of this account being served
    busy: int = 0  # builds and reconciles working on it
    stale: bool = False  # built empty outside a request; a refresh is on its way

    def enter(self) -> None:
        self.inflight += 1
        self.last_used = time.monotonic()

    def leave(self) -> None:
        self.inflight -= 1
        self.last_used = time.monotonic()

    @property
    def evictable(self) -> bool:
        return self.inflight <= 0 and self.busy <= 0


_pinned: ContextVar[AccountRuntime | None] = ContextVar("alchemi_pinned_runtime", default=None)


@contextlib.contextmanager
def pinned(runtime: AccountRuntime) -> Iterator[AccountRuntime]:
    """Within the block, `llm_router` is this runtime's router and the runtime is not evicted."""
    token = _pinned.set(runtime)
    runtime.busy += 1
    try:
        yield runtime
    finally:
        runtime.busy -= 1
        _pinned.reset(token)


def pinned_runtime() -> AccountRuntime | None:
    return _pinned.get()


def runtime_account_id() -> str | None:
    """The account whose runtime applies now: the pinned runtime's, else the account in scope;
    None for platform work (system scope or no scope)."""
    runtime = pinned_runtime()
    if runtime is not None:
        return runtime.account_id
    scope = current_scope()
    if scope is None or scope.system:
        return None
    return scope.account_id


def account_in_scope() -> str | None:
    """`runtime_account_id()` without the empty scope: the account whose own per-account state
    (registries, settings layers, environment, loggers) applies now; None for platform work, no
    scope, and callers that resolved to no account."""
    account_id = runtime_account_id()
    return None if account_id in (None, NO_ACCOUNT) else account_id


def scope_account() -> str | None:
    """The account whose runtime serves the current work: None for platform work, no scope,
    and callers that resolved to no account."""
    scope = current_scope()
    if scope is None or scope.system or scope.account_id == NO_ACCOUNT:
        return None
    return scope.account_id


Build = Callable[[str], Awaitable[AccountRuntime]]
Refresh = Callable[[AccountRuntime], Awaitable[None]]


class RuntimeRegistry:
    def __init__(self, *, build: Build, refresh: Refresh, platform_router: Any) -> None:
        self._build = build
        self._refresh = refresh
        self._runtimes: dict[str, AccountRuntime] = {}
        self._building: dict[str, asyncio.Future] = {}
        self._lock = threading.Lock()  # sync callbacks read the registry from logging threads
        self._evict_listeners: list[Callable[[str], None]] = []
        # Serves platform work and unauthenticated requests: it holds no account's models.
        self.platform = AccountRuntime(PLATFORM, router=platform_router)

    # ---- reading ------------------------------------------------------------------------
    def peek(self, account_id: str) -> AccountRuntime | None:
        return self._runtimes.get(account_id)

    def live(self) -> list[AccountRuntime]:
        with self._lock:
            return list(self._runtimes.values())

    def __len__(self) -> int:
        return len(self._runtimes)

    def router_for_scope(self) -> Any:
        """The router `llm_router` stands for right now."""
        runtime = _pinned.get()
        if runtime is not None and runtime.router is not None:
            return runtime.router
        account_id = scope_account()
        if account_id is None:
            return self.platform.router
        runtime = self._runtimes.get(account_id)
        if runtime is None:
            runtime = self._placeholder(account_id)
        return runtime.router

    def runtime_for_scope(self) -> AccountRuntime | None:
        """The runtime of the pinned or in-scope account, without building one."""
        runtime = _pinned.get()
        if runtime is not None:
            return runtime
        account_id = scope_account()
        return None if account_id is None else self._runtimes.get(account_id)

    def router_with_deployment(self, deployment_id: str | None) -> Any:
        """The router that served a call: the in-scope account's if it holds the deployment,
        else whichever live router does (logging threads run without the request's scope)."""
        runtime = self.runtime_for_scope()
        if runtime is not None and runtime.router is not None and (
                deployment_id is None or runtime.router.has_model_id(deployment_id)):
            return runtime.router
        if deployment_id is None:
            return None
        for candidate in [*self.live(), self.platform]:
            if candidate.router is not None and candidate.router.has_model_id(deployment_id):
                return candidate.router
        return None

    # ---- building -----------------------------------------------------------------------
    async def ensure(self, account_id: str) -> AccountRuntime:
        """The account's runtime, built now if it is not live (one build per account at a time;
        a cancelled request does not cancel the build others wait for)."""
        runtime = self._runtimes.get(account_id)
        if runtime is not None:
            return runtime
        task = self._building.get(account_id)
        if task is None:
            task = asyncio.ensure_future(self._build_and_publish(account_id))
            self._building[account_id] = task
        return await asyncio.shield(task)

    async def _build_and_publish(self, account_id: str) -> AccountRuntime:
        try:
            runtime = await self._build(account_id)
            self.publish(runtime)
            return runtime
        finally:
            self._building.pop(account_id, None)

    def publish(self, runtime: AccountRuntime) -> None:
        with self._lock:
            previous = self._runtimes.get(runtime.account_id)
            self._runtimes[runtime.account_id] = runtime
        if previous is not None and previous is not runtime:
            self._release(previous)

    def _placeholder(self, account_id: str) -> AccountRuntime:
        """Reached only when an account's router is used outside a request (the middleware builds
        it for requests): serve an empty router now and load the account in the background."""
        from alchemi.runtime.routers import new_router, proxy_router_options

        runtime = AccountRuntime(account_id, router=new_router([], **proxy_router_options()), stale=True)
        self.publish(runtime)
        log.warning("account %s: router used outside a request before it was built; loading it now", account_id)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return runtime
        loop.create_task(self._refresh(runtime))
        return runtime

    # ---- eviction -----------------------------------------------------------------------
    def on_evict(self, listener: Callable[[str], None]) -> None:
        self._evict_listeners.append(listener)

    def evict(self, runtime: AccountRuntime) -> bool:
        with self._lock:
            if self._runtimes.get(runtime.account_id) is not runtime:
                return False
            del self._runtimes[runtime.account_id]
        self._release(runtime)
        return True

    def _release(self, runtime: AccountRuntime) -> None:
        from alchemi.runtime.routers import discard

        if runtime.router is not None:
            discard(runtime.router)
        for listener in self._evict_listeners:
            listener(runtime.account_id)

    def evict_idle(self, *, idle_ttl: float, max_accounts: int = 0, now: float | None = None) -> list[str]:
        """Evict runtimes idle longer than `idle_ttl`, then the least recently used idle ones
        while more than `max_accounts` (0: no limit) are live. Returns the evicted accounts."""
        now = time.monotonic() if now is None else now
        idle = sorted((r for r in self.live() if r.evictable), key=lambda r: r.last_used)
        evicted = [r.account_id for r in idle if now - r.last_used > idle_ttl and self.evict(r)]
        if max_accounts:
            for runtime in idle:
                if len(self._runtimes) <= max_accounts:
                    break
                if runtime.account_id not in evicted and self.evict(runtime):
                    evicted.append(runtime.account_id)
        return evicted

    def clear(self) -> None:
        """Evict every runtime (shutdown)."""
        for runtime in self.live():
            self.evict(runtime)
