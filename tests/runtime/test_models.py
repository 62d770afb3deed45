"""Models and routing per account, through the live proxy: the same model name in two accounts
reaches two upstreams, each account sees and calls only its own models, and a model added or
deleted in one account changes nothing in the other."""
from __future__ import annotations

import pytest

from tests.runtime.support import add_model, answered_by, chat, clear, recorded, unique


def test_same_model_name_reaches_each_accounts_own_upstream(replica, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    add_model(a, "gpt-4o", upstream_a.url, api_key="sk-up-a")
    add_model(b, "gpt-4o", upstream_b.url, api_key="sk-up-b")
    clear(upstream_a), clear(upstream_b)
    for i in range(3):
        assert answered_by(chat(replica.url, a.key, "gpt-4o", f"from-a-{i}")) == "rt-upstream-a"
        assert answered_by(chat(replica.url, b.key, "gpt-4o", f"from-b-{i}")) == "rt-upstream-b"
    seen_a, seen_b = recorded(upstream_a), recorded(upstream_b)
    assert [s["body"]["messages"][-1]["content"] for s in seen_a] == ["from-a-0", "from-a-1", "from-a-2"]
    assert [s["body"]["messages"][-1]["content"] for s in seen_b] == ["from-b-0", "from-b-1", "from-b-2"]
    assert {s["headers"]["authorization"] for s in seen_a} == {"Bearer sk-up-a"}
    assert {s["headers"]["authorization"] for s in seen_b} == {"Bearer sk-up-b"}


def _listed(admin, path: str) -> set[str]:
    r = admin.get(path)
    assert r.status_code == 200, (path, r.text)
    data = r.json().get("data", [])
    return {d.get("id") or d.get("model_name") or d.get("model_group") for d in data}


@pytest.mark.parametrize("path", ["/models", "/v1/models", "/model/info", "/v1/model/info", "/v2/model/info",
                                  "/model_group/info"])
def test_model_listings_show_only_the_accounts_models(two_accounts, upstream_a, upstream_b, path):
    a, b = two_accounts
    only_a, only_b = unique("only-a"), unique("only-b")
    add_model(a, only_a, upstream_a.url)
    add_model(b, only_b, upstream_b.url)
    listed_a, listed_b = _listed(a, path), _listed(b, path)
    assert only_a in listed_a and only_b not in listed_a, listed_a
    assert only_b in listed_b and only_a not in listed_b, listed_b


def test_b_cannot_call_or_inspect_as_model(replica, two_accounts, upstream_a):
    a, b = two_accounts
    name = unique("secret")
    model_id = add_model(a, name, upstream_a.url)
    assert answered_by(chat(replica.url, a.key, name)) == "rt-upstream-a"
    clear(upstream_a)
    r = chat(replica.url, b.key, name)
    assert 400 <= r.status_code < 500, r.text
    assert recorded(upstream_a) == []
    assert b.get("/model/info", params={"litellm_model_id": model_id}).json().get("data") in ([], None)
    assert b.get("/model_group/info", params={"model_group": name}).json().get("data") in ([], None)
    # nor change or delete it
    assert b.post("/model/delete", json={"id": model_id}).status_code >= 400
    assert answered_by(chat(replica.url, a.key, name)) == "rt-upstream-a"


def test_add_and_delete_are_per_account(replica, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    name = unique("shared")
    id_a = add_model(a, name, upstream_a.url)
    assert chat(replica.url, b.key, name).status_code >= 400  # added in A only
    add_model(b, name, upstream_b.url)
    assert answered_by(chat(replica.url, a.key, name)) == "rt-upstream-a"
    assert answered_by(chat(replica.url, b.key, name)) == "rt-upstream-b"
    r = a.post("/model/delete", json={"id": id_a})
    assert r.status_code == 200, r.text
    assert chat(replica.url, a.key, name).status_code >= 400
    assert answered_by(chat(replica.url, b.key, name)) == "rt-upstream-b"


def test_credentials_with_the_same_name_resolve_per_account(replica, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    for admin, upstream, key in ((a, upstream_a, "sk-cred-a"), (b, upstream_b, "sk-cred-b")):
        r = admin.post("/credentials", json={"credential_name": "provider", "credential_info": {},
                                             "credential_values": {"api_key": key, "api_base": f"{upstream.url}/v1"}})
        assert r.status_code == 200, r.text
        r = admin.post("/model/new", json={"model_name": "via-credential", "litellm_params": {
            "model": "openai/fake-model", "litellm_credential_name": "provider"}})
        assert r.status_code == 200, r.text
    clear(upstream_a), clear(upstream_b)
    assert answered_by(chat(replica.url, a.key, "via-credential", "ca")) == "rt-upstream-a"
    assert answered_by(chat(replica.url, b.key, "via-credential", "cb")) == "rt-upstream-b"
    assert [s["headers"]["authorization"] for s in recorded(upstream_a)] == ["Bearer sk-cred-a"]
    assert [s["headers"]["authorization"] for s in recorded(upstream_b)] == ["Bearer sk-cred-b"]
