"""Where the runtime middleware goes: directly inside the tenant middleware, whichever of the two
is installed first."""
from __future__ import annotations

from fastapi import FastAPI

from alchemi.runtime.install import _place_middleware
from alchemi.runtime.middleware import RuntimeMiddleware
from alchemi.tenancy.middleware import TenantMiddleware
from starlette.middleware import Middleware


class LiteLLMMiddleware:  # stands for the middlewares LiteLLM adds at import
    def __init__(self, app):
        self.app = app


def _order(app: FastAPI) -> list[str]:
    return [m.cls.__name__ for m in app.user_middleware]


def test_after_the_tenant_middleware():
    app = FastAPI()
    app.add_middleware(LiteLLMMiddleware)
    app.add_middleware(TenantMiddleware)
    _place_middleware(app, Middleware(RuntimeMiddleware))
    assert _order(app) == ["TenantMiddleware", "RuntimeMiddleware", "LiteLLMMiddleware"]


def test_before_the_tenant_middleware():
    app = FastAPI()
    app.add_middleware(LiteLLMMiddleware)
    _place_middleware(app, Middleware(RuntimeMiddleware))
    app.add_middleware(TenantMiddleware)
    assert _order(app) == ["TenantMiddleware", "RuntimeMiddleware", "LiteLLMMiddleware"]
