"""End to end through the real proxy: team, model, virtual key, LLM calls, spend, bad input."""
from __future__ import annotations

import json
import time
import uuid

import httpx
import psycopg
import pytest


@pytest.fixture(scope="module")
def setup(admin: httpx.Client, fake_upstream) -> dict:
    model_name = f"e2e-gpt-{uuid.uuid4().hex[:6]}"
    team = admin.post("/team/new", json={"team_alias": f"e2e-{uuid.uuid4().hex[:6]}"})
    assert team.status_code == 200, team.text
    model = admin.post("/model/new", json={
        "model_name": model_name,
        "litellm_params": {"model": "openai/fake-model", "api_base": f"{fake_upstream.url}/v1", "api_key": "sk-up"}})
    assert model.status_code == 200, model.text
    key = admin.post("/key/generate", json={"team_id": team.json()["team_id"], "models": [model_name]})
    assert key.status_code == 200, key.text
    return {"model": model_name, "team_id": team.json()["team_id"], "key": key.json()["key"],
            "token": key.json()["token"]}


def _client(live_proxy, key: str) -> httpx.Client:
    return httpx.Client(base_url=live_proxy.url, headers={"Authorization": f"Bearer {key}"}, timeout=60)


def _assert_4xx_with_message(r: httpx.Response) -> None:
    assert 400 <= r.status_code < 500, (r.status_code, r.text)
    body = r.json()
    message = (body.get("error") or {}).get("message") if isinstance(body.get("error"), dict) else None
    assert message or body.get("detail"), body


def test_chat_completion_reaches_upstream(live_proxy, setup, fake_upstream):
    httpx.delete(f"{fake_upstream.url}/_recorded")
    with _client(live_proxy, setup["key"]) as c:
        r = c.post("/chat/completions", json={"model": setup["model"],
                                              "messages": [{"role": "user", "content": "hello there"}]})
    assert r.status_code == 200, r.text
    assert r.json()["choices"][0]["message"]["content"] == "[upstream-a] echo: hello there"
    seen = httpx.get(f"{fake_upstream.url}/_recorded").json()
    assert [s["body"]["model"] for s in seen] == ["fake-model"]
    assert seen[0]["body"]["messages"][-1]["content"] == "hello there"


def test_streaming_chat_completion(live_proxy, setup):
    with _client(live_proxy, setup["key"]) as c, c.stream(
            "POST", "/chat/completions",
            json={"model": setup["model"], "stream": True, "messages": [{"role": "user", "content": "stream me"}]}) as r:
        assert r.status_code == 200
        lines = [line for line in r.iter_lines() if line.startswith("data: ")]
    assert lines[-1] == "data: [DONE]"
    text = "".join((json.loads(line[6:])["choices"][0]["delta"].get("content") or "") for line in lines[:-1])
    assert text == "[upstream-a] echo: stream me"


def test_embeddings(live_proxy, setup):
    with _client(live_proxy, setup["key"]) as c:
        r = c.post("/embeddings", json={"model": setup["model"], "input": ["a", "b"]})
    assert r.status_code == 200, r.text
    assert [d["index"] for d in r.json()["data"]] == [0, 1]
    assert r.json()["data"][0]["embedding"] == [0.1, 0.2, 0.3]


def test_spend_is_logged_and_key_info_reports_it(live_proxy, setup, admin, proxy_database):
    fresh = admin.post("/key/generate", json={"team_id": setup["team_id"], "models": [setup["model"]]}).json()
    with _client(live_proxy, fresh["key"]) as c:
        assert c.post("/chat/completions", json={"model": setup["model"],
                                                 "messages": [{"role": "user", "content": "bill me"}]}).status_code == 200
    deadline, rows = time.monotonic() + 60, []
    while time.monotonic() < deadline:
        with psycopg.connect(proxy_database) as conn:
            rows = conn.execute('SELECT model_group, total_tokens, spend FROM "LiteLLM_SpendLogs" '
                                'WHERE api_key = %s', (fresh["token"],)).fetchall()
        if rows:
            break
        time.sleep(1)
    assert rows, "no spend log row was written for the key"
    assert [(r[0], r[1]) for r in rows] == [(setup["model"], 12)]

    info = admin.get("/key/info", params={"key": fresh["key"]})
    assert info.status_code == 200, info.text
    assert info.json()["info"]["team_id"] == setup["team_id"]
    assert info.json()["info"]["models"] == [setup["model"]]


@pytest.mark.parametrize("body", ['{"model": "x", "messages": [', "not json at all"])
def test_malformed_json_is_400(live_proxy, setup, body):
    with _client(live_proxy, setup["key"]) as c:
        r = c.post("/chat/completions", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    _assert_4xx_with_message(r)


def test_unknown_model_is_4xx(live_proxy, setup, admin):
    with _client(live_proxy, setup["key"]) as c:
        r = c.post("/chat/completions", json={"model": "no-such-model", "messages": [{"role": "user", "content": "x"}]})
    _assert_4xx_with_message(r)
    # A key allowed every model still gets a 4xx for a model nobody configured.
    any_key = admin.post("/key/generate", json={}).json()["key"]
    with _client(live_proxy, any_key) as c:
        r = c.post("/chat/completions", json={"model": "no-such-model", "messages": [{"role": "user", "content": "x"}]})
    _assert_4xx_with_message(r)


def test_wrong_and_missing_key_are_401(live_proxy, setup):
    body = {"model": setup["model"], "messages": [{"role": "user", "content": "x"}]}
    with _client(live_proxy, "sk-not-a-real-key") as c:
        r = c.post("/chat/completions", json=body)
    assert r.status_code == 401, r.text
    _assert_4xx_with_message(r)
    r = httpx.post(f"{live_proxy.url}/chat/completions", json=body)
    assert r.status_code == 401, r.text


def test_revoked_key_is_rejected(live_proxy, setup, admin):
    key = admin.post("/key/generate", json={"models": [setup["model"]]}).json()["key"]
    body = {"model": setup["model"], "messages": [{"role": "user", "content": "x"}]}
    with _client(live_proxy, key) as c:
        assert c.post("/chat/completions", json=body).status_code == 200
        assert admin.post("/key/delete", json={"keys": [key]}).status_code == 200
        r = c.post("/chat/completions", json=body)
    assert r.status_code == 401, r.text
    _assert_4xx_with_message(r)


def test_missing_messages_is_400(live_proxy, setup):
    with _client(live_proxy, setup["key"]) as c:
        r = c.post("/chat/completions", json={"model": setup["model"]})
    assert r.status_code == 400, r.text


@pytest.mark.parametrize("path", ["/team/new", "/key/generate", "/model/new"])
@pytest.mark.parametrize("body", ["[1, 2]", "null", '"text"', "42"])
def test_management_routes_reject_non_object_json(admin, path, body):
    r = admin.post(path, content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422, (path, body, r.status_code, r.text)
    assert "JSON object" in r.json()["error"]["message"]


@pytest.mark.parametrize("path", ["/team/new", "/key/generate"])
def test_management_routes_reject_malformed_json(admin, path):
    r = admin.post(path, content='{"team_alias": ', headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text
    assert "not valid JSON" in r.json()["error"]["message"]


def test_alchemi_status_is_admin_only(live_proxy, super_admin, setup):
    r = super_admin.get("/alchemi/status")
    assert r.status_code == 200, r.text
    assert r.json()["litellm"] == "1.102.4"
    assert r.json()["seams"]["broken"] == {}
    assert r.json()["pending_migrations"] == []
    with _client(live_proxy, setup["key"]) as c:
        assert c.get("/alchemi/status").status_code == 403
    assert super_admin.get("/alchemi/version").json()["product"] == "Alchemi Studio Console"
    assert httpx.get(f"{live_proxy.url}/alchemi/status").status_code == 401
