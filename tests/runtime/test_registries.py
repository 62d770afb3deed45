"""Registries, module settings and the public cost map per account, through the live proxy."""
from __future__ import annotations

import httpx

from tests.runtime.support import add_model, unique, wait_until


def test_public_cost_map_holds_no_accounts_deployment(replica, two_accounts, upstream_a):
    a, _ = two_accounts
    marker = unique("cost-canary")
    r = a.post("/model/new", json={"model_name": marker, "litellm_params": {
        "model": "openai/" + marker, "api_base": upstream_a.url, "api_key": "sk-x"},
        "model_info": {"description": marker}})
    assert r.status_code == 200, r.text
    model_id = r.json()["model_id"]
    assert a.get("/model/info").status_code == 200  # the account's router serves it (registered its cost entry)
    public = httpx.get(f"{replica.url}/public/litellm_model_cost_map", timeout=60)
    assert public.status_code == 200
    body = public.json()
    assert "gpt-4o" in body  # the catalogue itself is still there
    assert model_id not in body
    assert marker not in public.text


def test_default_user_settings_are_the_accounts_own(two_accounts):
    a, b = two_accounts
    model = unique("default-model")
    r = a.patch("/update/internal_user_settings", json={"models": [model], "max_budget": 7})
    assert r.status_code == 200, r.text
    user_b = b.post("/user/new", json={"user_email": f"{unique('u')}@example.com"})
    assert user_b.status_code == 200, user_b.text
    assert model not in (user_b.json().get("models") or [])
    user_a = a.post("/user/new", json={"user_email": f"{unique('u')}@example.com"})
    assert user_a.status_code == 200, user_a.text
    assert model in (user_a.json().get("models") or [])


def test_prompts_and_agents_are_listed_per_account(two_accounts):
    a, b = two_accounts
    name = unique("agent")
    r = a.post("/v1/agents", json={"agent_name": name, "agent_card_params": {
        "name": name, "description": "d", "url": "http://127.0.0.1:9/a2a", "version": "1", "capabilities": {},
        "defaultInputModes": ["text"], "defaultOutputModes": ["text"], "skills": []}})
    assert r.status_code in (200, 201), r.text
    agent_id = r.json().get("agent_id")

    def listed(client):
        got = client.get("/v1/agents")
        assert got.status_code == 200, got.text
        return {x.get("agent_name") for x in got.json()} if isinstance(got.json(), list) else set()

    assert wait_until(lambda: name in listed(a), timeout=30)
    assert name not in listed(b)
    assert b.get(f"/v1/agents/{agent_id}").status_code in (403, 404)


async def _loader_with_a_new_registry(self, prisma_client):  # what an upgrade could look like
    await self._init_guardrails_in_db(prisma_client=prisma_client)
    await self._init_brand_new_registry_in_db(prisma_client=prisma_client)


def test_a_new_registry_loader_fails_the_seam_check():
    from alchemi.runtime.seams import _known_loaders

    problem = _known_loaders(_loader_with_a_new_registry)
    assert problem is not None and "_init_brand_new_registry_in_db" in problem


def test_the_loader_check_reads_the_original_once_wrapped():
    from litellm.proxy.proxy_server import ProxyConfig

    from alchemi.runtime.seams import _known_loaders

    original = getattr(ProxyConfig._init_non_llm_objects_in_db, "_alchemi_replaces",
                       ProxyConfig._init_non_llm_objects_in_db)

    async def wrapper(self, prisma_client):  # what install() puts in its place
        return await original(self, prisma_client)

    wrapper._alchemi_replaces = original
    assert _known_loaders(original) is None
    assert _known_loaders(wrapper) is None


def test_every_litellm_setting_the_settings_endpoints_write_is_per_account():
    """proxy_setting_endpoints writes litellm_settings onto the litellm module (setattr) for the
    keys its callers pass: each must be a per-account attribute, or one account's save would set
    it for every account. Found from the source, so a new key in an upgrade fails here."""
    import ast
    import inspect

    from litellm.proxy.ui_crud_endpoints import proxy_setting_endpoints

    from alchemi.runtime.registries import account_module_attrs

    tree = ast.parse(inspect.getsource(proxy_setting_endpoints))
    written = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "_update_litellm_setting":
            for kw in node.keywords:
                if kw.arg == "settings_key":
                    value = kw.value
                    if isinstance(value, ast.Name):  # a module constant
                        value = ast.Constant(getattr(proxy_setting_endpoints, value.id))
                    assert isinstance(value, ast.Constant), ast.dump(kw.value)
                    written.add(value.value)
    inherit, fresh = account_module_attrs()
    assert written and written <= set(inherit) | set(fresh), written - set(inherit)


def test_ui_plugins_are_the_accounts_own(two_accounts, upstream_a):
    """general_settings.plugins (UI plugins, each with its own credential for /plugin-proxy/<name>)
    registered by A's settings are listed, and proxied, for A only."""
    import time

    a, b = two_accounts
    name = unique("plugin")
    r = a.post("/config/update", json={"general_settings": {"plugins": [
        {"name": name, "url": upstream_a.url, "plugin_key": "sk-plugin-a"}]}})
    assert r.status_code == 200, r.text
    deadline = time.monotonic() + 20
    while name not in [p["name"] for p in a.get("/api/plugins").json()]:
        assert time.monotonic() < deadline, a.get("/api/plugins").text
        time.sleep(0.3)
    assert name not in [p["name"] for p in b.get("/api/plugins").json()]


_PROXY_CONFIG_PROBE = r"""
import litellm
from litellm.proxy import proxy_server
from alchemi.runtime import registries
from alchemi.tenancy.context import system_context, tenant_context

class Registry:
    def on_evict(self, listener): pass
    def live(self): return []

registries.install(Registry())
config = proxy_server.proxy_config
with system_context("platform"):
    config.update_config_state({"litellm_settings": {"owner": "platform"}})
    litellm.secret_manager_client = "platform-vault"
with tenant_context("acct-a"):
    assert config.get_config_state() == {}, config.get_config_state()  # nothing of the platform's
    config.update_config_state({"litellm_settings": {"owner": "a"}})
    config._last_hashicorp_vault_config = {"vault": "a"}
    litellm.secret_manager_client = "a-vault"
with tenant_context("acct-b"):
    assert config.get_config_state() == {} and config._last_hashicorp_vault_config is None
    assert litellm.secret_manager_client == "platform-vault"  # B sees the platform's, never A's
with tenant_context("acct-a"):
    assert config.get_config_state()["litellm_settings"]["owner"] == "a"
    assert litellm.secret_manager_client == "a-vault"
with system_context("platform"):
    assert config.get_config_state()["litellm_settings"]["owner"] == "platform"
    assert litellm.secret_manager_client == "platform-vault"
print("ok")
"""


def test_config_state_and_secret_manager_are_the_accounts_own():
    """ProxyConfig's last loaded config (read by /guardrails/list, the search-tool parser, the
    coordination settings) and the secret manager an account's Vault/CyberArk override sets up are
    per account. Run in a fresh interpreter: it installs the registries process-wide."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True"}
    out = subprocess.run([sys.executable, "-c", _PROXY_CONFIG_PROBE], capture_output=True, text=True, env=env,
                         timeout=120)
    assert out.returncode == 0 and out.stdout.strip().endswith("ok"), out.stderr[-3000:]
