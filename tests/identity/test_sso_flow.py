"""The SSO sign-in against real OpenID providers (oidc-provider): the full authorization-code
flow with PKCE over HTTP, Zitadel-style and generic, and the ways it must fail."""
from __future__ import annotations

import httpx
import pytest

from tests.identity.conftest import Browser, query_of, sso_account, with_params


def _me(live_proxy, token: str) -> dict:
    r = httpx.get(f"{live_proxy.url}/alchemi/me", cookies={"token": token})
    assert r.status_code == 200, r.text
    return r.json()


def test_generic_code_flow_signs_in_and_creates_the_user_once(super_admin, providers, browser: Browser, live_proxy):
    acct = sso_account(super_admin, providers["generic"], "generic-a", label="sso-generic")
    email = f"alice@{acct['domain']}"
    r = httpx.post(f"{live_proxy.url}/v2/login/resolve", json={"email": email})
    assert r.json() == {"method": "sso", "redirect_url": r.json()["redirect_url"]}
    assert r.json()["redirect_url"].startswith("/v2/sso/start?")

    authorize = browser.start(email, redirect_to="/ui/?page=api-keys")
    q = query_of(authorize)
    assert authorize.startswith(providers["generic"].issuer)
    assert q["code_challenge_method"] == "S256" and len(q["code_challenge"]) >= 43
    assert q["state"] and q["nonce"] and q["client_id"] == "generic-a" and q["login_hint"] == email
    r = browser.callback(browser.authorize(authorize))
    assert r.status_code == 302, r.text
    assert r.headers["location"] == "/ui/?page=api-keys"
    token = r.cookies.get("token")
    me = _me(live_proxy, token)
    assert me["account_id"] == acct["account_id"] and me["email"] == email and me["role"] == "member"

    # The session's key (sent by the dashboard as a bearer token) works on the account's routes.
    import jwt

    inner = jwt.decode(token, options={"verify_signature": False})["key"]
    r = httpx.get(f"{live_proxy.url}/key/list", headers={"Authorization": f"Bearer {inner}"})
    assert r.status_code == 200, r.text

    # Signing in again finds the same user.
    again = browser.callback(browser.authorize(browser.start(email)))
    assert again.status_code == 302 and again.headers["location"] == "/ui/"
    assert _me(live_proxy, again.cookies.get("token"))["user_id"] == me["user_id"]


def test_zitadel_flow_checks_the_organisation_claim(super_admin, providers, browser: Browser, live_proxy):
    zitadel = providers["zitadel"]
    a = sso_account(super_admin, zitadel, "zitadel-a", label="zit-a", domain="zitadel-a.example.com",
                    provider="zitadel", zitadel_org_id="org-a", default_role="internal_user_viewer")
    b = sso_account(super_admin, zitadel, "zitadel-b", label="zit-b", domain="zitadel-b.example.com",
                    provider="zitadel", zitadel_org_id="org-b")
    authorize = browser.start("bob@zitadel-a.example.com")
    scopes = query_of(authorize)["scope"].split()
    assert "urn:zitadel:iam:org:id:org-a" in scopes and "urn:zitadel:iam:user:resourceowner" in scopes
    r = browser.callback(browser.authorize(authorize))
    assert r.status_code == 302, r.text
    me = _me(live_proxy, r.cookies.get("token"))
    assert me["account_id"] == a["account_id"] and me["role"] == "member"

    # A person of organisation org-a completing a sign-in that account B started is refused.
    authorize = with_params(browser.start("carol@zitadel-b.example.com"), login_hint="carol@zitadel-a.example.com")
    r = browser.callback(browser.authorize(authorize))
    assert r.status_code == 403 and "organisation" in r.json()["error"]["message"]
    assert b["account_id"]


@pytest.fixture
def generic_account(super_admin, providers) -> dict:
    return sso_account(super_admin, providers["generic"], "generic-a", label="sso-neg")


def test_wrong_state_is_refused(generic_account, browser: Browser):
    callback = browser.authorize(browser.start(f"dan@{generic_account['domain']}"))
    r = browser.callback(with_params(callback, state="not-a-state-we-issued"))
    assert r.status_code == 400 and "state" in r.json()["error"]["message"]
    assert "token" not in r.cookies


def test_replayed_code_is_refused(generic_account, browser: Browser):
    email = f"erin@{generic_account['domain']}"
    callback = browser.authorize(browser.start(email))
    assert browser.callback(callback).status_code == 302
    replay = browser.callback(callback)  # the same answer again: its state is used up
    assert replay.status_code == 400 and "already used" in replay.json()["error"]["message"]
    # The used code under a fresh state: the provider refuses to redeem it twice.
    fresh_state = query_of(browser.start(email))["state"]
    r = browser.callback(with_params(callback, state=fresh_state))
    assert r.status_code == 401 and "refused the sign-in code" in r.json()["error"]["message"]


def test_wrong_nonce_is_refused(generic_account, browser: Browser):
    authorize = with_params(browser.start(f"fay@{generic_account['domain']}"), nonce="a-nonce-we-never-issued")
    r = browser.callback(browser.authorize(authorize))
    assert r.status_code == 401 and "nonce" in r.json()["error"]["message"]


def test_tampered_pkce_challenge_is_refused(generic_account, browser: Browser):
    authorize = with_params(browser.start(f"gil@{generic_account['domain']}"),
                            code_challenge="A" * 43)
    r = browser.callback(browser.authorize(authorize))
    assert r.status_code == 401, r.text


def test_code_from_another_accounts_client_is_refused(super_admin, providers, generic_account, browser: Browser):
    other = sso_account(super_admin, providers["generic"], "generic-b", label="sso-other")
    state_a = query_of(browser.start(f"hal@{generic_account['domain']}"))["state"]
    callback_b = browser.authorize(browser.start(f"hal@{other['domain']}"))
    r = browser.callback(with_params(callback_b, state=state_a))
    assert r.status_code == 401, r.text
    assert "token" not in r.cookies


def test_expired_id_token_is_refused(super_admin, providers, browser: Browser):
    late = sso_account(super_admin, providers["late"], "late-a", label="sso-late")
    r = browser.callback(browser.authorize(browser.start(f"ivy@{late['domain']}")))
    assert r.status_code == 401 and "expired" in r.json()["error"]["message"]


def test_email_domain_of_another_account_is_refused(generic_account, browser: Browser):
    authorize = with_params(browser.start(f"jon@{generic_account['domain']}"), login_hint="mallory@elsewhere.example.org")
    r = browser.callback(browser.authorize(authorize))
    assert r.status_code == 403 and "elsewhere.example.org" in r.json()["error"]["message"]


def test_provider_error_and_missing_code_are_clear_4xx(generic_account, browser: Browser, live_proxy):
    state = query_of(browser.start(f"kim@{generic_account['domain']}"))["state"]
    r = browser.client.get(f"{live_proxy.url}/v2/sso/callback", params={"state": state, "error": "access_denied"})
    assert r.status_code == 401 and "access_denied" in r.json()["error"]["message"]
    r = browser.client.get(f"{live_proxy.url}/v2/sso/callback")
    assert r.status_code == 400
    r = browser.client.get(f"{live_proxy.url}/v2/sso/start", params={"email": "nobody@no-sso.example.org"})
    assert r.status_code == 400 and "password" in r.json()["error"]["message"]
    r = browser.client.get(f"{live_proxy.url}/v2/sso/start", params={"email": "not-an-email"})
    assert r.status_code == 422
