"""Install Alchemi into LiteLLM's proxy app, in-process, without editing LiteLLM.

`prepare()` must run before `litellm.proxy.proxy_server` is imported (it changes what that
import computes); `install(app)` then verifies every seam, applies the replacements, and adds
our middleware, routers and lifespan steps. `alchemi.asgi` does both, so each uvicorn worker
that imports it gets the same overlay.
"""
from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

from alchemi import seams

log = logging.getLogger("alchemi")

_INSTALLED_FLAG = "_alchemi_overlay_installed"

# Start-up steps that run after LiteLLM's start-up, in order; each is an async context
# manager factory taking the app (code before `yield` at start-up, after it at shutdown).
LifespanStep = Callable[[Any], contextlib.AbstractAsyncContextManager[None]]


def _always_premium(self) -> bool:  # noqa: ARG001 - keeps LicenseCheck.is_premium's signature
    return True


def prepare() -> None:
    """Replace what proxy_server computes at import time. Call before importing it."""
    from litellm.proxy.auth.litellm_license import LicenseCheck

    LicenseCheck.is_premium = _always_premium


def _write_engine(prisma_client: Any, engine: Any) -> None:
    prisma_client._engine = engine


@contextlib.asynccontextmanager
async def _report_ready(app: Any) -> AsyncIterator[None]:
    from litellm.proxy import proxy_server

    if proxy_server.prisma_client is None:
        log.warning("Alchemi: LiteLLM started without a database client; is DATABASE_URL set?")
    log.info("Alchemi Studio Console ready")
    yield


LIFESPAN_STEPS: list[LifespanStep] = [_report_ready]


def _wrap_lifespan(app: Any) -> None:
    litellm_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[Any]:
        from alchemi.tenancy.context import system_context

        # LiteLLM's start-up, and the background jobs it starts (which inherit this scope), are
        # platform work across accounts.
        with system_context("LiteLLM start-up and its background jobs"):
            async with litellm_lifespan(app) as state:
                async with contextlib.AsyncExitStack() as stack:
                    for step in LIFESPAN_STEPS:
                        await stack.enter_async_context(step(app))
                    yield state

    app.router.lifespan_context = lifespan


def install(app: Any) -> Any:
    """Install the overlay into LiteLLM's app (idempotent) and return the app."""
    if getattr(app.state, _INSTALLED_FLAG, False):
        return app
    prepare()
    seams.verify_all()

    from litellm.proxy import proxy_server
    from litellm.proxy.db.prisma_client import PrismaWrapper

    proxy_server.premium_user = True
    PrismaWrapper._write_engine = staticmethod(_write_engine)

    from alchemi.accounts.overview import router as overview_router
    from alchemi.accounts.routes import router as accounts_router
    from alchemi.gateway.json_body import JsonBodyGuard
    from alchemi.gateway.refusals import RefusalGuard
    from alchemi.gateway import statuses
    from alchemi.gateway.validation import RequestChecks
    from alchemi.system.routes import router as system_router
    from alchemi.tenancy import background, prisma_guard
    from alchemi.tenancy.policy import guard_policy
    from alchemi.tenancy.middleware import TenantMiddleware

    from alchemi.gateway import absent_modules

    absent_modules.install()  # LiteLLM's per-request imports of absent modules fail at once
    prisma_guard.install(guard_policy())
    background.install()
    app.include_router(system_router)
    app.include_router(overview_router)  # before /account/{account_id}, which would match "overview"
    app.include_router(accounts_router)
    # add_middleware puts each new one outermost: the tenant scope is set before anything else.
    app.add_middleware(RequestChecks)  # the few inputs LiteLLM answers with a 500
    statuses.install()  # LiteLLM's "not found" errors without a status answer 404
    app.add_middleware(JsonBodyGuard, routes_app=app)
    app.add_middleware(RefusalGuard)  # a refused write answers its 4xx, not LiteLLM's 500
    app.add_middleware(TenantMiddleware)
    from alchemi.runtime import install as runtime

    runtime.install(app)  # its middleware goes directly inside the tenant middleware
    if runtime.runtime_started not in LIFESPAN_STEPS:
        LIFESPAN_STEPS.append(runtime.runtime_started)
    from alchemi.branding.install import install as install_branding

    install_branding(app)
    from alchemi.identity.install import install as install_identity

    install_identity(app)
    from alchemi.console.install import install as install_console

    install_console(app)  # after branding: our pages take precedence over the dashboard's
    _wrap_lifespan(app)
    setattr(app.state, _INSTALLED_FLAG, True)
    return app
