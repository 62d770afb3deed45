"""Our pages as the live proxy serves them: which page answers, the redirects by session, the
API docs' title, and no environment-credential login warning."""
from __future__ import annotations

import re

import httpx
import pytest

from tests.conftest import MASTER_KEY


def get(proxy, path: str, token: str | None = None, **kwargs) -> httpx.Response:
    cookies = {"token": token} if token else None
    return httpx.get(f"{proxy.url}{path}", cookies=cookies, follow_redirects=False, timeout=30, **kwargs)


def is_ours(r: httpx.Response) -> bool:
    return r.status_code == 200 and "/ui/_console/_next/static/" in r.text


@pytest.mark.parametrize("path", ["/ui/login/", "/ui/login", "/ui/login/index.html", "/ui/login/?redirect_to=%2Fui%2Fteams%2F",
                                  "/ui/invite?token=abc", "/ui/invite/"])
def test_our_pages_answer_instead_of_the_dashboard(live_proxy, path):
    r = get(live_proxy, path)
    assert is_ours(r), (r.status_code, r.text[:300])
    assert "<title>Alchemi Studio Console</title>" in r.text


@pytest.mark.parametrize("path", ["/ui/login/index.txt", "/ui/login/__next.login.__PAGE__.txt", "/ui/login/__next._tree.txt"])
def test_the_dashboards_login_payloads_are_gone(live_proxy, path):
    """Its client-side router then loads /ui/login/ in full, which is ours."""
    assert get(live_proxy, path).status_code == 404


def test_our_scripts_and_styles_are_served(live_proxy):
    html = get(live_proxy, "/ui/login/").text
    assets = re.findall(r'(?:src|href)="(/ui/_console/[^"]+)"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert get(live_proxy, asset).status_code == 200, asset


def test_tenant_admin_without_a_session_goes_to_login(live_proxy):
    r = get(live_proxy, "/ui/tenant-admin/")
    assert r.status_code == 302 and r.headers["location"] == "/ui/login/?redirect_to=/ui/tenant-admin/"
    assert get(live_proxy, "/ui/tenant-admin/", token="not-a-session").headers["location"].startswith("/ui/login/")


def test_the_super_admin_sees_tenant_admin_and_nothing_else(live_proxy, super_admin_session):
    for path in ("/ui/tenant-admin/", "/ui/tenant-admin"):
        assert is_ours(get(live_proxy, path, super_admin_session)), path
    for path in ("/ui/", "/ui/api-keys/", "/ui/teams/", "/ui/usage/index.html", "/ui/teams/index.txt", "/ui/no-such-page/"):
        r = get(live_proxy, path, super_admin_session)
        assert r.status_code == 302 and r.headers["location"] == "/ui/tenant-admin/", path
    # Scripts, styles and images still load (the Tenant Admin page and the login page use some).
    dashboard_html = get(live_proxy, "/ui/").text
    chunk = re.search(r'src="(/[^"]*_next/static/[^"]+\.js)"', dashboard_html).group(1)
    assert get(live_proxy, chunk, super_admin_session).status_code == 200


def test_the_master_key_is_redirected_like_a_super_admin_session(live_proxy):
    r = get(live_proxy, "/ui/teams/", headers={"Authorization": f"Bearer {MASTER_KEY}"})
    assert r.status_code == 302 and r.headers["location"] == "/ui/tenant-admin/"


def test_an_account_session_uses_the_dashboard_not_tenant_admin(live_proxy, account_admin):
    r = get(live_proxy, "/ui/tenant-admin/", account_admin["token"])
    assert r.status_code == 302 and r.headers["location"] == "/ui/"
    r = get(live_proxy, "/ui/", account_admin["token"])
    assert r.status_code == 200 and not is_ours(r) and "Alchemi Studio Console" in r.text


def test_api_docs_are_titled_alchemi_studio_console(live_proxy):
    spec = get(live_proxy, "/openapi.json").json()
    assert spec["info"]["title"] == "Alchemi Studio Console"
    assert "litellm" not in spec["info"]["description"].lower()
    for path in ("/", "/redoc"):
        r = get(live_proxy, path)
        assert r.status_code == 200, path
        title = re.search(r"<title>(.*?)</title>", r.text, re.S).group(1)
        assert title.startswith("Alchemi Studio Console") and "litellm" not in title.lower(), title


def test_no_environment_credential_login_warning(live_proxy, account_admin):
    r = httpx.get(f"{live_proxy.url}/health/readiness/details", cookies={"token": account_admin["token"]},
                  headers={"Authorization": f"Bearer {_session_key(account_admin['token'])}"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.json()["show_env_credential_login_warning"] is False


def _session_key(token: str) -> str:
    import jwt

    return jwt.decode(token, MASTER_KEY, algorithms=["HS256"])["key"]
