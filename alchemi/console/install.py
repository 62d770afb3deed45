"""Serve our console pages from LiteLLM's app: `install(app)` and the seams it touches.

Our pages are a static export of ui/ (alchemi/console/build.py) served inside the `/ui` mount
the branding install set up, by `ConsolePages`, a StaticFiles that answers first:

- `/ui/login/`, `/ui/tenant-admin/`, `/ui/invite/` are ours (the dashboard's own login page is
  never served). Any other file under those paths answers 404: when the dashboard's client-side
  router fetches its RSC payload for /ui/login/, the 404 makes it load the page in full, so ours
  wins there too. Our scripts live under `/ui/_console/`.
- the platform super admin sees only the Tenant Admin page: every other dashboard page
  redirects there; an account's session at the Tenant Admin page is sent to `/ui/`, a browser
  without a session to the login page (with `redirect_to`).

It also titles the API docs (Swagger at LiteLLM's docs URL, ReDoc, /openapi.json) "Alchemi
Studio Console", and turns off the dashboard's "Environment-credential login is enabled"
warning: UI_USERNAME/UI_PASSWORD sign the platform super admin in through our login, not
LiteLLM's shared proxy-admin login the warning is about.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from starlette.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from alchemi.seamlib import Seam

log = logging.getLogger("alchemi")

PROXY = "litellm.proxy.proxy_server"
HEALTH = "litellm.proxy.health_endpoints._health_endpoints"
UI_MOUNT = "/ui"
ASSET_DIR = "_console"  # ui/next.config.mjs assetPrefix is /ui/_console
PAGES = ("login", "tenant-admin", "invite")
TENANT_ADMIN = "/ui/tenant-admin/"
LOGIN = "/ui/login/"
DASHBOARD = "/ui/"
DOCS_TITLE = "Alchemi Studio Console"
DOCS_DESCRIPTION = (
    "The Alchemi Studio Console API: an OpenAI-compatible gateway to many model providers, with "
    "accounts, keys, teams, budgets and usage managed per account.\n\n"
    "Authenticate with an account's API key (`Authorization: Bearer sk-...`). The console itself is at [/ui](/ui/).")
_INSTALLED_FLAG = "_alchemi_console_installed"
_PAGE_SUFFIXES = ("", ".html", ".txt")  # a dashboard page, or its RSC payload


def _mount_index(app: Any, path: str) -> int | None:
    from starlette.routing import Mount

    return next((i for i, r in enumerate(app.router.routes) if isinstance(r, Mount) and r.path == path), None)


class ConsolePages(StaticFiles):
    """The dashboard's static files (`directory`), with our pages and redirects in front."""

    def __init__(self, *, directory: Path, console_dir: Path | None) -> None:
        super().__init__(directory=directory, html=True)
        self.console_dir = console_dir
        self.console_files = StaticFiles(directory=console_dir) if console_dir is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", "HEAD"):
            await super().__call__(scope, receive, send)
            return
        from starlette._utils import get_route_path

        route = get_route_path(scope)  # inside the mount: "/login/", "/_console/_next/..."
        parts = [p for p in route.split("/") if p]
        first = parts[0] if parts else ""
        caller = (scope.get("state") or {}).get("alchemi_caller")
        kind = getattr(caller, "kind", "anonymous")
        if self.console_files is not None and first == ASSET_DIR:
            child = dict(scope, root_path=scope.get("root_path", "") + f"/{ASSET_DIR}")
            await self.console_files(child, receive, send)
            return
        if self.console_dir is not None and first in PAGES:
            await self._our_page(scope, receive, send, first, parts[1:], kind)
            return
        if kind == "super_admin" and _is_page(parts):
            await _redirect(TENANT_ADMIN)(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def _our_page(self, scope: Scope, receive: Receive, send: Send, page: str, rest: list[str], kind: str) -> None:
        from starlette.responses import FileResponse, PlainTextResponse

        if rest not in ([], ["index.html"]):
            # Not an RSC payload of ours: the dashboard's router falls back to loading the page.
            await PlainTextResponse("Not Found", status_code=404)(scope, receive, send)
            return
        if page == "tenant-admin" and kind != "super_admin":
            target = DASHBOARD if kind == "account" else f"{LOGIN}?redirect_to={TENANT_ADMIN}"
            await _redirect(target)(scope, receive, send)
            return
        html = self.console_dir / page / "index.html"
        if not html.is_file():  # the export was removed under a running server
            await PlainTextResponse(f"The console pages are missing ({html}); run `alchemi setup` and restart.",
                                    status_code=503)(scope, receive, send)
            return
        await FileResponse(html, media_type="text/html", headers={"Cache-Control": "no-cache"})(scope, receive, send)


def _is_page(parts: list[str]) -> bool:
    """A dashboard page or its RSC payload, as opposed to a script, style or image."""
    if not parts:
        return True
    if parts[0] in ("_next", "alchemi", "assets"):
        return False
    last = parts[-1]
    return "." not in last or any(last.endswith(s) for s in _PAGE_SUFFIXES if s)


def _redirect(url: str):
    from starlette.responses import RedirectResponse

    return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})


def _check_ui_mount(app: Any) -> str | None:
    i = _mount_index(app, UI_MOUNT)
    if i is None:
        return f"no mount at {UI_MOUNT}"
    served = app.router.routes[i].app
    if not isinstance(served, StaticFiles) or not getattr(served, "html", False):
        return f"{UI_MOUNT} is a {type(served).__name__} (html={getattr(served, 'html', None)}), not StaticFiles(html=True)"
    return None


def _check_docs_read_title(app: Any) -> str | None:
    openapi = getattr(app, "openapi", None)
    code = getattr(openapi, "__code__", None)
    if code is None:
        return "app.openapi is not a plain function"
    names = set(code.co_names)
    if not {"title", "description"} <= names and "get_openapi_schema" not in names:
        return f"app.openapi ({openapi.__name__}) no longer reads app.title/app.description"
    if not isinstance(getattr(app, "title", None), str) or not isinstance(getattr(app, "description", None), str):
        return "app.title / app.description are not strings"
    return None


def _check_env_warning(fn: Any) -> str | None:
    import importlib
    import inspect

    if not callable(fn):
        return "is not callable"
    if any(p.default is inspect.Parameter.empty for p in inspect.signature(fn).parameters.values()):
        return f"takes required parameters {list(inspect.signature(fn).parameters)}"
    details = getattr(importlib.import_module(HEALTH), "_get_health_readiness_details", None)
    if details is None or "_show_env_credential_login_warning" not in details.__code__.co_names:
        return "_get_health_readiness_details no longer calls it by its module-global name"
    return None


UI_MOUNT_SEAM = Seam(
    name="proxy_server.app.ui_mount.console_pages",
    target=f"{PROXY}:app",
    kind="wrap",
    contract=(
        "The /ui Mount (LiteLLM's dashboard mount, serving the branded build after alchemi.branding.install) is a "
        "StaticFiles(html=True). install() puts ConsolePages, a StaticFiles subclass over the same directory, in its "
        "place: our pages (/ui/login/, /ui/tenant-admin/, /ui/invite/, scripts under /ui/_console/) and the super "
        "admin's redirect to Tenant Admin answer first; every other path is the dashboard as before."),
    check=_check_ui_mount,
)

DOCS_TITLE_SEAM = Seam(
    name="proxy_server.app.openapi_title",
    target=f"{PROXY}:app",
    kind="replace",
    contract=(
        "LiteLLM builds the FastAPI app with title/description from DOCS_TITLE/DOCS_DESCRIPTION (default 'LiteLLM "
        "API' and a description linking upstream docs); Swagger UI, ReDoc and app.openapi (get_openapi_schema or "
        "custom_openapi) read app.title and app.description when they answer. install() sets both to Alchemi Studio "
        "Console's and clears the cached schema."),
    check=_check_docs_read_title,
)

ENV_LOGIN_WARNING = Seam(
    name="health_endpoints._show_env_credential_login_warning",
    target=f"{HEALTH}:_show_env_credential_login_warning",
    kind="replace",
    contract=(
        "Decides show_env_credential_login_warning in /health/readiness details, which makes the dashboard show "
        "'Environment-credential login is enabled' to admins. Looked up by module-global name from "
        "_get_health_readiness_details; install() replaces it with one answering False: UI_USERNAME/UI_PASSWORD "
        "sign in the platform super admin through our login (alchemi.identity), not LiteLLM's shared login."),
    check=_check_env_warning,
)

SEAMS: tuple[Seam, ...] = (UI_MOUNT_SEAM, DOCS_TITLE_SEAM, ENV_LOGIN_WARNING)


def _no_env_credential_warning() -> bool:
    return False


def install(app: Any, console_dir: Path | None = None) -> Path | None:
    """Serve our pages and redirects from `app` (idempotent; after alchemi.branding.install).
    Builds the export first if it is not current (`alchemi setup` normally has). Returns the
    served export, or None when this installation has no ui/ sources."""
    import importlib

    if getattr(app.state, _INSTALLED_FLAG, False):
        return getattr(app.state, "_alchemi_console_dir", None)
    if console_dir is None:
        from alchemi.console.build import ensure_built

        console_dir = ensure_built()[0]
    if console_dir is None:
        log.warning("Alchemi: no console pages (ui/) in this installation; /ui/login is the dashboard's")
    i = _mount_index(app, UI_MOUNT)
    dashboard = app.router.routes[i]
    from starlette.routing import Mount

    app.router.routes[i] = Mount(UI_MOUNT, app=ConsolePages(directory=Path(dashboard.app.directory), console_dir=console_dir),
                                 name=dashboard.name)
    app.title, app.description = DOCS_TITLE, DOCS_DESCRIPTION
    app.openapi_schema = None
    health = importlib.import_module(HEALTH)
    health._show_env_credential_login_warning = _no_env_credential_warning
    setattr(app.state, _INSTALLED_FLAG, True)
    app.state._alchemi_console_dir = console_dir
    return console_dir
