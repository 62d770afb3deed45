"""Bad input to every identity route gets a clear 4xx with a message, never a 500."""
from __future__ import annotations

import httpx
import pytest

BAD_BODIES = [b"", b"{", b"[]", b"null", b"42", b'"text"', b'{"email": null}', b'{"email": ["a"]}',
              b'{"username": 1, "password": {}}', b'{"password": "' + b"x" * 5000 + b'"}',
              "{\"email\": \"\u00e9\u00e9@\u00e9\u00e9\"}".encode(), b'{"issuer": 5, "client_id": []}']

ROUTES = [
    ("POST", "/v2/login/resolve"), ("POST", "/v2/login"), ("POST", "/login"),
    ("POST", "/v2/invitation/some-token/accept"), ("PUT", "/account/{account}/sso"),
    ("POST", "/account/{account}/sso/test"), ("PUT", "/account/{account}/jwt-auth"),
]


def _message(r: httpx.Response) -> str:
    body = r.json()
    if isinstance(body.get("error"), dict):
        return body["error"].get("message") or ""
    return str(body.get("detail") or "")


@pytest.mark.parametrize("method, path", ROUTES)
def test_bad_bodies_get_a_4xx_with_a_message(method, path, live_proxy, account_factory):
    acct = account_factory("badinput")
    headers = {"Authorization": f"Bearer {acct['key']}", "Content-Type": "application/json"}
    for body in BAD_BODIES:
        r = httpx.request(method, live_proxy.url + path.replace("{account}", acct["account_id"]), content=body,
                          headers=headers, timeout=30)
        assert 400 <= r.status_code < 500, (path, body[:40], r.status_code, r.text[:300])
        assert _message(r), (path, body[:40], r.text[:300])


def test_bad_query_strings(live_proxy):
    client = httpx.Client(base_url=live_proxy.url, timeout=30)
    for params in ({}, {"email": ""}, {"email": "a" * 5000}, {"email": "x@y", "redirect_to": "//evil"}):
        r = client.get("/v2/sso/start", params=params)
        assert 400 <= r.status_code < 500, (params, r.text)
    for params in ({}, {"state": "x" * 5000}, {"code": "c"}, {"state": "s", "code": "c", "iss": "http://other"}):
        r = client.get("/v2/sso/callback", params=params)
        assert 400 <= r.status_code < 500, (params, r.text)
    for token in ("x" * 500, "%00", "a b"):
        r = client.get(f"/v2/invitation/{token}")
        assert r.status_code == 404, (token, r.text)
    client.close()
