"""ConsolePages in-process (no proxy): which files answer, and the redirects by caller."""
from __future__ import annotations

import shutil
from types import SimpleNamespace

import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from starlette.testclient import TestClient

from alchemi.console.install import SEAMS, ConsolePages


def _files(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


@pytest.fixture
def dirs(tmp_path):
    dashboard = _files(tmp_path / "dashboard", {"index.html": "dashboard home", "teams/index.html": "dashboard teams",
                                                "teams/index.txt": "rsc", "login/index.html": "dashboard login",
                                                "login/index.txt": "dashboard login rsc", "_next/static/d.js": "dash js",
                                                "next.svg": "<svg/>"})
    console = _files(tmp_path / "console", {"login/index.html": "our login", "tenant-admin/index.html": "our tenant admin",
                                            "invite/index.html": "our invite", "_next/static/c.js": "our js"})
    return dashboard, console


def client(dashboard, console, caller: str | None) -> TestClient:
    pages = ConsolePages(directory=dashboard, console_dir=console)

    async def app(scope, receive, send):  # stands in for the tenant middleware
        if scope["type"] == "http" and caller:
            scope.setdefault("state", {})["alchemi_caller"] = SimpleNamespace(kind=caller)
        await Starlette(routes=[Mount("/ui", app=pages)])(scope, receive, send)

    return TestClient(app, follow_redirects=False)


@pytest.mark.parametrize("caller", [None, "account", "super_admin", "unknown"])
def test_our_login_and_invitation_pages_answer_for_everyone(dirs, caller):
    c = client(*dirs, caller)
    for path in ("/ui/login/", "/ui/login", "/ui/login/index.html", "/ui/login/?redirect_to=/ui/teams/"):
        r = c.get(path)
        assert (r.status_code, r.text) == (200, "our login"), path
    assert c.get("/ui/invite?token=x").text == "our invite"
    assert c.get("/ui/login/index.txt").status_code == 404  # the dashboard's router then loads the page
    assert c.get("/ui/_console/_next/static/c.js").text == "our js"


def test_tenant_admin_by_caller(dirs):
    assert client(*dirs, "super_admin").get("/ui/tenant-admin/").text == "our tenant admin"
    assert client(*dirs, "account").get("/ui/tenant-admin/").headers["location"] == "/ui/"
    for caller in (None, "unknown"):
        r = client(*dirs, caller).get("/ui/tenant-admin")
        assert r.status_code == 302 and r.headers["location"] == "/ui/login/?redirect_to=/ui/tenant-admin/"


def test_the_super_admin_is_sent_from_dashboard_pages_but_gets_assets(dirs):
    c = client(*dirs, "super_admin")
    for path in ("/ui/", "/ui/teams/", "/ui/teams/index.txt", "/ui/teams/index.html", "/ui/missing/"):
        r = c.get(path)
        assert r.status_code == 302 and r.headers["location"] == "/ui/tenant-admin/", path
    assert c.get("/ui/_next/static/d.js").text == "dash js"
    assert c.get("/ui/next.svg").status_code == 200


def test_others_get_the_dashboard(dirs):
    for caller in (None, "account"):
        c = client(*dirs, caller)
        assert c.get("/ui/").text == "dashboard home" and c.get("/ui/teams/").text == "dashboard teams"


def test_a_vanished_export_is_a_503_with_the_fix(dirs):
    dashboard, console = dirs
    c = client(dashboard, console, None)
    shutil.rmtree(console / "login")
    r = c.get("/ui/login/")
    assert r.status_code == 503 and "alchemi setup" in r.text


def test_without_an_export_the_dashboard_answers(dirs):
    dashboard, _ = dirs
    c = client(dashboard, None, "account")
    assert c.get("/ui/login/").text == "dashboard login"


def test_the_seams_hold():
    from alchemi.overlay import prepare

    prepare()
    for seam in SEAMS:
        assert seam.problem() is None, f"{seam.name}: {seam.problem()}"
