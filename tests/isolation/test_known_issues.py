"""LiteLLM's own known isolation bugs, replayed across accounts.

- #28864: /spend/keys and /spend/users return every key and user, whoever asks;
- #16446: spend logs listed without a user filter return everyone's requests;
- #30593: /key/list matches user_id and key_alias as substrings (cross-user key disclosure);
- #25829: org-admin checks pass when the caller administers any one of the listed
  organizations, and team listings drop the organization filter.

Checks use what B cannot have sent: A's ids (key hashes, user, team, request ids) and canaries
that only A's rows hold (metadata, the text of A's prompts).
"""
from __future__ import annotations

import httpx
import psycopg
import pytest

from tests.isolation.known_leaks import EXPLICIT
from tests.support.isolation_probe import Detector
from tests.support.isolation_seed import Tenant


def _marks(name: str) -> list:
    return [pytest.mark.xfail(strict=True, reason=EXPLICIT[name].reason)] if name in EXPLICIT else []


def _secrets(a: Tenant) -> dict[str, str]:
    tokens = {token: kind for token, kind in Detector(a).tokens.items() if kind != "canary"}
    for what in ("key-metadata", "spare-key-metadata", "team-metadata", "user-metadata", "org-metadata",
                 "prompt-text", "user-alias", "org-admin-alias"):
        tokens[a.canary(what).lower()] = what
    return tokens


def _shows(a: Tenant, text: str) -> list[str]:
    low = text.lower()
    return sorted({kind for token, kind in _secrets(a).items() if token in low})


def _client(live_proxy, key: str) -> httpx.Client:
    return httpx.Client(base_url=live_proxy.url, headers={"Authorization": f"Bearer {key}"}, timeout=30)


@pytest.fixture(scope="module")
def callers(live_proxy, tenants):
    b = tenants["B"]
    made = {"b-admin": _client(live_proxy, b.admin_key), "b-user": _client(live_proxy, b.keys["user"]),
            "b-org-admin": _client(live_proxy, b.keys["org_admin"])}
    yield made
    for c in made.values():
        c.close()


DATES = {"start_date": "2000-01-01", "end_date": "2100-01-01"}


@pytest.mark.parametrize("caller", ["b-admin", "b-user"])
@pytest.mark.parametrize("path", [pytest.param("/spend/keys", marks=_marks("#28864 /spend/keys")),
                                  pytest.param("/spend/users", marks=_marks("#28864 /spend/users"))])
def test_28864_spend_lists_hold_only_the_callers_account(callers, tenants, caller, path) -> None:
    r = callers[caller].get(path)
    assert r.status_code < 500, r.text
    assert not _shows(tenants["A"], r.text), f"{caller} {path} shows A's {_shows(tenants['A'], r.text)}"


@pytest.mark.parametrize("caller", ["b-admin", "b-user"])
@pytest.mark.parametrize("path,params", [
    ("/spend/logs", {}), ("/spend/logs", DATES), ("/spend/logs/v2", DATES), ("/spend/logs/ui", DATES),
    ("/global/spend/logs", {}), ("/spend/logs/session/ui", {"session_id": "x"}),
])
def test_16446_spend_logs_without_user_filter(callers, tenants, caller, path, params) -> None:
    r = callers[caller].get(path, params=params)
    assert r.status_code < 500, r.text
    assert not _shows(tenants["A"], r.text), f"{caller} {path} shows A's {_shows(tenants['A'], r.text)}"


def test_16446_spend_log_by_request_id_of_another_account(callers, tenants) -> None:
    a = tenants["A"]
    for caller in ("b-admin", "b-user"):
        for path, params in (("/spend/logs", {"request_id": a.ids["request_id"]}),
                             (f"/spend/logs/ui/{a.ids['request_id']}", DATES)):
            r = callers[caller].get(path, params=params)
            shown = [k for k in _shows(a, r.text) if k != "request_id"]
            assert not shown, f"{caller} {path} shows A's {shown}"


@pytest.mark.parametrize("params", [
    lambda a: {"user_id": a.ids["user_id"][:8]},
    lambda a: {"key_alias": a.prefix},
    lambda a: {"key_alias": a.prefix, "substring_matching": "true"},
    lambda a: {"user_id": a.ids["user_id"][:8], "substring_matching": "true"},
    lambda a: {"user_id": a.ids["user_id"]},
    lambda a: {"team_id": a.ids["team_id"]},
    lambda a: {"organization_id": a.ids["organization_id"]},
], ids=["user_id substring", "key_alias prefix", "key_alias substring", "user_id substring flag", "user_id exact",
        "team_id", "organization_id"])
def test_30593_key_list_filters_stay_in_the_callers_account(callers, tenants, params) -> None:
    a = tenants["A"]
    query = params(a)
    r = callers["b-admin"].get("/key/list", params={**query, "return_full_object": "true"})
    assert r.status_code < 500, r.text
    echoed = {name for name, value in query.items() if value == a.ids.get(name)}
    shown = [k for k in _shows(a, r.text) if k not in echoed]
    assert not shown, f"/key/list {query} shows A's {shown}"


# ---- #25829: organization admins -----------------------------------------------------------------
def _count(database_url: str, sql: str, *args) -> int:
    with psycopg.connect(database_url) as conn:
        return conn.execute(sql, args).fetchone()[0]


def test_25829_org_admin_reads_own_organization(callers, tenants) -> None:
    r = callers["b-org-admin"].get("/organization/info", params={"organization_id": tenants["B"].ids["organization_id"]})
    assert r.status_code == 200, r.text


def test_25829_org_admin_cannot_read_another_accounts_organization(callers, tenants) -> None:
    a = tenants["A"]
    for method, path, kw in (("GET", "/organization/info", {"params": {"organization_id": a.ids["organization_id"]}}),
                             ("POST", "/organization/info", {"json": {"organizations": [a.ids["organization_id"]]}}),
                             ("GET", "/team/list", {"params": {"organization_id": a.ids["organization_id"]}}),
                             ("GET", "/team/list", {"params": {"organization_id": a.ids["organization_id"],
                                                               "user_id": a.ids["user_id"]}}),
                             ("GET", "/v2/team/list", {"params": {"organization_id": a.ids["organization_id"]}}),
                             ("GET", "/user/list", {"params": {"organization_ids": a.ids["organization_id"]}})):
        r = callers["b-org-admin"].request(method, path, **kw)
        assert r.status_code < 500, (path, r.text)
        shown = [k for k in _shows(a, r.text) if k != "organization_id"]
        assert not shown, f"{method} {path} shows A's {shown}"


def test_25829_org_admin_cannot_write_into_another_accounts_organization(callers, tenants, proxy_database) -> None:
    a, b = tenants["A"], tenants["B"]
    org_a, org_b = a.ids["organization_id"], b.ids["organization_id"]

    def state() -> tuple:
        with psycopg.connect(proxy_database) as conn:
            members = conn.execute('SELECT user_id, user_role, account_id FROM "LiteLLM_OrganizationMembership" '
                                   'WHERE organization_id = %s ORDER BY 1', (org_a,)).fetchall()
            teams = conn.execute('SELECT team_id FROM "LiteLLM_TeamTable" WHERE organization_id = %s ORDER BY 1',
                                 (org_a,)).fetchall()
        return members, teams

    before = state()
    c = callers["b-org-admin"]
    attempts = [
        ("POST", "/organization/member_add", {"organization_id": org_a,
                                              "member": [{"user_id": b.ids["org_admin_user_id"], "role": "org_admin"}]}),
        ("PATCH", "/organization/member_update", {"organization_id": org_a, "user_id": a.ids["user_id"],
                                                  "role": "org_admin"}),
        ("DELETE", "/organization/member_delete", {"organization_id": org_a, "user_id": a.ids["user_id"]}),
        ("POST", "/team/new", {"team_alias": "org-admin-probe", "organization_id": org_a}),
        ("POST", "/user/new", {"user_email": "org-admin-probe@b.example.com", "organizations": [org_b, org_a]}),
        ("PATCH", "/organization/update", {"organization_id": org_a, "organization_alias": "taken-over"}),
        ("POST", "/key/generate", {"organization_id": org_a, "key_alias": "org-admin-probe"}),
    ]
    answers = []
    for method, path, body in attempts:
        r = c.request(method, path, json=body)
        answers.append(f"{method} {path} -> {r.status_code}")
        assert r.status_code < 500, (path, r.text)
    assert state() == before, f"A's organization changed through B's org admin: {answers}"
    alias = _count(proxy_database, 'SELECT count(*) FROM "LiteLLM_OrganizationTable" WHERE organization_id = %s '
                                   'AND organization_alias = %s', org_a, a.canary("org"))
    assert alias == 1, "A's organization was renamed by B's org admin"
    strays = _count(proxy_database, 'SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE organization_id = %s '
                                    'AND account_id IS DISTINCT FROM %s', org_a, a.account_id)
    assert strays == 0, "B created a key inside A's organization"
