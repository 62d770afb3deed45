"""The role matrix: docs/access.md's table, read as data, and one principal per role."""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx

ROLES = ("super_admin", "account_admin", "org_admin", "team_admin", "member", "service_client")
ACCESS_DOC = Path(__file__).resolve().parents[2] / "docs" / "access.md"
_ROW = re.compile(r"^\|\s*`(GET|POST|PUT|DELETE|PATCH) ([^`]+)`\s*\|(.+)\|\s*$")


@dataclass(frozen=True)
class Rule:
    method: str
    path: str  # with {account}, {other}, {org}, {team} placeholders
    allowed: dict[str, bool]


def matrix() -> list[Rule]:
    """The rows of the matrix table in docs/access.md (✓ allowed, ✗ denied)."""
    rules = []
    for line in ACCESS_DOC.read_text().splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        cells = [c.strip() for c in m.group(3).split("|")][:len(ROLES)]
        if len(cells) != len(ROLES) or not all(c in ("✓", "✗") for c in cells):
            raise AssertionError(f"docs/access.md: bad matrix row {line!r}")
        rules.append(Rule(m.group(1), m.group(2), {r: c == "✓" for r, c in zip(ROLES, cells)}))
    return rules


# Bodies chosen so that an allowed caller gets a 2xx or a validation answer (never 401/403),
# without changing what the other rows rely on.
BODIES: dict[tuple[str, str], object] = {
    ("POST", "/account/new"): {"account_name": ""},
    ("PUT", "/account/{account}"): {"status": "not-a-status"},
    ("POST", "/account/{account}/admin"): {"email": "not-an-email"},
    ("PUT", "/account/{account}/sso"): {"issuer": "not a url", "client_id": "x"},
    ("POST", "/account/{account}/sso/test"): {"issuer": "not a url", "client_id": "x"},
    ("PUT", "/account/{account}/jwt-auth"): {"issuer": "not a url"},
    ("POST", "/key/generate"): {"key_alias": None},
    ("POST", "/user/new"): {"user_email": "placeholder"},
    ("POST", "/team/new"): {"team_alias": "placeholder", "organization_id": "{org}"},
    ("POST", "/team/member_add"): {"team_id": "{team}", "member": [{"user_id": "{newcomer}", "role": "user"}]},
    ("POST", "/team/update"): {"team_id": "{team}", "max_budget": 10},
    ("POST", "/key/generate?team"): {"team_id": "{team}"},
    ("POST", "/organization/new"): {"organization_alias": "placeholder"},
    ("POST", "/organization/member_add"): {"organization_id": "{org}",
                                          "member": [{"user_id": "{member}", "role": "internal_user"}]},
    ("POST", "/model/new"): {"model_name": "placeholder", "litellm_params": {"model": "openai/placeholder",
                                                                             "api_base": "http://127.0.0.1:9"}},
}


def _check(r: httpx.Response) -> dict:
    assert r.status_code == 200, r.text
    return r.json()


def principals(super_admin: httpx.Client, account_factory, live_proxy) -> tuple[dict[str, dict], dict[str, str]]:
    """({role: headers}, placeholders) for a fresh account with one person of each role."""
    acct = account_factory("matrix")
    other = account_factory("matrix-other")
    service = {"Authorization": f"Bearer {acct['key']}"}
    url = live_proxy.url
    domain = super_admin.get(f"/account/{acct['account_id']}").json()["domains"][0]

    invite = _check(super_admin.post(f"/account/{acct['account_id']}/admin", json={"email": f"boss@{domain}"}))
    token = invite["invitation_url"].split("token=")[1]
    session = httpx.post(f"{url}/v2/invitation/{token}/accept", json={"password": "matrix password"})
    assert session.status_code == 200, session.text
    import jwt

    admin_key = jwt.decode(session.cookies.get("token"), options={"verify_signature": False})["key"]

    org = _check(httpx.post(f"{url}/organization/new", headers=service, json={"organization_alias": "matrix-org"}))
    team = _check(httpx.post(f"{url}/team/new", headers=service,
                             json={"team_alias": "matrix-team", "organization_id": org["organization_id"]}))
    keys = {}
    for role in ("org_admin", "team_admin", "member"):
        user = _check(httpx.post(f"{url}/user/new", headers=service,
                                 json={"user_email": f"{role.replace('_', '-')}-{uuid.uuid4().hex[:4]}@{domain}",
                                       "user_role": "internal_user"}))
        keys[role] = (user["user_id"], user["key"])
    # One person per role to add to the team: a second add of the same person is answered
    # "already in team" before LiteLLM checks the caller's permission.
    newcomers = {role: _check(httpx.post(f"{url}/user/new", headers=service, json={
        "user_email": f"newcomer-{uuid.uuid4().hex[:6]}@{domain}"}))["user_id"] for role in ROLES}
    org_admin_id, team_admin_id, member_id = keys["org_admin"][0], keys["team_admin"][0], keys["member"][0]
    _check(httpx.post(f"{url}/organization/member_add", headers=service, json={
        "organization_id": org["organization_id"], "member": [{"user_id": org_admin_id, "role": "org_admin"}]}))
    _check(httpx.post(f"{url}/team/member_add", headers=service, json={
        "team_id": team["team_id"], "member": [{"user_id": team_admin_id, "role": "admin"}]}))
    _check(httpx.post(f"{url}/team/member_add", headers=service, json={
        "team_id": team["team_id"], "member": [{"user_id": member_id, "role": "user"}]}))
    headers = {
        "super_admin": {"Authorization": f"Bearer {super_admin.headers['Authorization'].split()[1]}"},
        "account_admin": {"Authorization": f"Bearer {admin_key}"},
        "org_admin": {"Authorization": f"Bearer {keys['org_admin'][1]}"},
        "team_admin": {"Authorization": f"Bearer {keys['team_admin'][1]}"},
        "member": {"Authorization": f"Bearer {keys['member'][1]}"},
        "service_client": service,
    }
    places = {"account": acct["account_id"], "other": other["account_id"], "org": org["organization_id"],
              "team": team["team_id"], "member": member_id,
              **{f"newcomer_{role}": user_id for role, user_id in newcomers.items()}}
    return headers, places


def places_for(role: str, places: dict[str, str]) -> dict[str, str]:
    return {**places, "newcomer": places[f"newcomer_{role}"]}


def fill(value, places: dict[str, str]):
    if isinstance(value, str):
        for k, v in places.items():
            value = value.replace("{" + k + "}", v)
        return value
    if isinstance(value, dict):
        return {k: fill(v, places) for k, v in value.items()}
    if isinstance(value, list):
        return [fill(v, places) for v in value]
    return value


_DENIAL_MESSAGES = ("only proxy admin", "not allowed", "permission", "not authorized", "unauthorized",
                    "does not have access", "must be", "only the platform", "manages accounts only", "admin")


def is_denied(r: httpx.Response) -> bool:
    """401/403 are denials; LiteLLM also answers some role checks with 400 and a message."""
    if r.status_code in (401, 403):
        return True
    if r.status_code == 400:
        text = r.text.lower()
        return any(m in text for m in ("only proxy admin", "not allowed to", "does not have permission",
                                       "not authorized", "only admins", "user does not have access"))
    return False
