"""Fixtures for the console tests: sessions made through the real sign-in API of the live proxy
(tests/conftest.py `live_proxy`), and Debian's chromium with playwright-core (shared with the
branding tests)."""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.branding.conftest import chromium, node_modules  # noqa: F401 - fixtures shared with the branding crawl
from tests.conftest import ARTIFACTS, MASTER_KEY
from tests.identity.conftest import _start_provider, oidc_node_modules  # noqa: F401 - the identity tests' OpenID provider

SCREENSHOTS = ARTIFACTS / "screenshots" / "console"
SUPER_ADMIN_USERNAME = "admin"  # UI_USERNAME's default; UI_PASSWORD defaults to the master key
SUPER_ADMIN_PASSWORD = MASTER_KEY
ACCOUNT_ADMIN_PASSWORD = "a long console test password"


def missing_route(proxy_url: str, method: str, path: str, **kwargs) -> bool:
    """True when the server does not have this route yet (404 from routing, not from the handler)."""
    r = httpx.request(method, f"{proxy_url}{path}", timeout=30, **kwargs)
    try:
        body = r.json()
    except ValueError:
        return False
    return r.status_code == 404 and isinstance(body, dict) and body.get("detail") == "Not Found"


def require_routes(proxy_url: str, *routes: tuple[str, str, dict]) -> None:
    for method, path, kwargs in routes:
        if missing_route(proxy_url, method, path, **kwargs):
            pytest.skip(f"{method} {path} is not served yet (identity endpoints missing)")


@pytest.fixture(scope="session")
def super_admin_session(live_proxy) -> str:
    """The super admin's `token` cookie, from POST /v2/login."""
    require_routes(live_proxy.url, ("POST", "/v2/login", {"json": {}}))
    r = httpx.post(f"{live_proxy.url}/v2/login", json={"username": SUPER_ADMIN_USERNAME, "password": SUPER_ADMIN_PASSWORD},
                   timeout=30)
    assert r.status_code == 200, r.text
    return r.cookies["token"]


@pytest.fixture(scope="session")
def account_admin(live_proxy, super_admin) -> dict:
    """A new account with an admin who accepted an invitation: {account_id, email, password, token}."""
    require_routes(live_proxy.url, ("GET", "/v2/invitation/x", {}))
    suffix = uuid.uuid4().hex[:8]
    domain = f"console-{suffix}.example.com"
    r = super_admin.post("/account/new", json={"account_name": f"Console {suffix}", "domains": [domain]})
    assert r.status_code == 200, r.text
    account_id = r.json()["account_id"]
    email = f"admin@{domain}"
    r = super_admin.post(f"/account/{account_id}/admin", json={"email": email})
    assert r.status_code == 200, r.text
    token = r.json()["invitation_url"].split("token=", 1)[1]
    r = httpx.post(f"{live_proxy.url}/v2/invitation/{token}/accept", json={"password": ACCOUNT_ADMIN_PASSWORD}, timeout=30)
    assert r.status_code == 200, r.text
    return {"account_id": account_id, "email": email, "password": ACCOUNT_ADMIN_PASSWORD, "token": r.cookies["token"],
            "domain": domain}


@pytest.fixture(scope="session")
def sso_provider(oidc_node_modules, live_proxy, tmp_path_factory):  # noqa: F811
    """A real OpenID provider (npm oidc-provider) with one client for the console's SSO sign-in."""
    provider = _start_provider(tmp_path_factory.mktemp("console-oidc"), "console", mode="generic",
                               clients=["console-sso"], redirect_uri=f"{live_proxy.url}/v2/sso/callback")
    yield provider
    provider.server.stop()
