"""The role matrix of docs/access.md, driven against the live proxy: every row, every role.

Each row of the table is a route; each cell says whether that role may use it. The test sends
the request as a person (or key) of each role and checks allowed (any answer but a denial) or
denied (401/403, or LiteLLM's 400 with a permission message). The counts are written to the
test log (role x route checked)."""
from __future__ import annotations

import os

import httpx
import pytest

from tests.identity.matrix_support import BODIES, ROLES, fill, is_denied, matrix, places_for, principals


@pytest.fixture(scope="module")
def people(super_admin, account_factory, live_proxy):
    return principals(super_admin, account_factory, live_proxy)


def test_matrix_has_every_alchemi_route_and_each_role_column():
    rules = matrix()
    paths = {(r.method, r.path) for r in rules}
    for needed in (("GET", "/alchemi/me"), ("GET", "/account/list"), ("GET", "/account/{account}/sso"),
                   ("PUT", "/account/{account}/sso"), ("POST", "/account/{account}/admin")):
        assert needed in paths, needed
    assert len(rules) >= 20


def test_role_matrix(people, live_proxy, capsys):
    headers, places = people
    rules = matrix()
    mismatches, checked = [], 0
    probe = os.environ.get("ALCHEMI_MATRIX_PROBE") == "1"
    table = []
    for rule in rules:
        path = fill(rule.path, places)
        row = []
        for role in ROLES:
            body = fill(BODIES.get((rule.method, rule.path)), places_for(role, places))
            r = httpx.request(rule.method, f"{live_proxy.url}{path}", headers=headers[role], json=body, timeout=60)
            denied = is_denied(r)
            checked += 1
            row.append("✗" if denied else "✓")
            if denied == rule.allowed[role]:
                mismatches.append(f"{rule.method} {rule.path} as {role}: expected "
                                  f"{'allowed' if rule.allowed[role] else 'denied'}, got {r.status_code} {r.text[:200]}")
        table.append(f"| `{rule.method} {rule.path}` | " + " | ".join(row) + " |")
    with capsys.disabled():
        print(f"\nrole matrix: {len(ROLES)} roles x {len(rules)} routes = {checked} checks, "
              f"{len(mismatches)} mismatches")
        if probe:
            print("\n".join(table))
    assert not mismatches, "\n".join(mismatches)
