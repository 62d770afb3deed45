"""How each model of LiteLLM's Prisma schema is confined to an account.

Plain data, read by the tenant-scoped Prisma layer, by schema generation (`alchemi/db/schema.py`
adds `account_id` to every model `account_column_models()` returns) and by
`scripts/tenancy_doc.py`, which writes the table in docs/tenancy.md. tests/tenancy/
test_classification.py fails when the pinned schema gains a model that is not listed here.

Strategies:
- ACCOUNT_COLUMN: the model gets a nullable `account_id` column and index; the wrapper adds the
  current account to every `where` and every created row.
- NAMESPACED_KEY: as ACCOUNT_COLUMN, and the values of `key_fields` (a name LiteLLM looks rows
  up by, unique across the table) are stored prefixed with the account and stripped on the way
  out, so two accounts can each have a tag "prod" or a `general_settings` row while LiteLLM's
  find_unique / upsert on that field keep working.
- VIA_PARENT: no column; every call site reads and writes the rows by the id of `parent`, an
  account-scoped model, so they are confined by the parent.
- GLOBAL: platform infrastructure with no tenant data.

Reasons cite LiteLLM 1.102.4 call sites (paths under litellm/proxy/ unless they start with
`litellm/`), from the reference list of LiteLLM 1.102.4 Prisma call sites (shared/reference) and
litellm_raw_sql.txt. Re-check them after a LiteLLM upgrade.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass


class Strategy(enum.Enum):
    ACCOUNT_COLUMN = "account_column"
    NAMESPACED_KEY = "namespaced_key"
    VIA_PARENT = "via_parent"
    GLOBAL = "global"


@dataclass(frozen=True)
class ModelTenancy:
    model: str
    strategy: Strategy
    reason: str
    key_fields: tuple[str, ...] = ()
    parent: str | None = None
    # Caller-chosen unique ids that two accounts may both use: stored as given, or as
    # "<account_id>::<value>" when another account already holds the value (a database
    # trigger decides); the guard and the tenant views find both forms and strip the prefix.
    prefixed_when_taken: tuple[str, ...] = ()


_A = Strategy.ACCOUNT_COLUMN
_N = Strategy.NAMESPACED_KEY
_P = Strategy.VIA_PARENT
_G = Strategy.GLOBAL

MODELS: tuple[ModelTenancy, ...] = (
    ModelTenancy(
        "LiteLLM_AccessGroupTable", _N,
        "An account's unified access groups (models, MCP servers, agents, teams, keys); "
        "access_group_endpoints.py:454 checks a new access_group_name with find_unique, so the name "
        "must be unique per account, not per platform.",
        key_fields=("access_group_name",)),
    ModelTenancy(
        "LiteLLM_AdaptiveRouterSession", _N,
        "Per-session signal counters of an account's adaptive router, upserted on the compound id "
        "(session_id, router_name, model_name) (router_strategy/adaptive_router/update_queue.py:175); "
        "session ids come from callers and router names are the account's, so both accounts' rows "
        "would share ids.",
        key_fields=("router_name",)),
    ModelTenancy(
        "LiteLLM_AdaptiveRouterState", _N,
        "Bandit posterior learned from an account's traffic, upserted on (router_name, request_type, "
        "model_name) (update_queue.py:117) and loaded with find_many(router_name) "
        "(adaptive_router.py:135); two accounts may name their routers alike.",
        key_fields=("router_name",)),
    ModelTenancy(
        "LiteLLM_AgentsTable", _N,
        "An account's A2A agents (card, params, spend, limits); registry_read_through.py:181 looks "
        "agents up by unique agent_name, and agent_registry.py:767 lists them all unfiltered.",
        key_fields=("agent_name",)),
    ModelTenancy(
        "LiteLLM_AuditLog", _A,
        "Who changed which of the account's keys, teams, users and models, with before/after "
        "values; written by management_helpers/audit_logs.py:237 and listed by the enterprise "
        "audit endpoints with find_many/count."),
    ModelTenancy(
        "LiteLLM_AutoRouterSession", _A,
        "Per-session rollup of an account's auto-router spend and cache hits keyed by (api_key, "
        "session_id, router_name); written by raw SQL (db/autorouter_session_rollup.py:358) and read "
        "by find_first(api_key, session_id) (litellm/repositories/autorouter_session_repository.py:30)."),
    ModelTenancy(
        "LiteLLM_BudgetTable", _A,
        "Budgets and rate limits of the account's orgs, keys, end users, tags and team members; "
        "budget_management_endpoints.py:323 lists all with find_many() and the reset job "
        "(utils.py:4652) scans every budget due for reset."),
    ModelTenancy(
        "LiteLLM_BudgetWindowSpend", _A,
        "Rolling-window spend per (entity_type, entity_id, window_duration), upserted by raw SQL in "
        "the spend flush (db/budget_window_spend_writer.py, system scope) and read by find_unique on "
        "that compound id (db/spend_counter_reseed.py:309). Only entity types 'key' (key hash) and "
        "'team' (team id) reach it, both platform-unique, so no namespacing: a trigger takes the "
        "account from the key or the team."),
    ModelTenancy(
        "LiteLLM_CacheConfig", _N,
        "Singleton row id='cache_config' holding the encrypted cache settings "
        "(cache_settings_endpoints.py:371 find_unique, :627 upsert); each account has its own.",
        key_fields=("id",)),
    ModelTenancy(
        "LiteLLM_ClaudeCodePluginTable", _N,
        "An account's Claude Code plugin marketplace; claude_code_marketplace.py finds, updates and "
        "deletes plugins by unique name (:341, :594, :758).",
        key_fields=("name",)),
    ModelTenancy(
        "LiteLLM_Config", _N,
        "The account's stored settings by param_name (general_settings, router_settings, "
        "litellm_settings, environment_variables, cloudzero/vantage settings ...): find_unique / "
        "upsert on param_name throughout proxy_server.py (e.g. :17181) and "
        "litellm/repositories/config_repository.py.",
        key_fields=("param_name",)),
    ModelTenancy(
        "LiteLLM_ConfigOverrides", _N,
        "Secret-manager settings (HashiCorp Vault, CyberArk) by config_type; "
        "config_override_endpoints.py upserts and finds them by that id (:307, :422, :361).",
        key_fields=("config_type",)),
    ModelTenancy(
        "LiteLLM_CredentialsTable", _N,
        "An account's provider credentials; litellm/repositories/credentials_repository.py finds, "
        "updates and deletes them by unique credential_name (:73, :79, :82), and models refer to "
        "them by that name.",
        key_fields=("credential_name",)),
    ModelTenancy(
        "LiteLLM_CronJob", _G,
        "Leader-election lease (pod_id, status, ttl) so one pod runs a job; infrastructure with no "
        "tenant data, and no call site uses it in 1.102.4."),
    ModelTenancy(
        "LiteLLM_DailyAgentSpend", _A,
        "Daily spend per agent and key, bulk-upserted by raw SQL from the spend writer "
        "(db/db_spend_update_writer.py:1943) and read through getattr(prisma_client.db, table_name) "
        "in management_endpoints/common_daily_activity.py:1191/1203."),
    ModelTenancy(
        "LiteLLM_DailyEndUserSpend", _A,
        "Daily spend per end user and key, bulk-upserted by raw SQL (db_spend_update_writer.py:1943) "
        "and read by common_daily_activity.py:1203; the unique key includes api_key, which already "
        "differs between accounts."),
    ModelTenancy(
        "LiteLLM_DailyGatewayRequests", _N,
        "An account's answered-request counts per (date, category, route), the id its raw "
        "INSERT ... ON CONFLICT upserts on (db/gateway_request_tracking.py:146); no part of that id "
        "differs between accounts, so the raw site must prefix route as the wrapper would.",
        key_fields=("route",)),
    ModelTenancy(
        "LiteLLM_DailyGuardrailMetrics", _N,
        "Daily pass/block counts per guardrail, upserted on (guardrail_id, date) "
        "(guardrails/usage_tracking.py:313); guardrail_id falls back to the guardrail name "
        "(usage_tracking.py:365), which two accounts may share.",
        key_fields=("guardrail_id",)),
    ModelTenancy(
        "LiteLLM_DailyGuardrailUsageUnits", _N,
        "Daily billable guardrail units and cost, upserted on (guardrail_id, date, team_id, api_key, "
        "usage_unit) (usage_tracking.py:308); guardrail_id may be a name and team_id/api_key are '' "
        "when unknown, so accounts would collide.",
        key_fields=("guardrail_id",)),
    ModelTenancy(
        "LiteLLM_DailyOrganizationSpend", _A,
        "Daily spend per organization and key, bulk-upserted by raw SQL "
        "(db_spend_update_writer.py:1943) and read by common_daily_activity.py:1203."),
    ModelTenancy(
        "LiteLLM_DailyPolicyMetrics", _N,
        "Daily metrics per policy keyed by (policy_id, date), listed by date in "
        "guardrails/usage_endpoints.py:129; same shape as the guardrail metrics, whose logical ids "
        "may be names (no writer in 1.102.4).",
        key_fields=("policy_id",)),
    ModelTenancy(
        "LiteLLM_DailyTagSpend", _A,
        "Daily spend per request tag and key, bulk-upserted by raw SQL "
        "(db_spend_update_writer.py:1943), grouped by tag in tag_management_endpoints.py:622 and read "
        "by user_agent_analytics_endpoints.py:715; the unique key includes api_key."),
    ModelTenancy(
        "LiteLLM_DailyTeamSpend", _A,
        "Daily spend per team and key, bulk-upserted by raw SQL (db_spend_update_writer.py:1943) and "
        "by the PTU rollup (spend_tracking/ptu_flat_cost_rollup.py:243), which also reads all rows "
        "with its sentinel api_key (:506)."),
    ModelTenancy(
        "LiteLLM_DailyToolSpend", _N,
        "Daily spend per tool, upserted on (date, tool_name) (db/spend_log_tool_index.py:130) and "
        "grouped by tool_name (tool_management_endpoints.py:280); tool names like 'get_weather' "
        "recur across accounts.",
        key_fields=("tool_name",)),
    ModelTenancy(
        "LiteLLM_DailyUserSpend", _A,
        "Daily spend per user and key, bulk-upserted by raw SQL (db_spend_update_writer.py:1943), "
        "read by common_daily_activity.py and by raw SQL in integrations (focus, cloudzero, Slack "
        "user spend alerts)."),
    ModelTenancy(
        "LiteLLM_DeletedTeamTable", _A,
        "Archive of the account's deleted teams with spend; team_endpoints.py:4220 create_many and "
        ":5216 lists them with find_many/count."),
    ModelTenancy(
        "LiteLLM_DeletedVerificationToken", _A,
        "Archive of the account's deleted keys; key_management_endpoints.py:4705 create_many, :6570 "
        "lists them, common_daily_activity.py:486 finds them by token to label old spend."),
    ModelTenancy(
        "LiteLLM_DeprecatedVerificationToken", _A,
        "Old key hashes kept valid during rotation; auth falls back to find_first(token, revoke_at) "
        "(utils.py:3822) and key_rotation_manager.py:141 deletes all expired rows."),
    ModelTenancy(
        "LiteLLM_EndUserTable", _N,
        "The account's customers (end users) with spend and budget; user_id is whatever the caller "
        "sends as `user`, looked up with find_unique (auth/auth_checks.py:1757) and upserted on every "
        "request's spend (utils.py:6796), so two accounts' 'customer-1' must not share a row.",
        key_fields=("user_id",)),
    ModelTenancy(
        "LiteLLM_ErrorLogs", _A,
        "Failed LLM calls with request kwargs and exceptions, read only by raw SQL (proxy_server.py "
        ":14565-:14880, spend_management_endpoints.py:973/:1099); no writer in 1.102.4."),
    ModelTenancy(
        "LiteLLM_GuardrailsTable", _N,
        "An account's guardrails; guardrail_endpoints.py:754 and guardrail_registry.py:406 look them "
        "up by unique guardrail_name, and guardrail_registry.py:374 loads all active ones.",
        key_fields=("guardrail_name",)),
    ModelTenancy(
        "LiteLLM_HealthCheckTable", _A,
        "Health-check results of the account's own models (model_name, model_id, errors, details); "
        "utils.py:6457 create and :6480 find_many, raw SQL in db/health_check_latest.py."),
    ModelTenancy(
        "LiteLLM_InvitationLink", _A,
        "Invitations to join the account; created by management_helpers/user_invitation.py:30 and "
        "read/accepted by id in proxy_server.py:16139-:16805 onboarding routes."),
    ModelTenancy(
        "LiteLLM_JWTKeyMapping", _N,
        "Maps a JWT claim to one of the account's keys; JWT auth does find_first(jwt_claim_name, "
        "jwt_claim_value) (auth/auth_checks.py:3526) and auto-registers mappings "
        "(auth/user_api_key_auth.py:887), and @@unique(name, value) must hold per account.",
        key_fields=("jwt_claim_value",)),
    ModelTenancy(
        "LiteLLM_MCPServerOAuthClient", _A,
        "OAuth client credentials of the account's MCP servers, by server_id "
        "(_experimental/mcp_server/db.py:1101, :1121) and all rows for re-encryption (db.py:1181)."),
    ModelTenancy(
        "LiteLLM_MCPServerTable", _A,
        "The account's MCP servers with credentials; mcp_server_manager.py:6524 loads all approved "
        "servers and object_permission_utils.py:250 matches by server_id, alias or server_name "
        "(none unique)."),
    ModelTenancy(
        "LiteLLM_MCPToolsetTable", _N,
        "Named sets of MCP tools granted to keys/teams; toolset_db.py:124 finds a toolset by its "
        "unique toolset_name.",
        key_fields=("toolset_name",)),
    ModelTenancy(
        "LiteLLM_MCPUserCredentials", _A,
        "Per-user BYOK credentials for MCP servers by (user_id, server_id) (mcp_server/db.py:547, "
        ":562); db.py:556 also lists rows with any or no filter, so a parent filter cannot be relied on."),
    ModelTenancy(
        "LiteLLM_MCPUserEnvVars", _A,
        "Per-user encrypted MCP environment values by (user_id, server_id) (mcp_server/db.py:2016, "
        ":2069); db.py:579 lists rows with any or no filter."),
    ModelTenancy(
        "LiteLLM_ManagedFileTable", _A,
        "Files uploaded through the account's keys; files and batch endpoints find them by "
        "unified_file_id or by a provider file id in flat_model_file_ids "
        "(openai_files_endpoints/common_utils.py:1133, batches_endpoints/endpoints.py:88)."),
    ModelTenancy(
        "LiteLLM_ManagedObjectTable", _A,
        "The account's batches, fine-tunes and containers; found by unified_object_id or the "
        "provider's model_object_id (container_endpoints/ownership.py:214, "
        "pass_through_endpoints/managed_id_rewriter.py:385/:464)."),
    ModelTenancy(
        "LiteLLM_ManagedVectorStoreIndexTable", _N,
        "Vector store indexes; vector_store_endpoints/endpoints.py:587 checks a new index by unique "
        "index_name with find_unique.",
        key_fields=("index_name",)),
    ModelTenancy(
        "LiteLLM_ManagedVectorStoreTable", _A,
        "Managed vector stores with model mappings, team_id and created_by; addressed only by table "
        "name through litellm/llms/base_llm/managed_resources/base_managed_resource.py (no direct "
        "call site in 1.102.4)."),
    ModelTenancy(
        "LiteLLM_ManagedVectorStoresTable", _A,
        "The account's registered vector stores with credentials; found by vector_store_id "
        "(vector_store_endpoints/management_endpoints.py:118, auth/auth_checks.py:3710)."),
    ModelTenancy(
        "LiteLLM_MemoryTable", _N,
        "User/team memory entries whose key is unique across the table; memory_endpoints.py looks "
        "them up by key, exact or startsWith (:114-:120, :406).",
        key_fields=("key",)),
    ModelTenancy(
        "LiteLLM_ModelAccessGroupBudgetTable", _N,
        "Budget and spend per model access group, keyed by the free-text access_group_name "
        "(model_access_group_management_endpoints.py:213 find_unique, :1197 upsert; spend writer "
        "update_many by name).",
        key_fields=("access_group_name",)),
    ModelTenancy(
        "LiteLLM_ModelTable", _A,
        "Team-level model aliases; created with a team (team_endpoints.py:1474) and listed "
        "unfiltered with find_many(include team) (model_management_endpoints.py:2012)."),
    ModelTenancy(
        "LiteLLM_ObjectPermissionTable", _A,
        "MCP/agent/vector-store/tool grants of the account's keys, teams and users; found by id "
        "(auth/auth_checks.py:3654) but also by array contents (mcp_server/db.py:746) and unfiltered "
        "(db/tool_registry_writer.py:348)."),
    ModelTenancy(
        "LiteLLM_OrganizationMembership", _A,
        "User roles in the account's organizations; found by (user_id, organization_id) and by "
        "user_id alone (organization_endpoints.py:573, internal_user_endpoints.py:2368)."),
    ModelTenancy(
        "LiteLLM_OrganizationTable", _A,
        "The account's organizations; organization_endpoints.py lists them (:1062) and "
        "auth/auth_checks.py:3280 finds them by organization_alias (not unique)."),
    ModelTenancy(
        "LiteLLM_PolicyAttachmentTable", _A,
        "Where the account's policies apply (teams, keys, models, tags by name pattern); "
        "policy_engine/attachment_registry.py:443 loads all attachments."),
    ModelTenancy(
        "LiteLLM_PolicyTable", _N,
        "Versioned guardrail policies, unique on (policy_name, version_number); "
        "policy_engine/policy_registry.py finds, updates and deletes versions by policy_name "
        "(:777, :841, :1051).",
        key_fields=("policy_name",)),
    ModelTenancy(
        "LiteLLM_ProjectTable", _A,
        "The account's projects with budgets and spend; auth/auth_checks.py:5555 by project_id, "
        "litellm/repositories/project_repository.py:31 by project_alias (not unique)."),
    ModelTenancy(
        "LiteLLM_PromptTable", _N,
        "Versioned prompts unique on (prompt_id, version, environment), where prompt_id is the "
        "user-chosen name; prompts/prompt_endpoints.py queries by prompt_id (:137, :751) and "
        "proxy_server.py:7962 loads all.",
        key_fields=("prompt_id",)),
    ModelTenancy(
        "LiteLLM_ProxyModelTable", _A,
        "The account's model deployments with provider keys in litellm_params; proxy_server.py:7351 "
        "loads all with find_many() into the router and model_name is not unique."),
    ModelTenancy(
        "LiteLLM_ProxyWorkerHeartbeat", _G,
        "One row per live proxy worker process (hostname, heartbeat), upserted and counted by raw "
        "SQL in db/proxy_worker_heartbeat.py; it measures the deployment, not any account."),
    ModelTenancy(
        "LiteLLM_SSOConfig", _N,
        "Singleton row id='sso_config' holding the encrypted SSO settings "
        "(ui_crud_endpoints/proxy_setting_endpoints.py:1096 upsert, management_endpoints/ui_sso.py:1321 "
        "find_unique); each account has its own SSO.",
        key_fields=("id",)),
    ModelTenancy(
        "LiteLLM_SSOIdentityAssertion", _A,
        "IdP tokens captured at a user's SSO login, by user_id "
        "(mcp_server/outbound_credentials/sso_assertion_store.py:187, :203) and all rows for "
        "re-encryption (:319)."),
    ModelTenancy(
        "LiteLLM_SearchToolsTable", _N,
        "An account's search tools with provider params; search_endpoints/search_tool_registry.py:260 "
        "finds one by unique search_tool_name.",
        key_fields=("search_tool_name",)),
    ModelTenancy(
        "LiteLLM_ShadowEvalAttempt", _P,
        "Verdict rows of a shadow-eval job leg; every read filters job_id by ids taken from the "
        "account's jobs (auto_router_endpoints.py:1804 and its raw SQL `job_id = ANY($1)`, "
        "litellm/integrations/shadow_eval_logger.py:808) and the writer sets job_id from the job (:1177).",
        parent="LiteLLM_ShadowEvalJob"),
    ModelTenancy(
        "LiteLLM_ShadowEvalFunnel", _P,
        "Funnel counters keyed by job_id alone: created per leg in auto_router_endpoints.py:1695 and "
        "incremented by raw SQL on that id (db/shadow_eval_funnel.py:54).",
        parent="LiteLLM_ShadowEvalJob"),
    ModelTenancy(
        "LiteLLM_ShadowEvalJob", _A,
        "Shadow evaluations of an account's auto-routers against its keys' traffic; "
        "auto_router_endpoints.py:1627 finds jobs by target, and shadow_eval_logger.py:801 lists all "
        "active jobs."),
    ModelTenancy(
        "LiteLLM_SkillsTable", _A,
        "The account's skills (instructions and files); litellm/llms/litellm_proxy/skills/handler.py "
        "creates them, finds by skill_id and lists with find_many (filtered only for non-admins)."),
    ModelTenancy(
        "LiteLLM_SpendLogGuardrailIndex", _A,
        "Index of the account's requests per guardrail/policy; created by "
        "guardrails/usage_tracking.py:407 and queried by guardrail_id or policy_id, not by request "
        "(guardrails/usage_endpoints.py:900)."),
    ModelTenancy(
        "LiteLLM_SpendLogToolIndex", _A,
        "Index of the account's requests per tool; created by db/spend_log_tool_index.py:125 and "
        "queried by tool_name (tool_management_endpoints.py:453)."),
    ModelTenancy(
        "LiteLLM_SpendLogs", _A,
        "Every request's spend, key hash, messages and response; written by "
        "db/db_spend_update_writer.py:378, listed by spend_management_endpoints.py:323, and the "
        "table most hit by raw SQL (27 sites).",
        prefixed_when_taken=("request_id",)),
    ModelTenancy(
        "LiteLLM_TagTable", _N,
        "Tags with budgets and model routing, keyed by tag_name "
        "(tag_management_endpoints.py:286 find_unique, :459 update, :713 delete; "
        "auth/auth_checks.py:2042 by name); two accounts may both have a tag 'prod'.",
        key_fields=("tag_name",)),
    ModelTenancy(
        "LiteLLM_TeamMembership", _A,
        "A user's spend and budget within a team; found by (user_id, team_id) "
        "(auth/auth_checks.py:2177), by team_id (team_endpoints.py:692) and by user_id alone "
        "(internal_user_endpoints.py:2493)."),
    ModelTenancy(
        "LiteLLM_TeamTable", _A,
        "The account's teams; auth/auth_checks.py:2871 by team_id, proxy_server.py:13344 find_many() "
        "unfiltered, and raw SQL such as the key view (utils.py combined_view); team_alias is not "
        "unique in the schema."),
    ModelTenancy(
        "LiteLLM_ToolTable", _N,
        "Tools discovered from the account's traffic with their policies; "
        "db/tool_registry_writer.py upserts and finds them by unique tool_name (:128, :181).",
        key_fields=("tool_name",)),
    ModelTenancy(
        "LiteLLM_UISettings", _N,
        "Singleton rows id='ui_settings' and the user banner row "
        "(ui_crud_endpoints/proxy_setting_endpoints.py:1606 upsert, "
        "litellm/repositories/user_banner_repository.py:22); each account has its own.",
        key_fields=("id",)),
    ModelTenancy(
        "LiteLLM_UserNotifications", _A,
        "Users' model-access requests with justifications; utils.py:4971 upsert and :4706 "
        "find_many() unfiltered."),
    ModelTenancy(
        "LiteLLM_UserTable", _N,
        "The account's users; found by user_id (auth/auth_checks.py), by email, and by the IdP "
        "subject with find_unique(sso_user_id) (auth/auth_checks.py:2321), which is unique and must "
        "be per account (the same Google user may belong to two accounts).",
        key_fields=("sso_user_id",)),
    ModelTenancy(
        "LiteLLM_VerificationToken", _A,
        "The account's virtual keys; auth looks keys up by token hash (utils.py:4488 find_unique and "
        "the raw combined_view at utils.py:4424/:4439), and spend_management_endpoints.py:3509 "
        "resets spend with update_many(where={})."),
    ModelTenancy(
        "LiteLLM_WorkflowEvent", _P,
        "Append-only events of a workflow run; workflow_management_endpoints.py checks the run with "
        "_require_run (find_unique run_id) and then reads and writes events only by that run_id "
        "(:159, :391, :438).",
        parent="LiteLLM_WorkflowRun"),
    ModelTenancy(
        "LiteLLM_WorkflowMessage", _P,
        "Full messages of a workflow run; workflow_management_endpoints.py checks the run with "
        "_require_run and then reads and writes messages only by that run_id (:165, :481, :522).",
        parent="LiteLLM_WorkflowRun"),
    ModelTenancy(
        "LiteLLM_WorkflowRun", _A,
        "An account's agent workflow runs with inputs and outputs; found by run_id "
        "(workflow_management_endpoints.py:179) and listed with find_many(workflow_type/status) (:263)."),
)


def by_model() -> dict[str, ModelTenancy]:
    """Every classified LiteLLM model by name."""
    return {m.model: m for m in MODELS}


def account_column_models() -> list[str]:
    """Models that get an `account_id` column: account_column and namespaced_key ones, sorted."""
    return sorted(m.model for m in MODELS if m.strategy in (Strategy.ACCOUNT_COLUMN, Strategy.NAMESPACED_KEY))


def prefixed_when_taken_fields() -> dict[str, tuple[str, ...]]:
    """For each model with caller-chosen ids shared across accounts, the fields prefixed only
    when the value is already another account's."""
    return {m.model: m.prefixed_when_taken for m in MODELS if m.prefixed_when_taken}


def namespaced_key_fields() -> dict[str, tuple[str, ...]]:
    """For each namespaced_key model, the fields whose values are stored with the account prefix."""
    return {m.model: m.key_fields for m in MODELS if m.strategy is Strategy.NAMESPACED_KEY}
