"""Per-account SSO configuration: who may manage it, the secret never returned, the test action."""
from __future__ import annotations

import httpx
import psycopg


def _body(issuer: str, **extra) -> dict:
    return {"provider": "okta", "issuer": issuer, "client_id": "console", "client_secret": "s3cret-value",
            "scopes": ["openid", "email"], "default_role": "internal_user",
            "allowed_domains": ["Partner.Example.com"], **extra}


def test_super_admin_configures_any_account_and_the_secret_is_never_returned(super_admin, account_factory,
                                                                             providers, proxy_database):
    acct = account_factory("ssocfg")
    url = f"/account/{acct['account_id']}/sso"
    r = super_admin.get(url)
    assert r.status_code == 200 and r.json()["configured"] is False and r.json()["has_client_secret"] is False
    r = super_admin.put(url, json=_body(providers["generic"].issuer))
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["configured"] and out["has_client_secret"] and out["provider"] == "okta"
    assert out["allowed_domains"] == ["partner.example.com"] and "client_secret" not in out
    assert "s3cret-value" not in super_admin.get(url).text
    with psycopg.connect(proxy_database) as conn:
        stored = conn.execute('SELECT client_secret_encrypted FROM "Alchemi_AccountSSOConfigTable" '
                              'WHERE account_id = %s', (acct["account_id"],)).fetchone()[0]
    assert stored and "s3cret-value" not in stored
    # Saving without a secret keeps the stored one.
    body = _body(providers["generic"].issuer)
    del body["client_secret"]
    assert super_admin.put(url, json=body).json()["has_client_secret"] is True

    for empty in (None, {}):  # an empty body tests the stored configuration
        r = super_admin.post(f"{url}/test", json=empty)
        assert r.status_code == 200 and r.json()["ok"] is True, r.text
    assert super_admin.post(f"{url}/test", json={"issuer": "nope", "client_id": "x"}).status_code == 422
    r = super_admin.post(f"{url}/test")
    assert r.status_code == 200 and r.json() == {"ok": True, "issuer": providers["generic"].issuer,
                                                 "authorization_endpoint": providers["generic"].issuer + "/auth",
                                                 "error": None}
    r = super_admin.post(f"{url}/test", json=_body("http://127.0.0.1:9/nothing-here"))
    assert r.status_code == 200 and r.json()["ok"] is False and r.json()["error"]

    assert super_admin.delete(url).json()["configured"] is False
    assert super_admin.delete(url).status_code == 404
    assert super_admin.get("/account/does-not-exist/sso").status_code == 404


def test_bad_configuration_is_422_with_a_message(super_admin, account_factory):
    acct = account_factory("ssobad")
    url = f"/account/{acct['account_id']}/sso"
    for bad in ({"issuer": "not a url", "client_id": "x"}, {"issuer": "https://idp.example.org", "client_id": ""},
                {"issuer": "https://idp.example.org", "client_id": "x", "provider": "myspace"},
                {"issuer": "https://idp.example.org", "client_id": "x", "default_role": "god"},
                {"issuer": "https://idp.example.org", "client_id": "x", "allowed_domains": ["not a domain"]},
                {"issuer": "https://idp.example.org", "client_id": "x", "unknown": 1}):
        r = super_admin.put(url, json=bad)
        assert r.status_code == 422, (bad, r.text)


def test_account_admin_manages_only_its_own_account(super_admin, account_factory, live_proxy, providers):
    mine, other = account_factory("ssoown"), account_factory("ssooth")
    headers = {"Authorization": f"Bearer {mine['key']}"}
    r = httpx.put(f"{live_proxy.url}/account/{mine['account_id']}/sso", headers=headers,
                  json=_body(providers["generic"].issuer))
    assert r.status_code == 200, r.text
    assert httpx.get(f"{live_proxy.url}/account/{mine['account_id']}/sso", headers=headers).json()["configured"]
    for method, path in (("GET", "/sso"), ("PUT", "/sso"), ("DELETE", "/sso"), ("POST", "/sso/test")):
        r = httpx.request(method, f"{live_proxy.url}/account/{other['account_id']}{path}", headers=headers,
                          json=_body(providers["generic"].issuer) if method == "PUT" else None)
        assert r.status_code == 403, (method, path, r.text)
    assert httpx.get(f"{live_proxy.url}/account/{mine['account_id']}/sso").status_code == 401
    # A member of the account may not.
    member = httpx.post(f"{live_proxy.url}/key/generate", headers=headers, json={"user_id": "plain-member"}).json()
    r = httpx.get(f"{live_proxy.url}/account/{mine['account_id']}/sso",
                  headers={"Authorization": f"Bearer {member['key']}"})
    assert r.status_code == 403, r.text
