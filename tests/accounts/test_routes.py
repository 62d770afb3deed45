"""The super admin's account API through the live proxy: lifecycle, validation, access."""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.support.accounts import new_account


def _name() -> str:
    return f"Acct {uuid.uuid4().hex[:8]}"


def _domain() -> str:
    return f"d{uuid.uuid4().hex[:8]}.example.com"


def test_create_get_list_update(super_admin):
    name, domain = _name(), _domain()
    r = super_admin.post("/account/new", json={"account_name": name, "domains": [domain.upper(), domain],
                                               "admins": ["Owner@Example.com"], "metadata": {"tier": "gold"}})
    assert r.status_code == 200, r.text
    acct = r.json()
    assert acct["account_name"] == name and acct["status"] == "active"
    assert acct["domains"] == [domain]  # normalised and de-duplicated
    assert [a["email"] for a in acct["admins"]] == ["owner@example.com"]
    assert super_admin.get(f"/account/{acct['account_id']}").json()["metadata"] == {"tier": "gold"}

    listed = super_admin.get("/account/list", params={"search": name.split()[1]}).json()
    assert [a["account_id"] for a in listed["accounts"]] == [acct["account_id"]] and listed["total"] == 1
    by_domain = super_admin.get("/account/list", params={"search": domain}).json()
    assert [a["account_id"] for a in by_domain["accounts"]] == [acct["account_id"]]

    new_domain = _domain()
    r = super_admin.put(f"/account/{acct['account_id']}", json={"domains": [new_domain], "zitadel_org_id": "z-1"})
    assert r.status_code == 200, r.text
    assert r.json()["domains"] == [new_domain] and r.json()["zitadel_org_id"] == "z-1"
    # the released domain can be used by another account
    assert super_admin.post("/account/new", json={"account_name": _name(), "domains": [domain]}).status_code == 200


@pytest.mark.parametrize("body,fragment", [
    ({"domains": ["x.com"]}, "account_name"),
    ({"account_name": "", "domains": []}, "account_name"),
    ({"account_name": "x", "domains": ["not a domain"]}, "valid email domain"),
    ({"account_name": "x", "domains": ["-bad-.com"]}, "valid email domain"),
    ({"account_name": "x", "admins": ["nobody"]}, "valid email address"),
    ({"account_name": "x", "max_budget": -1}, "greater than or equal"),
    ({"account_name": "x", "unknown_field": 1}, "unknown_field"),
])
def test_bad_input_is_422_with_a_message(super_admin, body, fragment):
    r = super_admin.post("/account/new", json=body)
    assert r.status_code == 422, r.text
    assert fragment in r.text


def test_names_and_domains_are_unique(super_admin):
    name, domain = _name(), _domain()
    assert super_admin.post("/account/new", json={"account_name": name, "domains": [domain]}).status_code == 200
    r = super_admin.post("/account/new", json={"account_name": name.upper(), "domains": [_domain()]})
    assert r.status_code == 409 and "already exists" in r.json()["error"]["message"]
    r = super_admin.post("/account/new", json={"account_name": _name(), "domains": [domain]})
    assert r.status_code == 409 and domain in r.json()["error"]["message"]
    other = super_admin.post("/account/new", json={"account_name": _name(), "domains": [_domain()]}).json()
    r = super_admin.put(f"/account/{other['account_id']}", json={"domains": [domain]})
    assert r.status_code == 409


def test_unknown_account_is_404(super_admin):
    for call in (lambda: super_admin.get("/account/nope"), lambda: super_admin.put("/account/nope", json={}),
                 lambda: super_admin.delete("/account/nope"),
                 lambda: super_admin.post("/account/nope/admin", json={"email": "a@b.com"}),
                 lambda: super_admin.post("/account/nope/api-key", json={})):
        r = call()
        assert r.status_code == 404, r.text


def test_admins_are_added_and_removed(super_admin):
    acct = super_admin.post("/account/new", json={"account_name": _name(), "domains": [_domain()]}).json()
    r = super_admin.post(f"/account/{acct['account_id']}/admin", json={"email": "Ann@Corp.example.com"})
    assert r.status_code == 200 and r.json()["email"] == "ann@corp.example.com" and r.json()["status"] == "invited"
    assert "/ui/invite?token=" in r.json()["invitation_url"]
    admins = super_admin.get(f"/account/{acct['account_id']}").json()["admins"]
    assert [a["email"] for a in admins] == ["ann@corp.example.com"]
    assert super_admin.post(f"/account/{acct['account_id']}/admin", json={"email": "bad"}).status_code == 422
    r = super_admin.delete(f"/account/{acct['account_id']}/admin/ann@corp.example.com")
    assert r.status_code == 200 and r.json()["admins"] == []
    assert super_admin.delete(f"/account/{acct['account_id']}/admin/ann@corp.example.com").status_code == 404


def test_suspension_blocks_the_accounts_keys_and_reactivation_restores_them(super_admin, live_proxy):
    acct = new_account(super_admin, "suspend")
    headers = {"Authorization": f"Bearer {acct['key']}"}
    assert httpx.get(f"{live_proxy.url}/team/list", headers=headers).status_code == 200
    r = super_admin.delete(f"/account/{acct['account_id']}")
    assert r.status_code == 200 and r.json()["status"] == "suspended"
    r = httpx.get(f"{live_proxy.url}/team/list", headers=headers)
    assert r.status_code == 403 and "suspended" in r.json()["error"]["message"]
    assert super_admin.get(f"/account/{acct['account_id']}").json()["status"] == "suspended"  # nothing deleted
    assert super_admin.post(f"/account/{acct['account_id']}/api-key", json={}).status_code == 409
    assert super_admin.put(f"/account/{acct['account_id']}", json={"status": "active"}).status_code == 200
    assert httpx.get(f"{live_proxy.url}/team/list", headers=headers).status_code == 200


def test_api_key_is_an_account_admin_key_shown_once_and_audited(super_admin, live_proxy, proxy_database):
    import psycopg

    acct = new_account(super_admin, "apikey")
    headers = {"Authorization": f"Bearer {acct['key']}"}
    r = httpx.post(f"{live_proxy.url}/team/new", headers=headers, json={"team_alias": "made-by-service"})
    assert r.status_code == 200, r.text
    with psycopg.connect(proxy_database) as conn:
        rows = conn.execute('SELECT action, target FROM "Alchemi_PlatformAuditTable" WHERE account_id = %s '
                            "ORDER BY created_at", (acct["account_id"],)).fetchall()
        stored = conn.execute('SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE token = %s',
                              (acct["key"],)).fetchone()[0]
    assert [a for a, _ in rows] == ["account.create", "account.api_key.issue"]
    assert stored == 0  # only the hash is kept


def test_only_the_super_admin_may_use_the_account_api(super_admin, live_proxy):
    acct = new_account(super_admin, "noaccess")
    as_account = {"Authorization": f"Bearer {acct['key']}"}
    assert httpx.get(f"{live_proxy.url}/account/list", headers=as_account).status_code == 403
    assert httpx.post(f"{live_proxy.url}/account/new", headers=as_account,
                      json={"account_name": _name()}).status_code == 403
    assert httpx.get(f"{live_proxy.url}/account/list").status_code == 401
    assert httpx.get(f"{live_proxy.url}/account/list", headers={"Authorization": "Bearer sk-wrong"}).status_code == 401


@pytest.mark.parametrize("method,path", [("GET", "/team/list"), ("GET", "/key/list"), ("POST", "/team/new"),
                                         ("GET", "/model/info"), ("GET", "/user/list"), ("GET", "/spend/logs")])
def test_super_admin_cannot_touch_tenant_resources(super_admin, method, path):
    r = super_admin.request(method, path, json={} if method == "POST" else None)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["type"] == "tenant_route_forbidden"
