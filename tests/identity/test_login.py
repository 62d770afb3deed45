"""Password sign-in, email-first routing, the super admin's session, /alchemi/me and logout."""
from __future__ import annotations

import uuid

import httpx
import psycopg
import pytest

from tests.conftest import MASTER_KEY
from tests.identity.conftest import sso_account

SUPER_USER = "admin"  # UI_USERNAME's default; UI_PASSWORD defaults to the master key


def _key_count(proxy_database: str) -> int:
    with psycopg.connect(proxy_database) as conn:
        return conn.execute('SELECT count(*) FROM "LiteLLM_VerificationToken"').fetchone()[0]


def _client_from(ip: str) -> httpx.Client:
    """A client connecting from its own loopback address (the rate limits count per address)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=ip), timeout=30)


def test_super_admin_password_login_gives_a_platform_only_session_and_mints_no_key(live_proxy, proxy_database):
    before = _key_count(proxy_database)
    r = httpx.post(f"{live_proxy.url}/v2/login", json={"username": SUPER_USER, "password": MASTER_KEY,
                                                       "redirect_to": "/ui/keys"})
    assert r.status_code == 200, r.text
    assert r.json() == {"redirect_url": "/ui/tenant-admin", "role": "super_admin"}
    token = r.cookies.get("token")
    assert token and "token=" in r.headers["set-cookie"] and "Path=/" in r.headers["set-cookie"]
    assert _key_count(proxy_database) == before  # no virtual key in any account

    cookies = {"token": token}
    assert httpx.get(f"{live_proxy.url}/account/list", cookies=cookies).status_code == 200
    me = httpx.get(f"{live_proxy.url}/alchemi/me", cookies=cookies).json()
    assert me == {"role": "super_admin", "email": None, "user_id": None, "account_id": None, "account_name": None}
    for path in ("/key/list", "/team/list", "/model/info", "/user/list", "/organization/list"):
        r = httpx.get(f"{live_proxy.url}{path}", cookies=cookies)
        assert r.status_code == 403, (path, r.status_code, r.text)
    # The session's inner key, sent the way the dashboard sends it, is the super admin too.
    import jwt

    inner = jwt.decode(token, options={"verify_signature": False})["key"]
    headers = {"Authorization": f"Bearer {inner}"}
    assert httpx.get(f"{live_proxy.url}/account/list", headers=headers).status_code == 200
    assert httpx.get(f"{live_proxy.url}/key/list", headers=headers).status_code == 403
    assert _key_count(proxy_database) == before


def test_legacy_form_login_is_the_same(live_proxy, proxy_database):
    before = _key_count(proxy_database)
    r = httpx.post(f"{live_proxy.url}/login", data={"username": SUPER_USER, "password": MASTER_KEY})
    assert r.status_code == 303 and r.headers["location"] == "/ui/tenant-admin"
    assert httpx.get(f"{live_proxy.url}/team/list", cookies={"token": r.cookies.get("token")}).status_code == 403
    assert _key_count(proxy_database) == before
    r = httpx.post(f"{live_proxy.url}/login", data={"username": SUPER_USER, "password": "wrong"})
    assert r.status_code == 401 and r.json()["error"]["message"]


def test_bad_credentials_are_401_with_a_message(live_proxy):
    for body in ({"username": SUPER_USER, "password": "nope"}, {"username": "ghost@nowhere.example.org", "password": "x"},
                 {"username": "", "password": "x"}):
        r = httpx.post(f"{live_proxy.url}/v2/login", json=body)
        assert r.status_code in (401, 422), r.text
        assert r.json()["error"]["message"]
    assert httpx.post(f"{live_proxy.url}/v2/login", content=b"{not json").status_code == 400
    assert httpx.post(f"{live_proxy.url}/v2/login", json=["a"]).status_code in (400, 422)


def test_forged_super_admin_session_is_not_accepted(live_proxy):
    import jwt

    forged = jwt.encode({"alchemi_super_admin": True, "exp": 4102444800}, "not-the-master-key", algorithm="HS256")
    r = httpx.get(f"{live_proxy.url}/account/list", cookies={"token": forged})
    assert r.status_code == 401


def test_resolve_answers_password_or_sso_and_nothing_more(super_admin, providers, live_proxy):
    acct = sso_account(super_admin, providers["generic"], "generic-c", label="resolve")
    with _client_from("127.0.0.21") as c:
        r = c.post(f"{live_proxy.url}/v2/login/resolve", json={"email": f"Someone@{acct['domain'].upper()}"})
        assert r.status_code == 200 and r.json()["method"] == "sso"
        assert set(r.json()) == {"method", "redirect_url"}
        unknown = c.post(f"{live_proxy.url}/v2/login/resolve", json={"email": "who@unknown-domain.example.org"})
        assert unknown.status_code == 200 and unknown.json() == {"method": "password"}
        # Every answer takes at least the same padded time, known domain or not.
        assert min(r.elapsed.total_seconds(), unknown.elapsed.total_seconds()) >= 0.15
        assert c.post(f"{live_proxy.url}/v2/login/resolve", json={"email": SUPER_USER}).json() == {"method": "password"}
        for bad in ({"email": "not-an-email"}, {"email": ""}, {"email": 3}, {}):
            r = c.post(f"{live_proxy.url}/v2/login/resolve", json=bad)
            assert r.status_code in (400, 422) and r.json()["error"]["message"], (bad, r.text)
        # An account whose SSO is switched off routes to password.
        cfg = super_admin.get(f"/account/{acct['account_id']}/sso").json()
        body = {k: cfg[k] for k in ("provider", "issuer", "client_id", "scopes", "zitadel_org_id", "default_role",
                                    "allowed_domains")} | {"enabled": False}
        assert super_admin.put(f"/account/{acct['account_id']}/sso", json=body).status_code == 200
        r = c.post(f"{live_proxy.url}/v2/login/resolve", json={"email": f"someone@{acct['domain']}"})
        assert r.json() == {"method": "password"}


LIMIT = 60  # ALCHEMI_LOGIN_RATE_LIMIT's default


def test_resolve_is_rate_limited_per_client_address(live_proxy):
    with _client_from("127.0.0.22") as c:
        answers = [c.post(f"{live_proxy.url}/v2/login/resolve", json={"email": f"x{i}@example.org"})
                   for i in range(LIMIT + 2)]
    assert [a.status_code for a in answers[:LIMIT]] == [200] * LIMIT and answers[-1].status_code == 429
    assert answers[-1].json()["error"]["message"]
    with _client_from("127.0.0.23") as other:  # another address is not affected
        r = other.post(f"{live_proxy.url}/v2/login/resolve", json={"email": "y@example.org"})
        assert r.status_code == 200


def test_failed_passwords_are_rate_limited_and_successes_are_not(live_proxy):
    with _client_from("127.0.0.24") as c:
        for _ in range(LIMIT + 5):  # sign-ins that succeed never count
            assert c.post(f"{live_proxy.url}/v2/login", json={"username": SUPER_USER, "password": MASTER_KEY}).status_code == 200
        answers = [c.post(f"{live_proxy.url}/v2/login", json={"username": SUPER_USER, "password": f"guess-{i}"}).status_code
                   for i in range(LIMIT + 1)]
        assert answers[:LIMIT] == [401] * LIMIT and answers[-1] == 429
        # Once over the limit, even the right password waits.
        assert c.post(f"{live_proxy.url}/v2/login", json={"username": SUPER_USER, "password": MASTER_KEY}).status_code == 429


def test_me_and_logout(live_proxy, admin):
    assert httpx.get(f"{live_proxy.url}/alchemi/me").status_code == 401
    assert httpx.get(f"{live_proxy.url}/alchemi/me", headers={"Authorization": "Bearer sk-unknown"}).status_code == 401
    me = admin.get("/alchemi/me").json()
    assert me["role"] == "service_client" and me["account_id"] == admin.account_id and me["account_name"]
    r = httpx.post(f"{live_proxy.url}/alchemi/logout", cookies={"token": "whatever"})
    assert r.status_code == 200 and r.json() == {"redirect_url": "/ui/login"}
    assert 'token=""' in r.headers["set-cookie"] or "Max-Age=0" in r.headers["set-cookie"]


@pytest.fixture
def invited_admin(super_admin, account_factory, live_proxy) -> dict:
    """An account admin who accepted an invitation with a password: {account_id, email, password, token}."""
    acct = account_factory("login")
    domain = super_admin.get(f"/account/{acct['account_id']}").json()["domains"][0]
    email = f"owner-{uuid.uuid4().hex[:6]}@{domain}"
    invite = super_admin.post(f"/account/{acct['account_id']}/admin", json={"email": email}).json()
    token = invite["invitation_url"].split("token=")[1]
    password = "correct horse battery"
    r = httpx.post(f"{live_proxy.url}/v2/invitation/{token}/accept", json={"password": password})
    assert r.status_code == 200, r.text
    return {"account_id": acct["account_id"], "email": email, "password": password, "session": r.cookies.get("token")}


def test_account_user_password_login(invited_admin, live_proxy):
    r = httpx.post(f"{live_proxy.url}/v2/login", json={"username": invited_admin["email"].upper(),
                                                       "password": invited_admin["password"],
                                                       "redirect_to": "/ui/?page=teams"})
    assert r.status_code == 200, r.text
    assert r.json() == {"redirect_url": "/ui/?page=teams", "role": "proxy_admin"}
    token = r.cookies.get("token")
    me = httpx.get(f"{live_proxy.url}/alchemi/me", cookies={"token": token}).json()
    assert me["role"] == "account_admin" and me["account_id"] == invited_admin["account_id"]
    assert me["email"] == invited_admin["email"]
    # The session works on the account's LiteLLM routes, as the dashboard uses it.
    import jwt

    inner = jwt.decode(token, options={"verify_signature": False})["key"]
    assert httpx.get(f"{live_proxy.url}/team/list", headers={"Authorization": f"Bearer {inner}"}).status_code == 200
    # An unsafe redirect_to falls back to the dashboard.
    for target in ("https://evil.example.org/", "//evil.example.org", "javascript:alert(1)"):
        r = httpx.post(f"{live_proxy.url}/v2/login", json={"username": invited_admin["email"],
                                                           "password": invited_admin["password"], "redirect_to": target})
        assert r.json()["redirect_url"] == "/ui/", target
    r = httpx.post(f"{live_proxy.url}/v2/login", json={"username": invited_admin["email"], "password": "wrong-password"})
    assert r.status_code == 401
    # Logging out retires the session's key, at once (LiteLLM's auth cache held it).
    r = httpx.post(f"{live_proxy.url}/alchemi/logout", cookies={"token": token})
    assert r.status_code == 200
    assert httpx.get(f"{live_proxy.url}/team/list", headers={"Authorization": f"Bearer {inner}"}).status_code == 401
    assert httpx.get(f"{live_proxy.url}/team/list", cookies={"token": token}).status_code == 401
