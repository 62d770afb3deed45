"""OWASP API5 (BFLA) at the platform boundary: the super admin manages accounts only, a
suspended account's key opens nothing, and an account admin cannot administer accounts."""
from __future__ import annotations

import httpx

from tests.support.isolation_campaign import Results


def _not_refused(campaign: Results, caller: str) -> list[str]:
    return [f"{op} -> {o.status} {o.error or ''} {o.request}"
            for op, outcomes in campaign.boundary.items() for o in outcomes
            if o.caller == caller and o.status != 403]


def test_super_admin_is_refused_on_every_tenant_operation(campaign: Results) -> None:
    exercised = sum(1 for outcomes in campaign.boundary.values() for o in outcomes if o.caller == "super-admin")
    assert exercised > 400, f"only {exercised} operations probed with the master key"
    offenders = _not_refused(campaign, "super-admin")
    assert not offenders, "the master key reached tenant operations:\n" + "\n".join(offenders)


def test_super_admin_sees_nothing_of_an_account(campaign: Results) -> None:
    leaked = [f"{op}: {o.leaks}" for op, outcomes in campaign.boundary.items() for o in outcomes if o.leaks]
    assert not leaked, "\n".join(leaked)


def test_suspended_account_key_is_refused_everywhere(campaign: Results) -> None:
    offenders = _not_refused(campaign, "suspended")
    assert not offenders, "a suspended account's key still works:\n" + "\n".join(offenders)


def test_suspended_account_is_refused_on_inference(live_proxy, suspended_account) -> None:
    r = httpx.post(f"{live_proxy.url}/chat/completions", headers={"Authorization": f"Bearer {suspended_account['key']}"},
                   json={"model": "any", "messages": [{"role": "user", "content": "x"}]}, timeout=20)
    assert r.status_code == 403, r.text
    assert r.json()["error"]["type"] == "account_suspended"


SELF_SERVICE = frozenset({"GET /alchemi/me", "POST /alchemi/logout"})
# An account's own admins manage its sign-in settings (docs/access.md): allowed on their own
# account (the `control` variant), refused on any other id like every platform route.
OWN_ACCOUNT = frozenset({f"{m} /account/{{account_id}}/{p}" for m, p in (
    ("GET", "sso"), ("PUT", "sso"), ("DELETE", "sso"), ("POST", "sso/test"),
    ("GET", "jwt-auth"), ("PUT", "jwt-auth"), ("DELETE", "jwt-auth"))})


def test_account_admin_cannot_administer_accounts(campaign: Results) -> None:
    """Every Alchemi platform route (/account/*, /alchemi/*) refuses B's admin, whatever the id, but
    the ones about the caller's own session (who am I, sign out), which the BOLA tests cover."""
    platform = {op: outcomes for op, outcomes in campaign.outcomes.items()
                if op.split(" ", 1)[1].startswith(("/account", "/alchemi/")) and op not in SELF_SERVICE}
    assert sum(1 for outcomes in platform.values() for o in outcomes if o.caller == "b-admin") >= 8, sorted(platform)
    wrong = [f"{op}: {o.variant} -> {o.status}" for op, outcomes in platform.items() for o in outcomes
             if o.caller == "b-admin" and o.status not in (401, 403)
             and not (op in OWN_ACCOUNT and o.variant == "control")]
    assert not wrong, "\n".join(wrong)


def test_master_key_still_manages_accounts(super_admin, tenants) -> None:
    r = super_admin.get(f"/account/{tenants['A'].account_id}")
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "active"
