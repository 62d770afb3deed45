"""Serve the branded console from LiteLLM's app: `install(app)` and the seams it touches.

LiteLLM mounts its compiled dashboard at import time (`/ui`, and its scripts at `/_next` and
`/litellm-asset-prefix/_next`) and answers `/get_image` and `/get_favicon` with its own logo.
`install` swaps those mounts for static mounts of the branded build (same paths, same order in
the route table) and puts our handlers in place of the two image routes: an operator's own
logo or favicon (UI_LOGO_PATH, UI_LOGO_PATH_DARK, LITELLM_FAVICON_URL) still wins, through
LiteLLM's original handlers; otherwise the Alchemi logo. `/favicon.ico` (which the dashboard's
pages link to and LiteLLM does not serve) answers with the Alchemi favicon.
"""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from alchemi.seamlib import Seam

PROXY = "litellm.proxy.proxy_server"
# (mount path, route name) of the dashboard mounts install() replaces, as LiteLLM names them.
DASHBOARD_MOUNTS = (("/ui", "ui"), ("/_next", "next_static"), ("/litellm-asset-prefix/_next", "next_static"))
ASSETS = "alchemi"  # our files inside the branded tree (node/brand.mjs ASSET_DIR)
LOGO = {"light": "alchemi-logo.png", "dark": "alchemi-logo-dark.png"}
FAVICON = "favicon.ico"
_INSTALLED_FLAG = "_alchemi_branding_installed"


def _mount_index(app: Any, path: str) -> int | None:
    from starlette.routing import Mount

    return next((i for i, r in enumerate(app.router.routes) if isinstance(r, Mount) and r.path == path), None)


def _route_index(app: Any, path: str) -> int | None:
    from starlette.routing import Route

    return next((i for i, r in enumerate(app.router.routes)
                 if isinstance(r, Route) and r.path == path and "GET" in (r.methods or ())), None)


def _check_mounts(app: Any) -> str | None:
    from starlette.staticfiles import StaticFiles

    problems = []
    for path, _ in DASHBOARD_MOUNTS:
        i = _mount_index(app, path)
        if i is None:
            problems.append(f"no mount at {path}")
        elif not isinstance(app.router.routes[i].app, StaticFiles):
            problems.append(f"{path} is a {type(app.router.routes[i].app).__name__}, not StaticFiles")
    return "; ".join(problems) or None


def _check_image_route(path: str, *params: str) -> Callable[[Any], str | None]:
    def check(endpoint: Any) -> str | None:
        import inspect

        from litellm.proxy.proxy_server import app

        i = _route_index(app, path)
        if i is None:
            return f"no GET route at {path}"
        served = app.router.routes[i].endpoint
        if served is not endpoint and getattr(served, "alchemi_replaces", None) is not endpoint:
            return f"GET {path} is no longer served by {endpoint.__name__}"
        names = list(inspect.signature(endpoint).parameters)
        missing = [p for p in params if p not in names]
        return f"parameters {missing} missing (has {names})" if missing else None
    return check


def _check_packaged_ui(path: Any) -> str | None:
    from alchemi.branding.build import dashboard_source

    p = Path(path)
    if not (p / "index.html").is_file() or not (p / "_next").is_dir():
        return f"{p} has no index.html and _next/: not a dashboard export"
    if p.resolve() != dashboard_source().resolve():
        return f"{p} is not where the branding build reads the dashboard ({dashboard_source()})"
    return None


DASHBOARD_EXPORT = Seam(
    name="proxy_server.packaged_ui_path",
    target=f"{PROXY}:packaged_ui_path",
    kind="read",
    contract=(
        "The compiled dashboard in the wheel (litellm/proxy/_experimental/out, a Next.js static export with "
        "<route>/index.html pages and _next/ chunks). The branding build reads it, verified against the "
        "wheel's RECORD, and writes the branded copy elsewhere; the wheel's copy is never modified."),
    check=_check_packaged_ui,
)

DASHBOARD_MOUNTS_SEAM = Seam(
    name="proxy_server.app.dashboard_mounts",
    target=f"{PROXY}:app",
    kind="replace",
    contract=(
        "LiteLLM mounts the dashboard at import: StaticFiles(html=True) at /ui and its chunks at /_next and "
        "/litellm-asset-prefix/_next. install() replaces each Mount, in place in the route table, with one "
        "serving the branded build, so every page and chunk the browser loads is the rewritten one."),
    check=_check_mounts,
)

GET_IMAGE = Seam(
    name="proxy_server.get_image",
    target=f"{PROXY}:get_image",
    kind="wrap",
    contract=(
        "GET /get_image?theme= serves the dashboard's logo (UI_LOGO_PATH / UI_LOGO_PATH_DARK, else LiteLLM's). "
        "Our handler takes its place in the route table and serves the Alchemi logo unless an operator set one "
        "of those variables, in which case it calls this original."),
    check=_check_image_route("/get_image", "theme"),
)

GET_FAVICON = Seam(
    name="proxy_server.get_favicon",
    target=f"{PROXY}:get_favicon",
    kind="wrap",
    contract=(
        "GET /get_favicon serves the dashboard's favicon (LITELLM_FAVICON_URL, else LiteLLM's). Our handler "
        "takes its place and serves the Alchemi favicon unless LITELLM_FAVICON_URL is set, then calls this "
        "original."),
    check=_check_image_route("/get_favicon"),
)

SEAMS: tuple[Seam, ...] = (DASHBOARD_EXPORT, DASHBOARD_MOUNTS_SEAM, GET_IMAGE, GET_FAVICON)


def _image_routes(ui_dir: Path, original_image: Callable, original_favicon: Callable) -> list[Any]:
    from fastapi import APIRouter
    from fastapi.responses import FileResponse

    assets = ui_dir / ASSETS
    router = APIRouter()

    @router.get("/get_image", include_in_schema=False)
    async def get_image(theme: Literal["light", "dark"] | None = None):
        """The dashboard's logo: an operator's own (LiteLLM's handler), else Alchemi's."""
        if os.getenv("UI_LOGO_PATH", "").strip() or (theme == "dark" and os.getenv("UI_LOGO_PATH_DARK", "").strip()):
            return await original_image(theme=theme)
        return FileResponse(assets / LOGO[theme or "light"], media_type="image/png")

    @router.get("/get_favicon", include_in_schema=False)
    async def get_favicon():
        """The favicon: LITELLM_FAVICON_URL when set (LiteLLM's handler), else Alchemi's."""
        if os.getenv("LITELLM_FAVICON_URL", "").strip():
            return await original_favicon()
        return FileResponse(assets / FAVICON, media_type="image/x-icon")

    get_image.alchemi_replaces = original_image  # the seam checks read this after install
    get_favicon.alchemi_replaces = original_favicon

    @router.get("/favicon.ico", include_in_schema=False)
    async def favicon_ico():
        return await get_favicon()

    return list(router.routes)


def install(app: Any, ui_dir: Path | None = None) -> Path:
    """Serve the branded dashboard and the Alchemi logo from `app` (idempotent). Builds the
    branded dashboard first if it is not current (seconds; `alchemi setup` normally has).
    Returns the directory served. Call after the seams are verified, before serving."""
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from alchemi.branding.build import ensure_built

    if getattr(app.state, _INSTALLED_FLAG, None):
        return getattr(app.state, _INSTALLED_FLAG)
    ui_dir = ui_dir or ensure_built()[0]
    for path, name in DASHBOARD_MOUNTS:
        i = _mount_index(app, path)
        directory = ui_dir if path == "/ui" else ui_dir / "_next"
        app.router.routes[i] = Mount(path, app=StaticFiles(directory=directory, html=path == "/ui"), name=name)
    image_i, favicon_i = _route_index(app, "/get_image"), _route_index(app, "/get_favicon")
    get_image, get_favicon, favicon_ico = _image_routes(
        ui_dir, app.router.routes[image_i].endpoint, app.router.routes[favicon_i].endpoint)
    app.router.routes[image_i] = get_image
    app.router.routes[favicon_i] = get_favicon
    app.router.routes.insert(favicon_i + 1, favicon_ico)
    setattr(app.state, _INSTALLED_FLAG, ui_dir)
    return ui_dir
