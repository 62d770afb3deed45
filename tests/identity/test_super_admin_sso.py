"""The super admin signing in through the platform's own SSO (SUPER_ADMIN_EMAILS): a proxy of
its own, configured by environment, and a real provider that knows its callback."""
from __future__ import annotations

import sys
from collections.abc import Iterator

import httpx
import psycopg
import pytest

from tests.conftest import ARTIFACTS, MASTER_KEY
from tests.identity.conftest import Browser, _start_provider, with_params
from tests.support.servers import alchemi_env, free_port, start

ADMIN_EMAIL = "root@platform.example.org"


@pytest.fixture(scope="module")
def platform_sso(oidc_node_modules, database_factory, tmp_path_factory) -> Iterator[tuple]:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    idp = _start_provider(tmp_path_factory.mktemp("oidc-platform"), "platform", mode="generic",
                          clients=["platform-console"], redirect_uri=f"{url}/v2/sso/callback")
    database = database_factory("superadminsso")
    env = alchemi_env(DATABASE_URL=database, LITELLM_MASTER_KEY=MASTER_KEY, SUPER_ADMIN_EMAILS=f"{ADMIN_EMAIL},x@y.org",
                      ALCHEMI_SUPER_ADMIN_SSO_ISSUER=idp.issuer, ALCHEMI_SUPER_ADMIN_SSO_CLIENT_ID="platform-console",
                      ALCHEMI_SUPER_ADMIN_SSO_CLIENT_SECRET=idp.clients["platform-console"])
    proxy = start([sys.executable, "-m", "alchemi.cli", "serve", "--port", str(port), "--workers", "1",
                   "--log-level", "warning"], url=url, ready_path="/health/readiness",
                  log_path=ARTIFACTS / "logs" / "proxy-super-admin-sso.log", env=env, timeout=180)
    yield proxy, idp, database
    proxy.stop()
    idp.server.stop()


def test_super_admin_emails_sign_in_through_the_platform_sso(platform_sso):
    proxy, idp, database = platform_sso
    r = httpx.post(f"{proxy.url}/v2/login/resolve", json={"email": ADMIN_EMAIL.upper()})
    assert r.json()["method"] == "sso"
    browser = Browser(proxy.url)
    try:
        authorize = browser.start(ADMIN_EMAIL)
        assert authorize.startswith(idp.issuer)
        r = browser.callback(browser.authorize(authorize))
        assert r.status_code == 302 and r.headers["location"] == "/ui/tenant-admin", r.text
        token = r.cookies.get("token")
        assert httpx.get(f"{proxy.url}/alchemi/me", cookies={"token": token}).json()["role"] == "super_admin"
        assert httpx.get(f"{proxy.url}/account/list", cookies={"token": token}).status_code == 200
        assert httpx.get(f"{proxy.url}/key/list", cookies={"token": token}).status_code == 403
        with psycopg.connect(database) as conn:
            assert conn.execute('SELECT count(*) FROM "LiteLLM_VerificationToken"').fetchone()[0] == 0

    finally:
        browser.close()
    # Someone else at the same provider (a browser without the admin's provider session) is not the
    # super admin, even through a flow started for one.
    intruder = Browser(proxy.url)
    try:
        authorize = with_params(intruder.start(ADMIN_EMAIL), login_hint="intruder@platform.example.org")
        r = intruder.callback(intruder.authorize(authorize))
        assert r.status_code == 403 and "not a platform administrator" in r.json()["error"]["message"]
    finally:
        intruder.close()
    # Other emails still sign in with a password.
    assert httpx.post(f"{proxy.url}/v2/login/resolve", json={"email": "a@b.example.org"}).json() == {"method": "password"}
