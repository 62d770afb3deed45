"""What one process shares between accounts, used directly: an account's pass-through routes,
its model names in the router, its account-wide settings. (The probes see these as leaks in
responses; these tests show the effect.)"""
from __future__ import annotations

import uuid

import httpx
import pytest

from tests.isolation.known_leaks import EXPLICIT


def _marks(name: str) -> list:
    return [pytest.mark.xfail(strict=True, reason=EXPLICIT[name].reason)] if name in EXPLICIT else []


def _recorded(fake_upstream, marker: str) -> list[dict]:
    seen = httpx.get(f"{fake_upstream.url}/_recorded", timeout=20).json()
    return [s for s in seen if marker in str(s["body"])]


@pytest.mark.parametrize("caller", [pytest.param("b-admin", marks=_marks("pass-through of another account")),
                                    pytest.param("anonymous", marks=_marks("pass-through of another account"))])
def test_other_accounts_pass_through_route_is_not_served(live_proxy, tenants, fake_upstream, caller) -> None:
    a, b = tenants["A"], tenants["B"]
    marker = f"pt-{uuid.uuid4().hex}"
    headers = {"Authorization": f"Bearer {b.admin_key}"} if caller == "b-admin" else {}
    r = httpx.post(f"{live_proxy.url}{a.ids['passthrough_path']}", headers=headers, timeout=30,
                   json={"model": "x", "messages": [{"role": "user", "content": marker}]})
    reached = _recorded(fake_upstream, marker)
    leaked = [s["headers"].get("x-canary") for s in reached]
    assert not reached, (f"{caller} called A's pass-through ({r.status_code}); the upstream got it with A's "
                         f"injected header {leaked}")


@pytest.mark.parametrize("_", [pytest.param("", id="A", marks=_marks("owner pass-through"))])
def test_owner_pass_through_route_works(live_proxy, tenants, fake_upstream, _) -> None:
    a = tenants["A"]
    marker = f"pt-{uuid.uuid4().hex}"
    r = httpx.post(f"{live_proxy.url}{a.ids['passthrough_path']}", timeout=30,
                   headers={"Authorization": f"Bearer {a.admin_key}"},
                   json={"model": "x", "messages": [{"role": "user", "content": marker}]})
    assert r.status_code == 200, r.text[:300]
    assert [s["headers"].get("x-canary") for s in _recorded(fake_upstream, marker)] == [a.canary("passthrough-header")]


@pytest.mark.parametrize("label", ["A", "B"])
def test_model_name_is_served_by_its_own_accounts_deployment(campaign, live_proxy, tenants, fake_upstream, label):
    """Each call to an account's model reaches that account's deployment (its upstream key),
    even after the other account created a model of the same name during the probes."""
    t = tenants[label]
    marker = f"route-{uuid.uuid4().hex}"
    with httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {t.keys['user']}"}) as c:
        statuses = [c.post("/chat/completions", json={"model": t.ids["model_name"], "messages": [
            {"role": "user", "content": f"{marker} {i}"}]}).status_code for i in range(6)]
    keys = {s["headers"].get("authorization") for s in _recorded(fake_upstream, marker)}
    assert statuses == [200] * 6, statuses
    assert keys == {f"Bearer sk-upstream-{t.prefix}"}, keys


@pytest.mark.parametrize("path,what", [
    pytest.param("/get/internal_user_settings", "model", marks=_marks("settings: internal user defaults")),
    pytest.param("/get/default_team_settings", "model", marks=_marks("settings: default team settings")),
    pytest.param("/get/ui_theme_settings", "logo", marks=_marks("settings: UI theme")),
    pytest.param("/get/user_banner", "banner", marks=_marks("settings: user banner")),
])
def test_account_settings_are_the_accounts_own(live_proxy, tenants, path, what) -> None:
    """A reads the settings it wrote at seeding, not B's (B wrote the same settings after A)."""
    a, b = tenants["A"], tenants["B"]
    expected = {"model": a.ids["model_name"], "logo": a.prefix, "banner": a.canary("banner")}[what]
    with httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {a.admin_key}"}) as c:
        r = c.get(path)
    assert r.status_code == 200, r.text[:300]
    body = r.text.lower()
    assert b.prefix.lower() not in body, f"A reads B's {path}: {r.text[:300]}"
    assert expected.lower() in body, f"A's own {path} is gone: {r.text[:300]}"


@pytest.mark.parametrize("path,body", [
    pytest.param("/config/update", {}, marks=_marks("reload: /config/update")),
    pytest.param("/credentials", None, marks=_marks("reload: /credentials")),
])
def test_other_accounts_reload_keeps_my_objects(live_proxy, tenants, path, body) -> None:
    """A's objects stay served after B writes its own config or credential (LiteLLM reloads
    its router and registries from the database in the caller's scope on such writes)."""
    a, b = tenants["A"], tenants["B"]
    body = body if body is not None else {"credential_name": f"{b.prefix}-reload-{uuid.uuid4().hex[:6]}",
                                          "credential_values": {"api_key": "sk-x"}, "credential_info": {}}
    with httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {a.admin_key}"}) as ac, \
            httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {b.admin_key}"}) as bc, \
            httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {a.keys['user']}"}) as au:
        assert ac.post("/config/update", json={}).status_code == 200     # A's objects loaded, in A's scope
        chat = {"model": a.ids["model_name"], "messages": [{"role": "user", "content": "before"}]}
        assert au.post("/chat/completions", json=chat).status_code == 200
        before = ac.get(f"/credentials/by_name/{a.ids['credential_name']}").status_code
        r = bc.post(path, json=body)
        assert r.status_code == 200, r.text[:300]
        after_chat = au.post("/chat/completions", json=chat)
        after = ac.get(f"/credentials/by_name/{a.ids['credential_name']}").status_code
    assert after_chat.status_code == 200, f"A's model is gone after B's {path}: {after_chat.text[:200]}"
    assert after == before == 200, f"A's credential by name: {before} before B's {path}, {after} after"


def test_allowed_ips_are_per_account(live_proxy, tenants) -> None:
    """The probes never call /add/allowed_ip or /delete/allowed_ip (a wrong value locks out every
    caller of a shared list). Here B adds the one value that cannot lock anyone out of this test
    run, its own 127.0.0.1, and A must not see it in its list. Left in place: it only admits
    local callers, which every test client is."""
    a, b = tenants["A"], tenants["B"]
    with httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {b.admin_key}"}) as bc, \
            httpx.Client(base_url=live_proxy.url, timeout=30, headers={"Authorization": f"Bearer {a.admin_key}"}) as ac:
        before = ac.get("/get/allowed_ips")
        assert before.status_code == 200, before.text
        r = bc.post("/add/allowed_ip", json={"ip": "127.0.0.1"})
        assert r.status_code == 200, r.text
        assert "127.0.0.1" in str(bc.get("/get/allowed_ips").json())
        after = ac.get("/get/allowed_ips")
    assert after.status_code == 200, after.text
    assert after.json() == before.json(), f"B's allow-list reached A: {before.json()} -> {after.json()}"
