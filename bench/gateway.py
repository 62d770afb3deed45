"""What each proxy needs before it is measured: a model pointing at the upstream and a virtual
key allowed to use it, made through the API as a user would.

Vanilla LiteLLM: both with the master key. Alchemi: the super admin creates an account and its
admin key; the account admin adds the model and generates the key.
"""
from __future__ import annotations

import time
import uuid

import httpx

MODEL = "bench-gpt"


def chat_body(model: str = MODEL) -> dict:
    return {"model": model, "messages": [{"role": "user", "content": "Say hello."}]}


def _ok(r: httpx.Response, what: str) -> dict:
    if r.status_code != 200:
        raise RuntimeError(f"{what}: HTTP {r.status_code}: {r.text[:500]}")
    return r.json()


def add_model_and_key(url: str, admin_key: str, upstream_url: str) -> str:
    """As `admin_key`: the benchmark model (-> upstream) and a virtual key for it; returns the key."""
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {admin_key}"}, timeout=60) as c:
        _ok(c.post("/model/new", json={"model_name": MODEL, "litellm_params": {
            "model": "openai/fake-model", "api_base": f"{upstream_url}/v1", "api_key": "sk-upstream"}}), "/model/new")
        return _ok(c.post("/key/generate", json={"models": [MODEL], "key_alias": "bench-load"}), "/key/generate")["key"]


def new_account(url: str, master_key: str) -> dict:
    """An account and its admin API key, through the super admin API."""
    name = f"bench-measured-{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {master_key}"}, timeout=60) as c:
        account = _ok(c.post("/account/new", json={"account_name": name, "domains": [f"{name}.example.com"]}),
                      "/account/new")
        key = _ok(c.post(f"/account/{account['account_id']}/api-key", json={"key_alias": "bench-admin"}),
                  "/account/{id}/api-key")
    return {"account_id": account["account_id"], "admin_key": key["key"]}


def wait_until_chat_works(url: str, key: str, timeout: float = 60) -> dict:
    """One chat completion answered 200 with choices (the model may take a moment to load)."""
    deadline, last = time.monotonic() + timeout, None
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=30) as c:
        while time.monotonic() < deadline:
            last = c.post("/chat/completions", json=chat_body())
            if last.status_code == 200 and last.json().get("choices"):
                return last.json()
            time.sleep(0.5)
    raise RuntimeError(f"chat completion never succeeded: HTTP {last.status_code}: {last.text[:500]}")
