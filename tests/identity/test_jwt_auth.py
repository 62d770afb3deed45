"""JWT authentication per account: tokens from the account's own provider (real oidc-provider)
authenticate API calls as a user of that account; everything else is refused."""
from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import urlencode

import httpx
import pytest

from tests.identity.conftest import Browser, Provider, query_of


def _id_token(idp: Provider, client_id: str, email: str, proxy_url: str) -> str:
    """An id_token for `email`, obtained from the provider's real code flow as its client would."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    redirect_uri = f"{proxy_url}/v2/sso/callback"
    browser = Browser(proxy_url)
    try:
        authorize = f"{idp.issuer}/auth?" + urlencode({
            "response_type": "code", "client_id": client_id, "redirect_uri": redirect_uri, "scope": "openid email",
            "state": secrets.token_urlsafe(8), "nonce": secrets.token_urlsafe(8), "code_challenge": challenge,
            "code_challenge_method": "S256", "login_hint": email})
        code = query_of(browser.authorize(authorize))["code"]
    finally:
        browser.close()
    r = httpx.post(f"{idp.issuer}/token", auth=(client_id, idp.clients[client_id]), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "code_verifier": verifier})
    assert r.status_code == 200, r.text
    return r.json()["id_token"]


@pytest.fixture(scope="module")
def jwt_account(super_admin, account_factory, providers):
    acct = account_factory("jwt")
    generic = providers["generic"]
    r = super_admin.put(f"/account/{acct['account_id']}/jwt-auth", json={
        "issuer": generic.issuer, "jwks_url": f"{generic.issuer}/jwks", "audience": "generic-a",
        "role_claim": "email", "role_map": {"boss@jwt.example.org": "proxy_admin"}})
    assert r.status_code == 200, r.text
    return acct


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_a_token_of_the_accounts_issuer_authenticates_as_a_user_of_the_account(jwt_account, providers, live_proxy):
    token = _id_token(providers["generic"], "generic-a", "dev@jwt.example.org", live_proxy.url)
    r = httpx.get(f"{live_proxy.url}/key/list", headers=_bearer(token))
    assert r.status_code == 200, r.text
    me = httpx.get(f"{live_proxy.url}/alchemi/me", headers=_bearer(token)).json()
    assert me["account_id"] == jwt_account["account_id"] and me["role"] == "member"
    assert me["user_id"] == f"jwt:{jwt_account['account_id']}:sub-dev@jwt.example.org"
    assert me["email"] == "dev@jwt.example.org"
    assert httpx.get(f"{live_proxy.url}/user/list", headers=_bearer(token)).status_code in (401, 403)
    # The role claim maps to LiteLLM's admin of the account.
    boss = _id_token(providers["generic"], "generic-a", "boss@jwt.example.org", live_proxy.url)
    assert httpx.get(f"{live_proxy.url}/alchemi/me", headers=_bearer(boss)).json()["role"] == "account_admin"
    assert httpx.get(f"{live_proxy.url}/user/list", headers=_bearer(boss)).status_code == 200
    # The same token again reuses the minted key (no new key per request).
    assert httpx.get(f"{live_proxy.url}/key/list", headers=_bearer(token)).status_code == 200


def test_tokens_the_account_does_not_trust_are_refused(jwt_account, super_admin, account_factory, providers,
                                                      live_proxy):
    generic = providers["generic"]
    other_client = _id_token(generic, "generic-b", "dev@jwt.example.org", live_proxy.url)  # wrong audience
    unknown_issuer = _id_token(providers["zitadel"], "zitadel-a", "dev@zitadel-a.example.com", live_proxy.url)
    good = _id_token(generic, "generic-a", "dev@jwt.example.org", live_proxy.url)
    header, payload, signature = good.split(".")
    tampered = ".".join([header, payload, signature[:-4] + ("AAAA" if not signature.endswith("AAAA") else "BBBB")])
    forged_payload = base64.urlsafe_b64encode(
        base64.urlsafe_b64decode(payload + "==").replace(b"dev@", b"eve@")).rstrip(b"=").decode()
    forged = ".".join([header, forged_payload, signature])
    for name, token in (("audience", other_client), ("issuer", unknown_issuer), ("signature", tampered),
                        ("claims", forged)):
        r = httpx.get(f"{live_proxy.url}/key/list", headers=_bearer(token))
        assert r.status_code == 401, (name, r.status_code, r.text)

    late = account_factory("jwt-late")
    r = super_admin.put(f"/account/{late['account_id']}/jwt-auth", json={
        "issuer": providers["late"].issuer, "jwks_url": f"{providers['late'].issuer}/jwks"})
    assert r.status_code == 200
    expired = _id_token(providers["late"], "late-a", "old@late.example.org", live_proxy.url)
    assert httpx.get(f"{live_proxy.url}/key/list", headers=_bearer(expired)).status_code == 401


def test_configuration_rules(jwt_account, super_admin, account_factory, providers, live_proxy):
    url = f"/account/{jwt_account['account_id']}/jwt-auth"
    got = super_admin.get(url).json()
    assert got["issuer"] == providers["generic"].issuer and got["role_map"] == {"boss@jwt.example.org": "proxy_admin"}
    other = account_factory("jwt-taken")
    r = super_admin.put(f"/account/{other['account_id']}/jwt-auth", json={
        "issuer": providers["generic"].issuer, "jwks_url": f"{providers['generic'].issuer}/jwks"})
    assert r.status_code == 409
    for bad in ({"issuer": "nope", "jwks_url": "https://x.example.org/jwks"},
                {"issuer": "https://x.example.org", "jwks_url": "https://x.example.org/jwks", "role_map": {"a": "god"}}):
        assert super_admin.put(f"/account/{other['account_id']}/jwt-auth", json=bad).status_code == 422
    assert super_admin.get(f"/account/{other['account_id']}/jwt-auth").status_code == 404
    headers = {"Authorization": f"Bearer {other['key']}"}
    assert httpx.get(f"{live_proxy.url}{url}", headers=headers).status_code == 403
    # Switched off: the account's tokens stop working.
    body = {k: got[k] for k in ("issuer", "jwks_url", "audience", "role_claim", "role_map")} | {"enabled": False}
    assert super_admin.put(url, json=body).status_code == 200
    token = _id_token(providers["generic"], "generic-a", "dev2@jwt.example.org", live_proxy.url)
    assert httpx.get(f"{live_proxy.url}/key/list", headers=_bearer(token)).status_code == 401
    assert super_admin.put(url, json=body | {"enabled": True}).status_code == 200
