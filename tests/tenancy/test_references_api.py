"""Through the live proxy: LiteLLM's own handlers answer a write naming another account's
object, or reusing its id, with a clear 4xx (never a 500), store nothing of it, and accept
the account's own objects."""
from __future__ import annotations

import uuid

import httpx
import pytest


@pytest.fixture(scope="module")
def accounts(live_proxy, account_factory):
    made = {}
    for label in ("A", "B"):
        account = account_factory(f"refs-{label}-{uuid.uuid4().hex[:6]}")
        client = httpx.Client(base_url=live_proxy.url, headers={"Authorization": f"Bearer {account['key']}"},
                              timeout=60)
        team = client.post("/team/new", json={"team_alias": f"team-{label}"})
        assert team.status_code == 200, team.text
        user = client.post("/user/new", json={"user_email": f"u-{uuid.uuid4().hex[:6]}@{label.lower()}.example.com",
                                              "auto_create_key": False})
        assert user.status_code == 200, user.text
        made[label] = {"client": client, "team_id": team.json()["team_id"], "user_id": user.json()["user_id"]}
    yield made
    for a in made.values():
        a["client"].close()


def _message(r: httpx.Response) -> str:
    body = r.json()
    error = body.get("error") or body.get("detail")
    return str(error.get("message", error) if isinstance(error, dict) else error)


def test_key_on_another_accounts_team_or_user_is_400_with_a_message(accounts):
    a, b = accounts["A"], accounts["B"]
    for field in ("team_id", "user_id"):
        r = b["client"].post("/key/generate", json={field: a[field], "key_alias": f"probe-{field}"})
        assert r.status_code in (400, 403, 404), (field, r.status_code, r.text)
        assert a[field] in r.text or "not" in _message(r).lower(), r.text
        keys = b["client"].get("/key/list", params={"return_full_object": "true"}).json()
        assert a[field] not in str(keys), f"B's key on A's {field} was stored"
    ok = b["client"].post("/key/generate", json={"team_id": b["team_id"], "user_id": b["user_id"]})
    assert ok.status_code == 200, ok.text


def test_invitation_for_another_accounts_user_is_refused(accounts):
    a, b = accounts["A"], accounts["B"]
    r = b["client"].post("/invitation/new", json={"user_id": a["user_id"]})
    assert 400 <= r.status_code < 500, r.text
    assert "does not exist in this account" in _message(r), r.text
    assert b["client"].post("/invitation/new", json={"user_id": b["user_id"]}).status_code == 200


def test_team_id_of_another_account_is_not_available_and_names_no_account(accounts):
    a, b = accounts["A"], accounts["B"]
    r = b["client"].post("/team/new", json={"team_id": a["team_id"], "team_alias": "copy"})
    assert r.status_code == 409, r.text
    assert "not available" in _message(r), r.text
    assert a["client"].headers["Authorization"] not in r.text
    info = a["client"].get("/team/info", params={"team_id": a["team_id"]})
    assert info.status_code == 200 and info.json()["team_info"]["team_alias"] == "team-A"


def test_pass_through_endpoint_id_of_another_account_is_not_available(accounts):
    a, b = accounts["A"], accounts["B"]
    endpoint = f"pt-{uuid.uuid4().hex}"
    body = {"id": endpoint, "path": f"/refs-{uuid.uuid4().hex[:6]}", "target": "http://127.0.0.1:9/x"}
    assert a["client"].post("/config/pass_through_endpoint", json=body).status_code == 200
    r = b["client"].post("/config/pass_through_endpoint", json={**body, "path": f"/refs-{uuid.uuid4().hex[:6]}"})
    assert r.status_code == 409, r.text
    assert "pass-through endpoint id" in _message(r) and "not available" in _message(r), r.text
