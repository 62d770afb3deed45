"""Attach the per-account runtime to LiteLLM's proxy app.

Wiring for alchemi/overlay.py:
    from alchemi.runtime import install as runtime
    runtime.install(app)                            # in install(), before the app serves
    LIFESPAN_STEPS.append(runtime.runtime_started)  # after LiteLLM's start-up, in system scope
    SEAMS += runtime.SEAMS                          # verified at boot by install() too

`install(app)` (import time) puts the dispatcher in `llm_router` (LiteLLM's start-up reconcile
already goes through it), wraps the reconcile, credential and config-cache internals, and adds
the middleware and status route. `runtime_started` runs after LiteLLM's start-up: it replaces
`general_settings` (filled by start-up) and `llm_model_list`, registers the shared router
callbacks, and runs change detection and idle eviction until shutdown.
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from starlette.middleware import Middleware

from alchemi import seams as alchemi_seams
from alchemi.runtime import (
    alerting, caches, callbacks, config_cache, counters, credentials, environment, gateway_requests,
    guardrails, loggers, model_cost, pass_through, platform_jobs, platform_switches, read_through, reconcile,
    registries, spend_log_count, tasks,
)
from alchemi.runtime.config import RuntimeSettings
from alchemi.runtime.dispatcher import RouterDispatcher
from alchemi.runtime.general_settings import AccountSettingsDict
from alchemi.runtime.middleware import RuntimeMiddleware
from alchemi.runtime.registry import RuntimeRegistry
from alchemi.runtime.routers import new_router, proxy_router_options
from alchemi.runtime.seams import SEAMS

log = logging.getLogger("alchemi.runtime")

_INSTALLED_FLAG = "_alchemi_runtime_installed"

__all__ = ["SEAMS", "LIFESPAN_STEPS", "install", "runtime_started", "state"]


@dataclass
class RuntimeState:
    settings: RuntimeSettings
    registry: RuntimeRegistry
    dispatcher: RouterDispatcher
    shared_callbacks: callbacks.SharedRouterCallbacks
    started: bool = False


_state: RuntimeState | None = None


def state() -> RuntimeState:
    if _state is None:
        raise RuntimeError("alchemi.runtime is not installed")
    return _state


def keep_installed() -> None:
    """Put our objects back if LiteLLM replaced a global (its config-file load builds a new Router
    and model list; start-up assigns general_settings). Cheap identity checks, run per request."""
    from litellm.proxy import proxy_server

    st = state()
    if proxy_server.llm_router is not st.dispatcher:
        log.warning("proxy_server.llm_router was replaced by %r; reinstalling the account dispatcher",
                    type(proxy_server.llm_router))
        proxy_server.llm_router = st.dispatcher
    if not st.started:
        return
    view = st.dispatcher.get_model_list()
    if proxy_server.llm_model_list is not view:
        proxy_server.llm_model_list = view
    if not isinstance(proxy_server.general_settings, AccountSettingsDict):
        proxy_server.general_settings = AccountSettingsDict(proxy_server.general_settings or {})


def _forget_settings(account_id: str) -> None:
    from litellm.proxy import proxy_server

    if isinstance(proxy_server.general_settings, AccountSettingsDict):
        proxy_server.general_settings.forget_account(account_id)


def _place_middleware(app: Any, middleware: Middleware) -> None:
    """Directly inside the tenant middleware: the account is known, and its runtime (router and
    settings) is live before any of LiteLLM's middlewares read `general_settings`. If the tenant
    middleware is not added yet, outermost for now; it is added outermost after us."""
    from alchemi.tenancy.middleware import TenantMiddleware

    stack = app.user_middleware
    tenant = next((i for i, m in enumerate(stack) if m.cls is TenantMiddleware), None)
    stack.insert(0 if tenant is None else tenant + 1, middleware)


def install(app: Any) -> Any:
    """Install the per-account runtime into LiteLLM's app (idempotent); returns the app."""
    global _state
    if getattr(app.state, _INSTALLED_FLAG, False):
        return app
    alchemi_seams.verify_all(SEAMS)
    from litellm.proxy import proxy_server

    from alchemi.runtime.routes import router as runtime_routes

    settings = RuntimeSettings.from_env()
    registry = RuntimeRegistry(build=reconcile.build, refresh=reconcile.refresh,
                               platform_router=new_router([], **proxy_router_options()))
    registry.on_evict(_forget_settings)
    _state = RuntimeState(settings=settings, registry=registry, dispatcher=RouterDispatcher(registry),
                          shared_callbacks=callbacks.SharedRouterCallbacks(registry.router_with_deployment))
    proxy_server.llm_router = _state.dispatcher
    reconcile.install(registry)
    credentials.install(registry)
    registries.install(registry)
    caches.install()
    caches.install_response_cache()
    registry.on_evict(caches.forget_response_cache)
    counters.install()
    read_through.install()
    gateway_requests.install()
    spend_log_count.install(settings.spend_log_count_seconds)
    registry.on_evict(spend_log_count.forget)
    registry.on_evict(read_through.forget)
    guardrails.install()
    loggers.install()
    registry.on_evict(loggers.forget)
    alerting.install()
    environment.install()
    platform_jobs.install()
    platform_switches.install()
    model_cost.install(app)
    pass_through.install(app)
    config_cache.install()
    callbacks.attach(_state.shared_callbacks)
    _place_middleware(app, Middleware(RuntimeMiddleware, registry=registry, keep_installed=keep_installed))
    app.include_router(runtime_routes)
    setattr(app.state, _INSTALLED_FLAG, True)
    return app


@contextlib.asynccontextmanager
async def runtime_started(app: Any) -> AsyncIterator[None]:
    """After LiteLLM's start-up: account-aware globals, shared callbacks, background work."""
    st = state()
    st.started = True
    keep_installed()
    callbacks.attach(st.shared_callbacks)
    jobs = [asyncio.create_task(tasks.sweep_idle(st.registry, st.settings), name="alchemi-runtime-sweep")]
    if st.settings.sync_seconds > 0:
        jobs.append(asyncio.create_task(tasks.watch_database(st.settings.sync_seconds),
                                        name="alchemi-runtime-watch"))
    try:
        yield
    finally:
        for job in jobs:
            job.cancel()
        await asyncio.gather(*jobs, return_exceptions=True)
        st.registry.clear()


LIFESPAN_STEPS = [runtime_started]
