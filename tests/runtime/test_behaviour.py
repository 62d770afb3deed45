"""What one account configures changes only its own traffic (issue 4 probes): guardrails and cached
responses, with the same model name in both accounts."""
from __future__ import annotations

import pytest

from alchemi.tenancy.context import tenant_context
from tests.runtime.support import add_model, answered_by, chat, clear, recorded, unique


def test_a_default_on_guardrail_guards_only_its_own_account(replica, two_accounts, upstream_a, upstream_b):
    a, b = two_accounts
    add_model(a, "gpt-4o", upstream_a.url)
    add_model(b, "gpt-4o", upstream_b.url)
    word = unique("forbidden")
    r = a.post("/guardrails", json={"guardrail": {
        "guardrail_name": unique("no-forbidden"),
        "litellm_params": {"guardrail": "litellm_content_filter", "mode": "pre_call", "default_on": True,
                           "blocked_words": [{"keyword": word, "action": "BLOCK"}]}}})
    assert r.status_code == 200, r.text
    blocked = chat(replica.url, a.key, "gpt-4o", f"say {word}")
    assert blocked.status_code == 400, blocked.text  # A's guardrail guards A
    allowed = chat(replica.url, b.key, "gpt-4o", f"say {word}")
    assert allowed.status_code == 200, allowed.text  # and not B
    assert answered_by(allowed) == "rt-upstream-b"


@pytest.fixture
def response_cache():
    import litellm
    from litellm.caching.caching import Cache

    from alchemi.runtime import caches

    caches.install_response_cache()
    cache = Cache(type="local")
    yield cache
    litellm.cache = None


def test_a_cached_response_is_never_served_to_another_account(response_cache):
    """The same request from two accounts maps to two cache entries (LiteLLM #29955 class)."""
    request = {"model": "gpt-4o", "messages": [{"role": "user", "content": "same question"}]}
    with tenant_context("acct-a"):
        key_a = response_cache.get_cache_key(**request)
        response_cache.cache.set_cache(key_a, "A's answer")
        assert response_cache.get_cache_key(**request) == key_a  # stable within the account
    with tenant_context("acct-b"):
        key_b = response_cache.get_cache_key(**request)
        assert response_cache.cache.get_cache(key_b) is None
    assert key_a != key_b
    assert key_a.startswith("alchemi:acct-a:") and key_b.startswith("alchemi:acct-b:")
    assert response_cache.get_cache_key(**request) == key_a.split(":", 2)[2]  # platform work: LiteLLM's own key


def test_environment_variables_are_the_accounts_own(replica, two_accounts, upstream_a, upstream_b):
    """Both accounts name the same variable for their upstream key; each key reaches only its
    own upstream, and neither value reaches the process environment."""
    a, b = two_accounts
    var = "ALCHEMI_PROBE_KEY_" + unique("v").replace("-", "_").upper()
    for admin, value in ((a, "sk-env-a"), (b, "sk-env-b")):
        r = admin.post("/config/update", json={"environment_variables": {var: value}})
        assert r.status_code == 200, r.text
    name = unique("env-model")
    add_model(a, name, upstream_a.url, api_key=f"os.environ/{var}")
    add_model(b, name, upstream_b.url, api_key=f"os.environ/{var}")
    clear(upstream_a), clear(upstream_b)
    assert answered_by(chat(replica.url, a.key, name)) == "rt-upstream-a"
    assert answered_by(chat(replica.url, b.key, name)) == "rt-upstream-b"
    assert {s["headers"]["authorization"] for s in recorded(upstream_a)} == {"Bearer sk-env-a"}
    assert {s["headers"]["authorization"] for s in recorded(upstream_b)} == {"Bearer sk-env-b"}


def test_health_checks_probe_only_the_accounts_own_deployments(replica, two_accounts, upstream_a, upstream_b):
    """GET /health runs on demand over the caller's account's deployments (no background loop runs
    without a config file, so there are no process-wide results to leak)."""
    a, b = two_accounts
    name = unique("health-model")
    add_model(a, name, upstream_a.url)
    add_model(b, name, upstream_b.url)
    bases = {}
    for label, admin in (("a", a), ("b", b)):
        r = admin.get("/health", timeout=120)
        assert r.status_code == 200, r.text
        body = r.json()
        endpoints = body["healthy_endpoints"] + body["unhealthy_endpoints"]
        bases[label] = {e.get("api_base") for e in endpoints if e.get("model") == "openai/fake-model"}
    assert bases["a"] == {f"{upstream_a.url}/v1"}, bases
    assert bases["b"] == {f"{upstream_b.url}/v1"}, bases


def test_an_accounts_cache_settings_build_its_own_response_cache_only(replica, two_accounts, upstream_a, upstream_b):
    """A turns on response caching (/cache/settings): A's repeated request is answered from A's cache;
    B's own cache settings (embeddings only) neither replace A's cache nor cache B's chats."""
    a, b = two_accounts
    name = unique("cached-model")
    add_model(a, name, upstream_a.url)
    add_model(b, name, upstream_b.url)
    r = a.post("/cache/settings", json={"cache_settings": {"type": "local"}})
    assert r.status_code == 200, r.text
    # B, after A, caches embeddings only: with one process-wide cache, B's would replace A's
    r = b.post("/cache/settings", json={"cache_settings": {"type": "local",
                                                          "supported_call_types": ["embedding", "aembedding"]}})
    assert r.status_code == 200, r.text
    text = unique("same question")
    clear(upstream_a), clear(upstream_b)
    for _ in range(2):
        assert chat(replica.url, a.key, name, text).status_code == 200
        assert chat(replica.url, b.key, name, text).status_code == 200
    assert len([s for s in recorded(upstream_a) if s["path"].endswith("/chat/completions")]) == 1
    assert len([s for s in recorded(upstream_b) if s["path"].endswith("/chat/completions")]) == 2
