"""Isolation problems the suite finds today, each with the mechanism behind it.

Every entry turns the matching test into `xfail(strict=True)`: the suite stays green while the
problem exists and fails as soon as it is fixed, until the entry is removed. Keys are the
operation ("METHOD /path", as in the route table), the table (DB_TABLES) or the named check
(EXPLICIT, CONTROLS). Add an entry only with the mechanism that causes it; never to silence a
new finding unread.
"""
from __future__ import annotations

from dataclasses import dataclass

# The mechanisms behind today's findings; the tenancy work fixes them one by one.
MECHANISMS: dict[str, str] = {
    "memory-registry-namespaced":
        "LiteLLM's in-memory registries (credential_list, agent, policy, prompt registries) are filled by the "
        "30 s background reload, which runs as system work: it loads every account's rows and keeps namespaced "
        "names as '<account_id>::<name>'. Every account's listing shows them all (with other accounts' ids), and "
        "an owner's lookup by plain name misses",
    "mcp-registry":
        "global_mcp_server_manager is one per process and loaded with every account's MCP servers; the "
        "/v1/mcp/server* and /mcp-rest routes read it by server id, not the database",
    "agent-registry":
        "the A2A agent registry is one per process; agent cards and /v1/agents/{id} are served from it by id",
    "shared-auth-cache":
        "user_api_key_cache (DualCache) is shared by every account and keyed by object id only "
        "('team_id:<id>' ...); get_team_object() answers from it before the database, so another account's team "
        "(its models) is returned to whoever names its id",
    "default-user-params":
        "litellm.default_internal_user_params (set by /update/internal_user_settings) is process-global: users "
        "created in B after A set its defaults get A's models and budget",
    "pass-through-routes":
        "pass-through endpoints are registered as routes on the one shared FastAPI app and listed by /routes; "
        "their registry is replaced by whichever account reloaded last",
    "model-cost-map":
        "custom model info is registered into the process-wide litellm.model_cost map, which the public "
        "/public/litellm_model_cost_map serves to anyone",
    "cross-reference":
        "writes store ids of other accounts' objects without an ownership check: the tenant guard filters reads "
        "and stamps B's rows, but foreign ids inside them (a key's team_id/agent_id/user_id, an invitation's "
        "user_id, object-permission mcp_servers, toolset/credential/env-var server_id, public agent/MCP lists in "
        "B's config, memory team/user ids) are not checked against B's account",
    "scoped-reload":
        "an account's config write (/config/update) reloads the process-wide credential list and pass-through "
        "registry from the database in that account's scope, dropping every other account's entries until the "
        "next background reload",
    "background-writer":
        "rows written outside any request (end users upserted by the spend writer from a request's `user`) are "
        "stored with no account",
    "existence-oracle":
        "caller-chosen ids are unique platform-wide (team_id, organization_id, server_id, user_id; docs/tenancy.md "
        "caveat): creating an object with another account's id fails with a unique-constraint 500, revealing that "
        "the id exists",
    "vector-store-registry":
        "litellm.vector_store_registry is one per process; once LiteLLM's background reload has created it "
        "(with every account's vector stores) /vector_store/info answers from it by id before the database",
    "litellm-bad-input":
        "LiteLLM 1.102.4 answers 500 to input it should refuse with 4xx (a not-found or validation error "
        "re-raised as 500); not a tenancy problem, listed so it stays visible",
}


@dataclass(frozen=True)
class Known:
    mechanism: str      # a key of MECHANISMS
    detail: str = ""    # what this operation shows or does

    @property
    def reason(self) -> str:
        text = f"[{self.mechanism}] {MECHANISMS[self.mechanism]}"
        return f"{text} -- {self.detail}" if self.detail else text


def _k(mechanism: str, detail: str = "") -> Known:
    assert mechanism in MECHANISMS, mechanism
    return Known(mechanism, detail)


# test_no_cross_tenant_leak: B sees A's data, or B's call changed A's rows / tied B's rows to A's ids.
LEAKS: dict[str, Known] = {
    # in-memory registries
    "GET /credentials": _k("memory-registry-namespaced", "lists A's credentials as '<A's account id>::<name>'"),
    "GET /policy/list": _k("memory-registry-namespaced", "lists A's policies and guardrails"),
    "GET /prompts/list": _k("memory-registry-namespaced", "lists A's prompts with their bodies"),
    "GET /v1/agents": _k("memory-registry-namespaced", "lists A's agents"),
    "GET /v1/agents/{agent_id}": _k("agent-registry", "A's agent by its id"),
    "GET /a2a/{agent_id}/.well-known/agent.json": _k("agent-registry", "A's agent card by its id"),
    "GET /a2a/{agent_id}/.well-known/agent-card.json": _k("agent-registry", "A's agent card by its id"),
    "GET /v1/mcp/server": _k("mcp-registry", "lists A's MCP servers"),
    "GET /v1/mcp/server/{server_id}": _k("mcp-registry", "A's MCP server by its id"),
    "GET /v1/mcp/server/health": _k("mcp-registry", "health of A's MCP servers"),
    "GET /v1/mcp/server/{server_id}/user-env-vars": _k("mcp-registry", "A's server name by its id"),
    "GET /v1/mcp/server/oauth/{server_id}/authorize": _k("mcp-registry", "names A's server in the error"),
    "GET /mcp-rest/tools/list": _k("mcp-registry", "lists/calls A's MCP server"),
    # shared caches and process-wide settings
    "GET /models": _k("shared-auth-cache", "team_id=<A's team> returns A's team models"),
    "GET /v1/models": _k("shared-auth-cache", "team_id=<A's team> returns A's team models"),
    "GET /user/info": _k("default-user-params", "B's users carry A's default models"),
    "GET /v2/user/info": _k("default-user-params", "B's users carry A's default models"),
    "GET /user/list": _k("default-user-params", "B's users carry A's default models"),
    "GET /spend/users": _k("default-user-params", "B's users carry A's default models"),
    "GET /organization/info": _k("default-user-params", "B's organization members carry A's default models"),
    "GET /routes": _k("pass-through-routes", "lists A's pass-through path"),
    "GET /public/litellm_model_cost_map": _k("model-cost-map", "anonymous: A's model ids, names and model_info"),
    # B's writes naming A's objects
    "POST /key/generate": _k("cross-reference", "B's key with A's team_id / agent_id / user_id; grants on A's "
                                                "MCP server"),
    "POST /user/new": _k("cross-reference", "object permission on A's MCP server written before the call fails"),
    "POST /user/update": _k("cross-reference", "object permission on A's MCP server"),
    "POST /user/bulk_update": _k("cross-reference", "object permission on A's MCP server"),
    "POST /team/new": _k("cross-reference", "object permission on A's MCP server written before the call fails"),
    "POST /organization/new": _k("cross-reference", "object permission on A's MCP server written before the call "
                                                    "fails"),
    "POST /invitation/new": _k("cross-reference", "B's invitation for A's user"),
    "POST /v1/agents": _k("cross-reference", "B's agent granted A's MCP server"),
    "POST /v1/agents/make_public": _k("cross-reference", "A's agent id in B's public agent list"),
    "POST /v1/mcp/make_public": _k("cross-reference", "A's MCP server id in B's public server list"),
    "POST /v1/mcp/toolset": _k("cross-reference", "B's toolset over A's MCP server"),
    "POST /v1/mcp/server/{server_id}/oauth-user-credential": _k("cross-reference", "B's credential for A's server"),
    "POST /v1/mcp/server/{server_id}/user-env-vars": _k("cross-reference", "B's env vars for A's server"),
    "POST /v1/memory": _k("cross-reference", "B's memory on A's team and user"),
    "POST /config/pass_through_endpoint": _k("cross-reference", "B's endpoint stored under A's endpoint id"),
}

# Leaks that depend on when LiteLLM's background reload ran: xfail(strict=False), so neither
# outcome fails the suite; the report still lists every occurrence.
TIMING_DEPENDENT_LEAKS: dict[str, Known] = {
    "POST /vector_store/info": _k("vector-store-registry", "A's vector store by its id, when the registry exists"),
}

# test_no_server_error: 5xx (or a dropped connection) on a probe.
SERVER_ERRORS: dict[str, Known] = {
    "POST /team/new": _k("existence-oracle", "team_id of A's"),
    "POST /organization/new": _k("existence-oracle", "organization_id of A's"),
    "POST /v1/mcp/server": _k("existence-oracle", "server_id of A's"),
    "POST /v1/mcp/server/oauth/session": _k("existence-oracle", "server_id of A's"),
    "POST /user/new": _k("existence-oracle", "user_id of A's"),
    "GET /mcp-rest/tools/list": _k("mcp-registry", "B's call reaches A's MCP server (its URL answers 404)"),
    "DELETE /v1/mcp/toolset/{toolset_id}": _k("litellm-bad-input", "unknown toolset -> AttributeError"),
    "PUT /v1/mcp/toolset": _k("litellm-bad-input", "unknown toolset -> AttributeError"),
    "GET /model/metrics/exceptions": _k("litellm-bad-input", "query_raw gets 4 parameters for 3 placeholders"),
    "GET /provider/budgets": _k("litellm-bad-input", "no provider budget config -> 500"),
    "GET /spend/logs/ui/{request_id}": _k("litellm-bad-input", "date without time -> ValueError"),
    "PATCH /organization/update": _k("litellm-bad-input", "unknown organization -> ValueError"),
    "POST /prompts": _k("litellm-bad-input", "unsupported prompt_integration -> 500"),
    "PUT /prompts/{prompt_id}": _k("litellm-bad-input", "unsupported prompt_integration -> 500"),
    "PATCH /prompts/{prompt_id}": _k("litellm-bad-input", "unsupported prompt_integration -> 500"),
    "POST /cache/delete": _k("litellm-bad-input", "local cache cannot delete keys -> 500"),
    "POST /cloudzero/export": _k("litellm-bad-input", "no CloudZero configuration -> 500"),
    "POST /credentials/migrate-encryption": _k("litellm-bad-input", "no encryption_algorithm -> RuntimeError"),
    "POST /customer/block": _k("litellm-bad-input", "AttributeError on the end-user row"),
    "POST /customer/update": _k("litellm-bad-input", "Prisma input type error"),
    "POST /end_user/update": _k("litellm-bad-input", "Prisma input type error"),
    "POST /guardrails": _k("litellm-bad-input", "unsupported guardrail type -> 500"),
    "POST /health/test_connection": _k("litellm-bad-input", "missing 'model' -> KeyError"),
    "POST /policy/templates/suggest": _k("litellm-bad-input", "no LLM credentials for the suggester"),
    "POST /tag/info": _k("litellm-bad-input", "unknown tag: 404 re-raised as 500"),
    "POST /tag/update": _k("litellm-bad-input", "budget_id given twice -> TypeError"),
    "POST /vector_store/new": _k("litellm-bad-input", "missing custom_llm_provider: 400 re-raised as 500"),
}

# test_owner_reaches_own_objects: B's own object through the main read routes.
CONTROLS: dict[str, Known] = {
    "GET /credentials/by_name/{credential_name:path}": _k("memory-registry-namespaced", "B's own credential"),
    "GET /prompts/{prompt_id}": _k("memory-registry-namespaced", "B's own prompt"),
    "GET /policy/info/{policy_name}": _k("memory-registry-namespaced", "B's own policy"),
}

# Named checks outside the per-operation tests.
EXPLICIT: dict[str, Known] = {
    "reload: /config/update": _k("scoped-reload", "A's credential by name 404 right after B's /config/update"),
    "owner pass-through": _k("pass-through-routes", "A's own pass-through answers 'not found' once B configured "
                                                    "one"),
}

# test_rows_are_stamped_with_their_account: rows holding an account's canary under another account.
DB_TABLES: dict[str, Known] = {
    "LiteLLM_UserTable": _k("default-user-params", "B's users hold A's default models"),
    "LiteLLM_AuditLog": _k("default-user-params", "B's user-creation audit rows hold A's default models"),
    "LiteLLM_EndUserTable": _k("background-writer", "end users from chat `user` have no account"),
}
