"""Seed one account with one object of every shape LiteLLM manages, through the real API.

Every object an account owns carries the account's canary prefix (`canarya-1a2b3c4d`) in its
name, alias, description or metadata, so any response that shows another account's object
shows that prefix. Each created id is recorded under its kind (team_id, key, model_id ...):
the probes substitute those ids into every route that takes one.

A shape that cannot be created here is recorded in `Tenant.skipped` with the reason (the
response, or why the route needs something this machine lacks); the suite reports them.
"""
from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx


class SeedError(RuntimeError):
    pass


@dataclass
class Tenant:
    label: str                      # "A" or "B"
    account_id: str
    admin_key: str
    prefix: str                     # canary prefix (lower case), in every name this account owns
    ids: dict[str, str] = field(default_factory=dict)       # kind -> id
    keys: dict[str, str] = field(default_factory=dict)      # role -> raw virtual key
    seeded: list[str] = field(default_factory=list)         # shapes created
    skipped: dict[str, str] = field(default_factory=dict)   # shape -> reason

    def canary(self, what: str) -> str:
        return f"{self.prefix}-{what}"

    def id_values(self) -> set[str]:
        """Ids that identify this account's objects (and so must never reach another account)."""
        values = {v for v in self.ids.values() if isinstance(v, str) and len(v) >= 8}
        values.add(self.account_id)
        return values


def _ok(r: httpx.Response, what: str) -> Any:
    if r.status_code >= 300:
        raise SeedError(f"{what}: HTTP {r.status_code} {r.text[:300]}")
    try:
        return r.json()
    except ValueError:
        return {}


class Seeder:
    """Creates the objects of one account as that account's admin."""

    def __init__(self, base_url: str, tenant: Tenant, upstream_url: str) -> None:
        self.t = tenant
        self.upstream = upstream_url
        self.http = httpx.Client(base_url=base_url, timeout=60,
                                 headers={"Authorization": f"Bearer {tenant.admin_key}"})

    def close(self) -> None:
        self.http.close()

    # --- helpers --------------------------------------------------------------------------
    def _shape(self, name: str, fn) -> None:
        try:
            fn()
        except SeedError as e:
            self.t.skipped[name] = str(e)
        except (httpx.HTTPError, KeyError, TypeError, ValueError) as e:
            self.t.skipped[name] = f"{type(e).__name__}: {e}"
        else:
            self.t.seeded.append(name)

    def post(self, path: str, body: dict, what: str | None = None, method: str = "POST") -> Any:
        return _ok(self.http.request(method, path, json=body), what or path)

    # --- shapes ---------------------------------------------------------------------------
    def model(self) -> None:
        t = self.t
        name = t.canary("model")
        r = self.post("/model/new", {
            "model_name": name,
            "litellm_params": {"model": "openai/fake-model", "api_base": f"{self.upstream}/v1",
                               "api_key": f"sk-upstream-{t.prefix}", "input_cost_per_token": 0.000001,
                               "output_cost_per_token": 0.000002},
            "model_info": {"description": t.canary("model-description"), "canary": t.canary("model-info")}})
        t.ids["model_id"] = r.get("model_id") or r["model_info"]["id"]
        t.ids["model_name"] = name
        fallback = t.canary("fallback-model")
        r = self.post("/model/new", {"model_name": fallback, "litellm_params": {
            "model": "openai/fake-model", "api_base": f"{self.upstream}/v1", "api_key": f"sk-upstream-{t.prefix}"}})
        t.ids["fallback_model_id"] = r.get("model_id") or r["model_info"]["id"]
        t.ids["fallback_model_name"] = fallback

    def budget(self) -> None:
        t = self.t
        r = self.post("/budget/new", {"budget_id": t.canary("budget"), "max_budget": 1000, "soft_budget": 900})
        t.ids["budget_id"] = r.get("budget_id", t.canary("budget"))

    def organization(self) -> None:
        t = self.t
        r = self.post("/organization/new", {"organization_alias": t.canary("org"), "models": [t.ids["model_name"]],
                                            "metadata": {"canary": t.canary("org-metadata")}, "max_budget": 500})
        t.ids["organization_id"] = r["organization_id"]

    def team(self) -> None:
        t = self.t
        body = {"team_alias": t.canary("team"), "models": [t.ids["model_name"]],
                "metadata": {"canary": t.canary("team-metadata")}, "max_budget": 400}
        if "organization_id" in t.ids:
            body["organization_id"] = t.ids["organization_id"]
        r = self.post("/team/new", body)
        t.ids["team_id"] = r["team_id"]
        t.ids["team_alias"] = t.canary("team")

    def user(self) -> None:
        t = self.t
        email = f"{t.prefix}-user@{t.label.lower()}-tenant.example.com".lower()
        r = self.post("/user/new", {"user_email": email, "user_alias": t.canary("user-alias"),
                                    "user_role": "internal_user", "auto_create_key": False,
                                    "metadata": {"canary": t.canary("user-metadata")}})
        t.ids["user_id"] = r["user_id"]
        t.ids["user_email"] = email
        if "team_id" in t.ids:
            self.post("/team/member_add", {"team_id": t.ids["team_id"],
                                           "member": {"user_id": r["user_id"], "role": "user"}})
        if "organization_id" in t.ids:
            self.post("/organization/member_add", {"organization_id": t.ids["organization_id"],
                                                   "member": {"user_id": r["user_id"], "role": "internal_user"}})

    def org_admin(self) -> None:
        """A user who administers the account's organization, with a key (for #25829)."""
        t = self.t
        email = f"{t.prefix}-orgadmin@{t.label.lower()}-tenant.example.com".lower()
        r = self.post("/user/new", {"user_email": email, "user_alias": t.canary("org-admin-alias"),
                                    "user_role": "internal_user", "auto_create_key": False})
        t.ids["org_admin_user_id"] = r["user_id"]
        self.post("/organization/member_add", {"organization_id": t.ids["organization_id"],
                                               "member": {"user_id": r["user_id"], "role": "org_admin"}})
        k = self.post("/key/generate", {"user_id": r["user_id"], "key_alias": t.canary("org-admin-key"),
                                        "organization_id": t.ids["organization_id"]})
        t.keys["org_admin"] = k["key"]
        t.ids["org_admin_token"] = k["token"]

    def tag(self) -> None:
        t = self.t
        self.post("/tag/new", {"name": t.canary("tag"), "description": t.canary("tag-description"),
                               "models": [t.ids["model_id"]] if "model_id" in t.ids else None})
        t.ids["tag"] = t.canary("tag")

    def keys(self) -> None:
        t = self.t
        body: dict[str, Any] = {"key_alias": t.canary("key"), "metadata": {"canary": t.canary("key-metadata")},
                                "models": [t.ids["model_name"]], "tags": [t.canary("tag")]}
        for kind in ("team_id", "user_id"):
            if kind in t.ids:
                body[kind] = t.ids[kind]
        r = self.post("/key/generate", body)
        t.keys["user"] = r["key"]
        t.ids["key"] = r["token"]
        # A key that only this account's admin holds; the probes may block, regenerate or delete it.
        r2 = self.post("/key/generate", {"key_alias": t.canary("spare-key"), "models": [t.ids["model_name"]],
                                         "metadata": {"canary": t.canary("spare-key-metadata")}})
        t.ids["spare_key"] = r2["token"]
        t.keys["spare"] = r2["key"]

    def credential(self) -> None:
        t = self.t
        self.post("/credentials", {"credential_name": t.canary("credential"),
                                   "credential_values": {"api_key": f"sk-{t.canary('credential-secret')}"},
                                   "credential_info": {"description": t.canary("credential-info"),
                                                       "custom_llm_provider": "openai"}})
        t.ids["credential_name"] = t.canary("credential")

    def guardrail(self) -> None:
        t = self.t
        r = self.post("/guardrails", {"guardrail": {
            "guardrail_name": t.canary("guardrail"),
            "litellm_params": {"guardrail": "litellm_content_filter", "mode": "pre_call",
                               "blocked_words": [{"keyword": t.canary("blocked-word"), "action": "BLOCK"}]},
            "guardrail_info": {"description": t.canary("guardrail-info")}}})
        t.ids["guardrail_id"] = r["guardrail_id"]
        t.ids["guardrail_name"] = t.canary("guardrail")

    def policy(self) -> None:
        t = self.t
        r = self.post("/policies", {"policy_name": t.canary("policy"), "description": t.canary("policy-description"),
                                    "guardrails_add": [t.ids["guardrail_name"]] if "guardrail_name" in t.ids else []})
        t.ids["policy_id"] = r.get("policy_id") or r.get("id")
        t.ids["policy_name"] = t.canary("policy")
        a = self.post("/policies/attachments", {"policy_name": t.canary("policy"),
                                                "teams": [t.ids["team_alias"]] if "team_alias" in t.ids else None,
                                                "tags": [t.canary("tag")]})
        t.ids["attachment_id"] = a.get("attachment_id") or a.get("id")

    def mcp_server(self) -> None:
        t = self.t
        name = t.canary("mcp").replace("-", "_")
        r = self.post("/v1/mcp/server", {"server_name": name, "alias": name,
                                         "description": t.canary("mcp-description"),
                                         "url": f"{self.upstream}/mcp/{t.prefix}", "transport": "http",
                                         "mcp_info": {"canary": t.canary("mcp-info")}})
        t.ids["server_id"] = r["server_id"]
        t.ids["server_name"] = name

    def mcp_toolset(self) -> None:
        t = self.t
        r = self.post("/v1/mcp/toolset", {"toolset_name": t.canary("toolset"),
                                          "description": t.canary("toolset-description"), "tools": []})
        t.ids["toolset_id"] = r.get("toolset_id") or r.get("id")
        t.ids["toolset_name"] = t.canary("toolset")

    def agent(self) -> None:
        t = self.t
        r = self.post("/v1/agents", {"agent_name": t.canary("agent"), "agent_card_params": {
            "protocolVersion": "0.3.0", "name": t.canary("agent"), "description": t.canary("agent-description"),
            "url": f"{self.upstream}/a2a/{t.prefix}", "version": "1.0.0", "capabilities": {},
            "defaultInputModes": ["text"], "defaultOutputModes": ["text"],
            "skills": [{"id": "s1", "name": t.canary("agent-skill"), "description": "d", "tags": []}]}})
        t.ids["agent_id"] = r.get("agent_id")
        t.ids["agent_name"] = t.canary("agent")

    def prompt(self) -> None:
        t = self.t
        self.post("/prompts", {"prompt_id": t.canary("prompt"), "litellm_params": {
            "prompt_integration": "dotprompt", "dotprompt_content":
                f"---\nmodel: {t.ids.get('model_name', 'x')}\n---\nUser: {t.canary('prompt-body')} {{{{q}}}}\n"},
            "prompt_info": {"prompt_type": "db"}})
        t.ids["prompt_id"] = t.canary("prompt")

    def model_access_group(self) -> None:
        t = self.t
        self.post("/access_group/new", {"access_group": t.canary("model-access-group"),
                                        "model_ids": [t.ids["model_id"]]})
        t.ids["access_group"] = t.canary("model-access-group")

    def unified_access_group(self) -> None:
        t = self.t
        r = self.post("/v1/access_group", {"access_group_name": t.canary("access-group"),
                                           "description": t.canary("access-group-description"),
                                           "access_model_names": [t.ids["model_name"]],
                                           "assigned_team_ids": [t.ids["team_id"]] if "team_id" in t.ids else []})
        t.ids["access_group_id"] = r.get("access_group_id") or r.get("id")

    def vector_store(self) -> None:
        t = self.t
        self.post("/vector_store/new", {"vector_store_id": t.canary("vector-store"), "custom_llm_provider": "openai",
                                        "vector_store_name": t.canary("vector-store-name"),
                                        "vector_store_description": t.canary("vector-store-description"),
                                        "vector_store_metadata": {"canary": t.canary("vector-store-metadata")}})
        t.ids["vector_store_id"] = t.canary("vector-store")

    def search_tool(self) -> None:
        t = self.t
        r = self.post("/search_tools", {"search_tool": {
            "search_tool_name": t.canary("search-tool"),
            "litellm_params": {"search_provider": "tavily", "api_key": f"tvly-{t.canary('search-secret')}"},
            "search_tool_info": {"description": t.canary("search-tool-info")}}})
        t.ids["search_tool_id"] = r.get("search_tool_id")
        t.ids["search_tool_name"] = t.canary("search-tool")

    def end_user(self) -> None:
        t = self.t
        self.post("/customer/new", {"user_id": t.canary("end-user"), "alias": t.canary("end-user-alias"),
                                    "max_budget": 10})
        t.ids["end_user_id"] = t.canary("end-user")

    def invitation(self) -> None:
        t = self.t
        r = self.post("/invitation/new", {"user_id": t.ids["user_id"]})
        t.ids["invitation_id"] = r["id"]

    def jwt_mapping(self) -> None:
        t = self.t
        r = self.post("/jwt/key/mapping/new", {"jwt_claim_name": "sub", "jwt_claim_value": t.canary("jwt-sub"),
                                               "key": t.keys["spare"], "description": t.canary("jwt-description")})
        t.ids["jwt_mapping_id"] = r.get("id")

    def pass_through(self) -> None:
        """A pass-through route that injects a secret header of this account's into every call."""
        t = self.t
        r = self.post("/config/pass_through_endpoint", {"path": f"/{t.canary('passthrough')}",
                                                        "target": f"{self.upstream}/v1/chat/completions",
                                                        "auth": True, "methods": ["POST"],
                                                        "headers": {"x-canary": t.canary("passthrough-header")}})
        t.ids["endpoint_id"] = (r.get("id") or (r.get("endpoints") or [{}])[0].get("id")
                                if isinstance(r, dict) else None) or t.canary("passthrough")
        t.ids["passthrough_path"] = f"/{t.canary('passthrough')}"

    def memory(self) -> None:
        t = self.t
        self.post("/v1/memory", {"key": t.canary("memory"), "value": t.canary("memory-value")})
        t.ids["memory_key"] = t.canary("memory")

    def workflow(self) -> None:
        t = self.t
        r = self.post("/v1/workflows/runs", {"workflow_type": t.canary("workflow"),
                                             "input": {"canary": t.canary("workflow-input")}})
        t.ids["run_id"] = r["run_id"]

    def claude_code_plugin(self) -> None:
        t = self.t
        self.post("/claude-code/plugins", {"name": t.canary("plugin"), "description": t.canary("plugin-description"),
                                           "source": {"source": "github", "repo": f"example/{t.prefix}"}})
        t.ids["plugin_name"] = t.canary("plugin")

    def tool_policy(self) -> None:
        t = self.t
        self.post("/v1/tool/policy", {"tool_name": t.canary("tool"), "input_policy": "blocked"})
        t.ids["tool_name"] = t.canary("tool")

    def team_callback(self) -> None:
        t = self.t
        self.post(f"/team/{t.ids['team_id']}/callback", {
            "callback_name": "langfuse", "callback_type": "success",
            "callback_vars": {"langfuse_public_key": t.canary("langfuse-public"),
                              "langfuse_secret_key": t.canary("langfuse-secret"),
                              "langfuse_host": "http://127.0.0.1:9"}})

    def settings(self) -> None:
        """Account-wide settings that LiteLLM keeps as singletons (UI, defaults, fallbacks)."""
        t = self.t
        failures = []
        for method, path, body in (
                ("PATCH", "/update/ui_theme_settings", {"logo_url": f"https://{t.prefix}.example.com/logo.png"}),
                ("PATCH", "/update/user_banner", {"message": t.canary("banner"), "enabled": True}),
                ("PATCH", "/update/internal_user_settings", {"max_budget": 77, "models": [t.ids.get("model_name")]}),
                ("PATCH", "/update/default_team_settings", {"max_budget": 66, "models": [t.ids.get("model_name")]}),
                ("POST", "/fallback", {"model": t.ids.get("model_name"), "fallback_models": [t.ids.get("fallback_model_name")],
                                       "fallback_type": "general"}),
                ("POST", "/config/field/update", {"field_name": "alerting_threshold", "field_value": 4242,
                                                  "config_type": "general_settings"}),
        ):
            r = self.http.request(method, path, json=body)
            if r.status_code >= 300:
                failures.append(f"{method} {path}: {r.status_code} {r.text[:160]}")
            else:
                t.seeded.append(f"setting {path}")
        if failures:
            raise SeedError("; ".join(failures))

    def audit_logs(self) -> None:
        """Turn on LiteLLM's audit log for this account so management writes leave entries."""
        self.post("/config/update", {"litellm_settings": {"store_audit_logs": True}})

    # --- traffic --------------------------------------------------------------------------
    def traffic(self, calls: int = 2) -> None:
        t = self.t
        for role in ("user", "spare"):
            with httpx.Client(base_url=self.http.base_url, timeout=60,
                              headers={"Authorization": f"Bearer {t.keys[role]}"}) as c:
                for i in range(calls):
                    r = c.post("/chat/completions", json={
                        "model": t.ids["model_name"], "user": t.ids.get("end_user_id"),
                        "metadata": {"tags": [t.canary("tag")]},
                        "messages": [{"role": "user", "content": f"{t.canary('prompt-text')} #{i}"}]})
                    _ok(r, f"chat as {role}")


SHAPES = ("model", "budget", "organization", "team", "user", "org_admin", "tag", "keys", "credential",
          "guardrail", "policy", "mcp_server", "mcp_toolset", "agent", "prompt", "model_access_group",
          "unified_access_group", "vector_store", "search_tool", "end_user", "invitation", "jwt_mapping",
          "pass_through", "memory", "workflow", "claude_code_plugin", "tool_policy", "team_callback",
          "settings", "audit_logs")

# Shapes the brief lists that LiteLLM cannot hold without an external service.
NOT_SEEDABLE = {
    "vector store files / index search": "needs a real vector database provider (OpenAI, Bedrock, pgvector ...)",
    "managed files, batches, fine-tunes, containers, videos, skills": "created by forwarding to an LLM provider; "
                                                                       "the fake upstream only answers chat and embeddings",
    "projects, /audit, /user/available_users, email settings": "served by litellm-enterprise's router, which this "
                                                               "product does not install",
    "SCIM users and groups": "SCIM is an identity-provider integration; covered by the probes, not seeded",
    "auto-router shadow evals": "need an auto-router deployment and a judge model",
}


def seed(base_url: str, label: str, account: dict, upstream_url: str) -> Tenant:
    tenant = Tenant(label=label, account_id=account["account_id"], admin_key=account["key"],
                    prefix=f"canary{label.lower()}-{uuid.uuid4().hex[:8]}")
    seeder = Seeder(base_url, tenant, upstream_url)
    try:
        for shape in SHAPES:
            seeder._shape(shape, getattr(seeder, shape))
        seeder._shape("spend_logs", seeder.traffic)
    finally:
        seeder.close()
    return tenant


def wait_for_spend(database_url: str, tenants: list[Tenant], timeout: float = 90) -> dict[str, int]:
    """Wait until every tenant's traffic shows up in LiteLLM_SpendLogs (written in batches);
    records one request id per tenant (ids["request_id"])."""
    import psycopg

    deadline = time.monotonic() + timeout
    counts: dict[str, int] = {}
    while time.monotonic() < deadline:
        with psycopg.connect(database_url) as conn:
            for t in tenants:
                counts[t.label] = conn.execute('SELECT count(*) FROM "LiteLLM_SpendLogs" WHERE account_id = %s',
                                               (t.account_id,)).fetchone()[0]
        if all(counts.get(t.label, 0) > 0 for t in tenants):
            with psycopg.connect(database_url) as conn:
                for t in tenants:
                    row = conn.execute('SELECT request_id FROM "LiteLLM_SpendLogs" WHERE account_id = %s '
                                       'ORDER BY "startTime" LIMIT 1', (t.account_id,)).fetchone()
                    t.ids["request_id"] = row[0]
            return counts
        time.sleep(1)
    return counts
