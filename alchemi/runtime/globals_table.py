"""Every process-global object the LiteLLM proxy uses, with its per-account strategy.

Plain data over what alchemi/runtime/globals_scan.py finds in the installed LiteLLM (kinds
`proxy-global`, `litellm-setting`, `module-state`, `env-write`). Each `Entry` covers a family
of scanned items by (kind, module, name) patterns (fnmatch; modules relative to
`litellm.proxy`; names of writes carry `@ function`, computed names are `{expr}`, class
attributes are `Class.attr`), and says
what happens to it when many accounts share the process:

- per-account: swapped or overlaid per account; names the alchemi module(s) doing it.
- shared-safe: process-wide by design and safe for tenants; says why.
- platform: an operator-level setting, the same for every account; says why.
- read-only: constant after start-up (constants, type aliases, import-time tables); says why.
- pending: not yet per account (issue 4 work in progress); the entry's `risk` says what can go
  wrong meanwhile.

When a `pending` family becomes per account, change its `pending(),` line only, e.g.
`pending(),` -> `per_account("alchemi/runtime/registries.py"),` (the risk stays, as the reason).

tests/runtime/test_globals_table.py fails on a scanned item no entry covers (or two entries
cover), on an entry that covers nothing, and when docs/tenancy.md is stale;
scripts/globals_doc.py renders the table. Reviewed against LiteLLM 1.102.4.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from fnmatch import fnmatchcase

from alchemi.runtime.globals_scan import CLASS_STATE, ENV_WRITE, LITELLM_SETTING, MODULE_STATE, PROXY_GLOBAL, Global

PER_ACCOUNT, SHARED_SAFE, PLATFORM, READ_ONLY, PENDING = (
    "per-account", "shared-safe", "platform", "read-only", "pending")
STRATEGIES = (PER_ACCOUNT, SHARED_SAFE, PLATFORM, READ_ONLY, PENDING)

REVIEWED_LITELLM = "1.102.4"


@dataclass(frozen=True)
class Strategy:
    name: str
    detail: str  # per-account: the alchemi module(s); otherwise the explanation


def per_account(where: str) -> Strategy:
    return Strategy(PER_ACCOUNT, where)


def shared_safe(why: str) -> Strategy:
    return Strategy(SHARED_SAFE, why)


def platform(why: str) -> Strategy:
    return Strategy(PLATFORM, why)


def read_only(why: str = "") -> Strategy:
    return Strategy(READ_ONLY, why)


def pending() -> Strategy:
    """Not per account yet; the entry's `risk` says what goes wrong meanwhile."""
    return Strategy(PENDING, "")


@dataclass(frozen=True)
class Cover:
    kind: str
    module: str  # fnmatch pattern, relative to litellm.proxy
    name: str  # fnmatch pattern

    def matches(self, item: Global) -> bool:
        module = item.module.removeprefix("litellm.proxy.") if item.module != "litellm.proxy" else ""
        return item.kind == self.kind and fnmatchcase(module, self.module) and fnmatchcase(item.name, self.name)


@dataclass(frozen=True)
class Entry:
    title: str  # what the family is, in a few words
    covers: tuple[Cover, ...]
    strategy: Strategy
    note: str = ""  # what the objects are / where LiteLLM sets them, when the title is not enough
    # what goes wrong while the objects are shared by every account: required while pending, kept
    # after the move to per-account as the reason the per-account handling exists
    risk: str = ""


def pg(*names: str) -> tuple[Cover, ...]:
    """Module globals of proxy_server.py."""
    return tuple(Cover(PROXY_GLOBAL, "proxy_server", n) for n in names)


def ls(module: str, *names: str) -> tuple[Cover, ...]:
    """Writes to litellm.<name> done in `module` (names as `attr @ function`)."""
    return tuple(Cover(LITELLM_SETTING, module, n) for n in names)


def ms(module: str, *names: str) -> tuple[Cover, ...]:
    """Module-level state of a proxy submodule."""
    return tuple(Cover(MODULE_STATE, module, n) for n in names)


def cs(module: str, *names: str) -> tuple[Cover, ...]:
    """Class attributes holding state (names as `Class.attr`)."""
    return tuple(Cover(CLASS_STATE, module, n) for n in names)


def env(module: str, *names: str) -> tuple[Cover, ...]:
    """os.environ writes in `module` (names as `VAR @ function`)."""
    return tuple(Cover(ENV_WRITE, module, n) for n in names)


_LOAD_CONFIG = "the operator's config file, read by load_config at start-up (never in an account's scope)"
_AUTH_CACHE_RISK = (
    "One DualCache for every account, keyed by object id only ('team_id:<id>', hashed key, ...). Key "
    "hashes and user/team/org ids are unique across accounts, but get_team_object answers from the cache "
    "before the database, so an account that names another's team id gets it (isolation mechanism "
    "shared-auth-cache); the tag, end-user and model-access-group registries and the global proxy spend are "
    "cached under fixed keys, so whichever account loaded them first answers for all.")

ENTRIES: tuple[Entry, ...] = (
    # ---- done: per account ---------------------------------------------------------------------
    Entry("The proxy's router", pg("llm_router"),
          per_account("alchemi/runtime/dispatcher.py, alchemi/runtime/registry.py"),
          "A RouterDispatcher forwards every read, write and call to the account's own litellm.Router "
          "(built lazily, evicted when idle); platform work gets an empty platform router."),
    Entry("The model list", pg("llm_model_list"), per_account("alchemi/runtime/dispatcher.py"),
          "A live view of the in-scope account's deployments; LiteLLM's reassignment gets the same view."),
    Entry("general_settings", pg("general_settings"), per_account("alchemi/runtime/general_settings.py"),
          "Platform layer (config file) under each account's layer (its stored row and in-memory writes)."),
    Entry("LiteLLM_Config read cache", ms("utils", "litellm_config_cache"),
          per_account("alchemi/runtime/config_cache.py"),
          "Its key carries the account in scope, so one account's cached settings row never reaches another."),

    # ---- pending: issue 4 items 2-4 ------------------------------------------------------------
    Entry("Auth and key cache", pg("user_api_key_cache"), per_account("alchemi/runtime/caches.py"),
          risk=_AUTH_CACHE_RISK),
    Entry("Registry load locks and spend coordinator",
          ms("auth.auth_checks", "_TAG_REGISTRY_LOAD_LOCK", "_END_USER_REGISTRY_LOAD_LOCK",
             "_MODEL_ACCESS_GROUP_REGISTRY_LOAD_LOCK")
          + ms("auth.user_api_key_auth", "_global_spend_coordinator"),
          shared_safe("Single-flight gates only: after waiting, a caller reads the result from its own "
                      "account's partition of user_api_key_cache (alchemi/runtime/caches.py), never another "
                      "account's; a waiter of another account finds nothing and loads (or, for the platform's "
                      "proxy-wide budget, skips one check) itself."),
          "Collapse concurrent loads of a registry or of the global proxy spend into one database read.",
          risk="A load in progress is shared by every caller: the first account's scope loads the tag / "
               "end-user / access-group registry (or the proxy's global spend) and the result is cached "
               "under one fixed key in user_api_key_cache for all accounts."),
    Entry("Spend counters", pg("spend_counter_cache")
          + cs("db.spend_counter_reseed", "SpendCounterReseed._locks", "SpendCounterReseed._registry_lock"),
          per_account("alchemi/runtime/counters.py"),
          "In an account's scope the end-user, tag and access-group counters are addressed by their stored, "
          "namespaced name ('spend:end_user:<account>::<id>'), which budget resets (platform work over stored "
          "rows) write too; both tiers (memory, Redis) are partitioned. The reseed locks are keyed by those keys.",
          risk="Counters are keyed 'spend:<entity>:<id>'. Keys, users, teams and orgs have ids unique across "
               "accounts, but 'spend:end_user:<id>' and 'spend:tag:<name>' use caller-chosen names that "
               "repeat across accounts, so two accounts' end users or tags share one budget counter."),
    Entry("Proxy hooks, rate limiters and alerting (ProxyLogging)", pg("proxy_logging_obj"),
          per_account("alchemi/runtime/counters.py, alchemi/runtime/alerting.py"),
          "The proxy's pre/post-call hooks, internal usage cache, spend writer and alerting. The hooks and the "
          "spend writer are shared machinery; its internal_usage_cache (rate-limit, parallel-request and "
          "session counters) is partitioned by account, and its alerting attributes (alerting, threshold, "
          "alert types, webhook map, the SlackAlerting instance) are per account.",
          risk="One object for every account. Its internal_usage_cache held the rate-limit counters keyed by "
               "the limited entity's name only, so two accounts' end users (or sessions, or model groups) "
               "shared one limit. Its alerting (webhook URL, thresholds, alert types) was whatever "
               "general_settings held when update_values last ran, i.e. in the last account that reconciled: "
               "one account's budget alerts went to another account's webhook."),
    Entry("Response cache", ls("proxy_server", "cache @ _init_cache", "default_in_memory_ttl @ _init_cache",
                               "default_redis_ttl @ _init_cache")
          + ls("hooks.batch_redis_get", "cache.async_get_cache @ __init__")
          + cs("management_endpoints.cache_settings_endpoints", "CacheSettingsManager._last_cache_params"),
          per_account("alchemi/runtime/caches.py"),
          "Built by _init_cache from the config file or from the cache settings endpoints. Keys carry the "
          "caller's account, so no cached answer crosses accounts; litellm.cache and its TTLs are per-account "
          "attributes, built in an account's scope by its own settings, which never re-point the shared usage "
          "Redis.",
          risk="litellm.cache is one cache for the process, keyed by the request (model name, messages, "
               "params). Two accounts sending the same request to a model of the same name hit each "
               "other's cached answer (the LiteLLM #29955 class), and an account's cache settings "
               "(/cache/settings in its scope) replace the cache of every account."),
    Entry("Logging callbacks from an account's settings",
          ls("proxy_server", "callbacks @ _add_callback_from_db_to_in_memory_litellm_callbacks",
             "success_callback @ _add_callback_from_db_to_in_memory_litellm_callbacks",
             "failure_callback @ _add_callback_from_db_to_in_memory_litellm_callbacks",
             "callbacks @ _load_alerting_settings")
          + ls("utils", "callbacks @ update_values", "success_callback @ update_values"),
          per_account("alchemi/runtime/loggers.py"),
          "Added in an account's scope by every reconcile (get_config -> _add_callbacks_from_db_config, "
          "_add_general_settings_from_db_config -> ProxyLogging.update_values). Loggers and callback functions "
          "added in an account's scope observe only its events; LiteLLM's de-duplication key carries the owner, "
          "so an account's logger is never refused as another's duplicate; an evicted account's loggers leave "
          "the lists.",
          risk="An account's litellm_settings callbacks (and its Slack alerting loggers) are added to "
               "litellm's process-wide lists when it reconciles, so they receive every account's "
               "requests and responses."),
    Entry("litellm.* settings written from an account's stored settings",
          ls("proxy_server", "{key} @ _update_config_fields", "{key} @ _apply_safe_litellm_settings_overrides_from_db",
             "{field_name} @ _persist_general_settings_ui_litellm_field",
             "{field_name} @ _reset_general_settings_ui_litellm_field")
          + ls("ui_crud_endpoints.proxy_setting_endpoints", "{settings_key} @ _update_litellm_setting"),
          per_account("alchemi/runtime/registries.py, alchemi/runtime/account_local.py"),
          "The names these sites can write are LITELLM_SETTINGS_SAFE_DB_OVERRIDES (_update_config_fields, "
          "_apply_safe_litellm_settings_overrides_from_db), the general-settings UI fields and the UI settings "
          "endpoints' keys; each is a per-account attribute of the litellm module (a test reads the endpoints' "
          "keys from the source).",
          risk="setattr(litellm, key, ...) with the account's LITELLM_SETTINGS_SAFE_DB_OVERRIDES keys, "
               "UI litellm fields and /update/internal_user_settings: the last account to reconcile or "
               "save sets them for all (isolation mechanism default-user-params: users created in B get "
               "A's default models and budget)."),
    Entry("Cost tracking settings", ls("management_endpoints.cost_tracking_settings",
                                       "cost_discount_config @ update_cost_discount_config",
                                       "cost_margin_config @ update_cost_margin_config",
                                       "block_requests_for_models_without_pricing @ "
                                       "update_block_requests_for_models_without_pricing"),
          per_account("alchemi/runtime/registries.py, alchemi/runtime/account_local.py"),
          risk="Provider discounts, margins and the block-unpriced-models switch set by one account apply "
               "to every account's cost calculation and requests."),
    Entry("Public model hub, agent and MCP lists",
          ls("management_endpoints.model_management_endpoints", "public_model_groups @ update_public_model_groups",
             "public_model_groups_links @ update_useful_links")
          + ls("agent_endpoints.endpoints", "public_agent_groups @ make_agent_public",
               "public_agent_groups @ make_agents_public")
          + ls("management_endpoints.mcp_management_endpoints", "public_mcp_servers @ make_mcp_servers_public"),
          per_account("alchemi/runtime/registries.py, alchemi/runtime/account_local.py"),
          risk="One list per process: the last account to save it decides what every account's public "
               "model hub shows, and it can name another account's models, agents or servers."),
    Entry("Blocked end users", ls("management_endpoints.customer_endpoints", "blocked_user_list @ unblock_user"),
          per_account("alchemi/runtime/registries.py, alchemi/runtime/account_local.py"),
          risk="litellm.blocked_user_list is process-wide and holds end-user ids, which repeat across "
               "accounts: /customer/unblock in one account edits the list every account is checked against."),
    Entry("Provider credentials list",
          ls("proxy_server", "credential_list @ load_config", "credential_list @ delete_credentials")
          + ls("credential_endpoints.endpoints", "credential_list @ delete_credential",
               "credential_list @ update_credential"),
          per_account("alchemi/runtime/account_local.py, alchemi/runtime/reconcile.py"),
          risk="Calls resolve credentials per account (alchemi/runtime/credentials.py replaces "
               "find_credential), but the list itself still mixes accounts: the credential endpoints "
               "list and edit it and pass-through reads it; an account's reload replaces the others' "
               "entries (mechanisms memory-registry-namespaced, scoped-reload)."),
    Entry("Vector store registries",
          ls("proxy_server", "vector_store_registry @ _init_vector_stores_in_db",
             "vector_store_registry @ _init_non_llm_configs",
             "vector_store_index_registry @ _init_vector_store_indexes_in_db"),
          per_account("alchemi/runtime/registries.py"),
          risk="One registry per process, filled by the background reload with every account's vector "
               "stores; /vector_store/info answers from it by id before the database "
               "(mechanism vector-store-registry)."),
    Entry("Guardrail registry and guardrail callbacks",
          ms("guardrails.guardrail_registry", "IN_MEMORY_GUARDRAIL_HANDLER", "GUARDRAIL_RECONCILE_LOCK")
          + ms("guardrails.guardrail_endpoints", "GUARDRAIL_REGISTRY")
          + ms("common_utils.registry_read_through", "guardrail_registry_read_through")
          + ms("guardrails.guardrail_hooks.mcp_jwt_signer.mcp_jwt_signer", "_mcp_jwt_signer_instance")
          + ls("guardrails.guardrail_registry", "callbacks @ initialize_custom_guardrail")
          + ls("guardrails.guardrail_initializers", "callbacks @ *")
          + ls("guardrails.guardrail_hooks.*", "callbacks @ *", "success_callback @ *"),
          per_account("alchemi/runtime/registries.py, alchemi/runtime/guardrails.py"),
          "Each guardrail hook package's initializer registers its guardrail with "
          "logging_callback_manager.add_litellm_callback. Each account's guardrails load into its own registry "
          "and run only on its own requests; the MCP JWT signer singleton is still one per process.",
          risk="Guardrails are loaded from every account's rows into one in-memory registry, and each "
               "initialized guardrail is registered in litellm.callbacks: a default-on guardrail of one "
               "account runs on every account's requests; names repeat across accounts. The MCP JWT "
               "signer keeps its last initialized instance (signing key, issuer) as a process singleton "
               "that serves the JWKS/OIDC discovery endpoints."),
    Entry("Policy registries", ms("policy_engine.policy_registry", "_policy_registry")
          + ms("policy_engine.attachment_registry", "_attachment_registry"),
          per_account("alchemi/runtime/registries.py"),
          risk="Policies and their attachments are one registry per process, loaded with every account's "
               "rows (or one account's, on its reconcile)."),
    Entry("MCP servers, tools and toolsets",
          ms("_experimental.mcp_server.mcp_server_manager", "global_mcp_server_manager")
          + ms("_experimental.mcp_server.tool_registry", "global_mcp_tool_registry")
          + ms("_experimental.mcp_server.tool_search", "global_mcp_tool_search_index")
          + ms("management_endpoints.mcp_management_endpoints", "_temporary_mcp_servers", "_mcp_registry_cache")
          + ms("db.tool_registry_writer", "_tool_policy_registry"),
          per_account("alchemi/runtime/registries.py"),
          "Server manager, tool registry, tool search index and tool policies per account; "
          "_temporary_mcp_servers and _mcp_registry_cache are still one per process.",
          risk="global_mcp_server_manager is one per process, loaded with every account's MCP servers; "
               "/v1/mcp/server* and /mcp-rest read it by server id (mechanism mcp-registry); tool "
               "permissions and the tool search index are process-wide too."),
    Entry("Agent (A2A) registry", ms("agent_endpoints.agent_registry", "global_agent_registry", "AGENT_RECONCILE_LOCK")
          + ms("agent_endpoints.agent_search", "global_agent_search_index")
          + ms("common_utils.registry_read_through", "agent_registry_read_through"),
          per_account("alchemi/runtime/registries.py"),
          risk="One agent registry per process; agent cards and /v1/agents/{id} are served from it by id "
               "(mechanism agent-registry)."),
    Entry("Prompt registry and prompt callbacks", ms("prompts.prompt_registry", "IN_MEMORY_PROMPT_REGISTRY")
          + ls("prompts.prompt_registry", "callbacks @ initialize_prompt", "callbacks @ reload_prompt"),
          per_account("alchemi/runtime/registries.py"),
          risk="Prompts from every account's rows in one registry (names repeat across accounts); each "
               "prompt integration is registered in litellm.callbacks for all traffic."),
    Entry("Search tool registry", ms("search_endpoints.search_tool_management", "SEARCH_TOOL_REGISTRY"),
          per_account("alchemi/runtime/registries.py"),
          risk="One registry per process; search tools are not passed to account routers yet."),
    Entry("UI plugin registry", ms("plugin_routes", "_plugin_registry"),
          per_account("alchemi/runtime/registries.py"),
          "An AccountDict: general_settings.plugins of an account (each with its own credential for "
          "/plugin-proxy/<name>) fill and are read from its own entries.",
          risk="Rebuilt from general_settings by whoever last ran register_plugins_from_config (start-up, "
               "an account's reconcile or its settings update): one account's plugins for all."),
    Entry("Pass-through endpoints", ms("pass_through_endpoints.pass_through_endpoints",
                                       "_registered_pass_through_routes")
          + ms("pass_through_endpoints.llm_passthrough_endpoints", "passthrough_endpoint_router")
          + ls("pass_through_endpoints.pass_through_endpoints", "adapters @ create_pass_through_route"),
          per_account("alchemi/runtime/pass_through.py"),
          "The route registry (target, headers, auth read at request time) is per account and /routes leaves out "
          "other accounts' paths; the app route for a path is shared, so two accounts cannot both use one path.",
          risk="Pass-through routes are registered on the one shared app and listed by /routes; their "
               "registry and the provider credentials of the pass-through router are replaced by whichever "
               "account reloaded last (mechanism pass-through-routes)."),
    Entry("Cost export loggers", ls("proxy_server", "callbacks @ _initialize_spend_tracking_background_jobs"),
          platform("Registered at start-up (platform work) from the platform's own stored export settings: an "
                   "account's rows are namespaced, so platform work never finds them. Their scheduled system-scope "
                   "exports are skipped (alchemi/runtime/platform_jobs.py); an account exports from its own scope."),
          "The Vantage logger (and the CloudZero job) registered at start-up from stored export settings.",
          risk="One exporter for the process: its scheduled export runs as system work over every account's "
               "spend and sends it to the one configured destination (raw SQL sites of the FOCUS/CloudZero "
               "exports, needs-fix)."),
    Entry("Gateway request counts", pg("gateway_request_accumulator"),
          per_account("alchemi/runtime/gateway_requests.py"),
          "Folded in memory by the billable-request middleware, flushed to LiteLLM_DailyGatewayRequests. An "
          "account's requests are folded under its namespaced route, so its rows carry its account.",
          risk="Counts are keyed by (date, category, route) only, for every account's requests, and flushed "
               "with no account: the counts mix accounts and no account sees its own (raw SQL site "
               "commit_gateway_requests_to_db, needs-fix)."),
    Entry("Model read-through", ms("common_utils.registry_read_through", "model_registry_read_through"),
          per_account("alchemi/runtime/read_through.py"),
          "Negative cache partitioned by account and a resync budget per account (the guardrail and agent "
          "read-throughs get the same treatment).",
          risk="Its negative cache (2 s) and resync budget (20 per 5 s) are keyed by model name for all "
               "accounts: one account's misses can delay another's read-through."),
    Entry("Health check results", pg("health_check_results", "background_health_check_loop_active",
                                     "background_health_check_cycle_seq"),
          platform("Written only by LiteLLM's background health-check loop, which load_config starts from a "
                   "config file's general_settings; with no config file it never runs. GET /health then runs on "
                   "demand over the caller's account's own deployments (probe in tests/runtime/test_behaviour.py). "
                   "Background checks per account are not offered."),
          risk="The background health check runs as platform work and sees the platform router (no "
               "models); /health results are one dict for the process, so an account sees no results of "
               "its own models, or the last writer's."),
    Entry("Last loaded config", pg("proxy_config"),
          per_account("alchemi/runtime/registries.py"),
          risk="ProxyConfig keeps the config state get_config last loaded (proxy_config.config), which "
               "may be any account's."),
    Entry("JWT auth handler", pg("jwt_handler"),
          platform("LiteLLM's handler keeps the platform's JWT settings only; an account's API callers present "
                   "JWTs of its own issuer, verified per account by alchemi/identity/jwt_auth.py before LiteLLM's "
                   "auth runs (swapped for a key minted in the account)."),
          risk="One JWTHandler for the process, configured from the platform general_settings at "
               "start-up (issuer, JWKS, role mappings); an account's own JWT settings do not apply."),
    Entry("Store models in the database switch", pg("store_model_in_db"),
          platform("The platform's switch (always on: every account's models live in the database); an "
                   "account's stored value stays in its own general_settings layer and is put back "
                   "after its reconcile by alchemi/runtime/platform_switches.py."),
          risk="Rewritten from each account's stored general_settings on every reconcile "
               "(_update_general_settings): an account that saves store_model_in_db=false turns off "
               "get_config's database overlay for the whole process until another account's reconcile "
               "turns it back on."),
    Entry("UI access mode", pg("ui_access_mode"),
          platform("Read once from the platform's settings at start-up. Who may use an account's console is "
                   "decided per account by its roles (alchemi/identity/roles.py), not by this switch."),
          risk="Read once from the platform general_settings at start-up; an account's ui_access_mode "
               "setting has no effect (a missing setting, not a leak)."),
    Entry("Environment variables from an account's settings",
          env("proxy_server", "{k} @ _decrypt_and_set_db_env_variables", "{upper_key} @ _update_config_fields")
          + env("ui_crud_endpoints.proxy_setting_endpoints", "{env_var_name} @ update_sso_settings",
                "{env_key} @ update_ui_theme_settings")
          + env("management_endpoints.config_override_endpoints", "{env_var_name} @ _set_env_vars"),
          per_account("alchemi/runtime/environment.py"),
          "os.environ's class is swapped: in an account's scope writes land in its own layer and reads see it "
          "over the process environment; applied from its stored variables when its runtime is built.",
          risk="An account's environment_variables, SSO settings, UI theme and secret-manager overrides "
               "are written into os.environ, which every account's callbacks, providers and SSO read."),
    Entry("Secret manager overrides from the UI",
          ls("management_endpoints.config_override_endpoints", "secret_manager_client @ *",
             "_key_management_system @ *"),
          per_account("alchemi/runtime/registries.py, alchemi/runtime/account_local.py"),
          risk="An account's Hashicorp/CyberArk override replaces the process's secret manager, which "
               "resolves every account's os.environ/ references."),
    Entry("Semantic tool filter from stored settings",
          ls("proxy_server", "callbacks @ _init_semantic_filter_settings_in_db"),
          per_account("alchemi/runtime/loggers.py, alchemi/runtime/registries.py"),
          "Loaded per account by the wrapped registry reload; the hook added in an account's scope rewrites "
          "only its requests, its reload removes only its own hook, and its change-detection state is per "
          "account (proxy_config state).",
          risk="Reloaded from LiteLLM_Config by the background reload (every account's row in turn) and "
               "registered in litellm.callbacks for all traffic."),

    # ---- shared-safe ----------------------------------------------------------------------------
    Entry("Database client", pg("prisma_client"),
          shared_safe("One connection pool; every query is confined to the account in scope by the tenant "
                      "guard (alchemi/tenancy/prisma_guard.py).")),
    Entry("HTTP sessions and clients", pg("shared_aiohttp_session", "db_writer_client")
          + ms("route_llm_request", "_shared_session_lock")
          + ms("db.db_lookup_gate", "db_lookup_gate"),
          shared_safe("Connection pools and a concurrency gate; they carry no account data.")),
    Entry("The ASGI app and its routers", pg("app", "router", "enterprise_router")
          + ms("_experimental.mcp_server.server", "app"),
          shared_safe("One route table; the tenant middleware puts every request in its account's scope "
                      "before LiteLLM's handlers run.")),
    Entry("Scheduler", pg("scheduler"),
          shared_safe("One APScheduler; every job is wrapped to run as named system work "
                      "(apscheduler add_job seam), and spend rows get their account from triggers.")),
    Entry("Reconcile lock", pg("MODEL_RECONCILE_LOCK"),
          shared_safe("Serializes every account's model reconciles (control plane only); our change "
                      "detection takes it too.")),
    Entry("Per-key model budget limiter", pg("model_max_budget_limiter")
          + ls("proxy_server", "callbacks @ <module>"),
          shared_safe("Counts spend per virtual key hash and model; a key belongs to one account.")),
    Entry("The proxy's own hooks", ls("utils", "callbacks @ _add_proxy_hooks", "callbacks @ _init_litellm_callbacks",
                                      "success_callback @ _init_litellm_callbacks",
                                      "failure_callback @ _init_litellm_callbacks",
                                      "_async_success_callback @ _init_litellm_callbacks",
                                      "_async_failure_callback @ _init_litellm_callbacks")
          + ls("proxy_server", "callbacks @ cost_tracking", "_async_success_callback @ cost_tracking"),
          shared_safe("Registered once at start-up (budget, parallel-request and cache-control hooks, the "
                      "spend logger): the same code for every account; their counters are the pending "
                      "ProxyLogging and spend-counter entries, spend rows get their account from triggers.")),
    Entry("CLI login sessions", pg("cli_sso_session_cache"),
          shared_safe("Keyed by random session ids generated per login.")),
    Entry("Negative lookup throttle", ms("auth.auth_checks", "last_db_access_time"),
          shared_safe("Keyed by user and team ids, which are unique across accounts; it only delays a repeated "
                      "database miss.")),
    Entry("Deprecated-key cache", ms("utils", "_deprecated_key_cache"),
          shared_safe("Keyed by the hashed key, which belongs to one account.")),
    Entry("MCP credential and token caches",
          ms("_experimental.mcp_server.oauth2_token_cache", "mcp_oauth2_token_cache", "mcp_per_user_token_cache")
          + ms("_experimental.mcp_server.server", "_byok_cred_cache")
          + ms("_experimental.mcp_server.mcp_server_manager", "_user_env_vars_cache")
          + ms("_experimental.mcp_server.byok_oauth_endpoints", "_byok_auth_codes")
          + ms("_experimental.mcp_server.outbound_credentials.sso_assertion_store", "_ASSERTION_CACHE"),
          shared_safe("Keyed by server id and user id (both unique across accounts) or by a random "
                      "authorization code.")),
    Entry("MCP OAuth discovery caches",
          ms("_experimental.mcp_server.discoverable_endpoints", "_OAUTH_METADATA_CACHE", "_OAUTH_METADATA_FETCH_LOCKS",
             "_EPHEMERAL_DCR_CLIENT_CACHE", "_EPHEMERAL_DCR_MINT_LOCKS")
          + ms("_experimental.mcp_server.oauth_identity_binding", "_jwks_cache")
          + ms("guardrails.guardrail_hooks.mcp_jwt_signer.mcp_jwt_signer", "_jwks_cache"),
          shared_safe("Public OAuth metadata, JWKS and dynamic client registrations, keyed by the MCP "
                      "server id (unique across accounts) with the upstream or gateway URL, or by the issuer "
                      "URL the keys were fetched from.")),
    Entry("MCP sessions and request context",
          ms("_experimental.mcp_server.server", "server", "sse", "session_manager", "session_manager_stateful",
             "session_manager_stateless", "sse_session_manager", "_session_manager_cm",
             "_session_manager_stateful_cm", "_sse_session_manager_cm", "_stateful_auth_context_cleanup_task",
             "_stateful_session_*", "_session_obj_auth_storage", "active_mcp_session_var",
             "_INITIALIZATION_LOCK", "_SESSION_MANAGERS_INITIALIZED")
          + ms("_experimental.mcp_server.mcp_context", "*")
          + ms("_experimental.mcp_server.openapi_to_mcp_generator", "_request_*"),
          shared_safe("The MCP protocol server, its session managers and per-session auth context keyed by "
                      "random session ids; the rest are context variables, private to each request.")),
    Entry("Other request-scoped context variables",
          ms("hooks.parallel_request_limiter_v3", "_request_stash")
          + ms("spend_tracking.spend_counter_batch", "_active_batch")
          + ms("middleware.per_request_root_path_middleware", "_request_root_path_var"),
          shared_safe("ContextVars: each request sees only its own value.")),
    Entry("Content-addressed caches",
          ms("discovery_endpoints.agent_skills_endpoints", "_ARCHIVE_CACHE")
          + ms("container_endpoints.ownership", "_CONTAINER_OWNER_CACHE", "_CONTAINER_STORED_ID_CACHE",
               "_ALLOWED_CONTAINER_IDS_CACHE")
          + ms("spend_tracking.key_metadata_recovery", "_SPEND_LOG_METADATA_CACHE", "_SPEND_LOG_QUERY_LOCK")
          + ms("agent_endpoints.databricks_oauth", "databricks_app_oauth_token_cache")
          + ms("litellm_pre_call_utils", "_SPECIAL_HEADERS_CACHE")
          + ms("utils", "_CALLBACK_ACCEPTS_CALL_INFO")
          + cs("utils", "ProxyLogging._callback_capabilities_cache")
          + cs("public_endpoints.public_endpoints", "_AutoRouterPresetsCache.*"),
          shared_safe("Keyed by ids that belong to one account (skill id and version, provider container ids, "
                      "owner scopes, key hashes, app credentials), by code objects and header names, or public data "
                      "(the bundled auto-router presets).")),
    Entry("Guardrail and routing helpers",
          ms("utils", "unified_guardrail")
          + ms("guardrails.auto_router_compression", "_model_hop_armed", "_suppressed_compression_guardrails")
          + ms("guardrails.guardrail_hooks.azure.prompt_shield", "_billing_usage_stash"),
          shared_safe("Stateless dispatchers or per-request context variables; the guardrails they run come "
                      "from the (pending) guardrail registry.")),
    Entry("Service and pass-through loggers",
          ms("auth.user_api_key_auth", "user_api_key_service_logger_obj")
          + ms("db.db_transaction_queue.base_update_queue", "service_logger_obj")
          + ms("litellm_pre_call_utils", "service_logger_obj")
          + ms("pass_through_endpoints.pass_through_endpoints", "pass_through_endpoint_logging")
          + ms("pass_through_endpoints.success_handler", "cohere_passthrough_logging_handler")
          + ms("pass_through_endpoints.llm_passthrough_endpoints", "vertex_llm_base")
          + ms("pass_through_endpoints.llm_provider_handlers.vertex_passthrough_logging_handler",
               "vertex_search_api_config")
          + pg("vertex_live_passthrough_vertex_base"),
          shared_safe("Helpers that log or sign per call from the call's own data; provider token caches are "
                      "keyed by the credentials given.")),
    Entry("Log-once flags", pg("_pkce_no_redis_warning_emitted", "_cp_no_redis_warning_emitted")
          + ms("auth.ip_address_utils", "_warned_*")
          + ms("auth.auth_utils", "_custom_auth_common_checks_warning_emitted")
          + ms("_experimental.mcp_server.oauth_utils", "_warned_invalid_proxy_base_url")
          + ms("guardrails.guardrail_hooks.noma.noma", "_LEGACY_NOMA_DEPRECATION_WARNED")
          + ms("litellm_pre_call_utils", "_STALE_TEAM_ALIAS_WARNING_KEYS", "_ENABLE_TEAM_STALE_ALIAS_BYPASS")
          + cs("auth.handle_jwt", "JWTHandler._unscoped_jwt_warning_emitted"),
          shared_safe("Whether a warning was already logged, or an environment flag cached at first use.")),
    Entry("Spend writer queues and buffers", pg("spend_event_producer")
          + ms("db.shadow_eval_funnel", "_pending")
          + cs("utils", "PrismaClient.spend_log_transactions", "PrismaClient.tool_usage_transactions",
               "PrismaClient.autorouter_turn_transactions", "PrismaClient.spend_log_queue_bytes",
               "PrismaClient._*_transactions_lock"),
          shared_safe("In-memory queues of rows flushed by background jobs: spend logs, the tool index and "
                      "auto-router sessions get their account from the key-derived BEFORE INSERT triggers, "
                      "funnel counters are keyed by the uuid of one account's shadow-eval job leg "
                      "(docs/tenancy.md, Raw SQL sites).")),
    Entry("Anthropic beta-header mapping reload", pg("last_anthropic_beta_headers_reload"),
          shared_safe("When the process last reloaded the public mapping of Anthropic beta headers per provider "
                      "(capability data, nothing of an account's); any account's stored reload interval can "
                      "trigger a reload, which changes nothing but its timing.")),
    Entry("Fallback access check", ms("auth.fallback_model_access", "router_fallback_access_check"),
          shared_safe("A function; passed to every account router as LiteLLM passes it to its own.")),

    # ---- platform -------------------------------------------------------------------------------
    Entry("Master key and license", pg("master_key", "litellm_master_key_hash", "premium_user", "premium_user_data",
                                       "_license_check"),
          platform("The platform super admin's key and the license state (premium_user is forced on by the "
                   "license.is_premium seam).")),
    Entry("Start-up options of the proxy",
          pg("user_api_base", "user_model", "user_debug", "user_detailed_debug", "user_max_tokens",
             "user_user_max_tokens", "user_request_timeout", "user_temperature", "user_telemetry", "user_headers",
             "user_config_file_path", "experimental", "worker_config", "otel_logging",
             "disable_spend_logs", "litellm_proxy_admin_name", "proxy_config_reload_interval_seconds",
             "proxy_budget_rescheduler_min_time", "proxy_budget_rescheduler_max_time",
             "proxy_batch_polling_interval", "proxy_batch_write_at", "use_background_health_checks",
             "use_shared_health_check", "health_check_interval", "health_check_concurrency",
             "health_check_details", "global_max_parallel_request_retries",
             "global_max_parallel_request_retries_env", "global_max_parallel_request_retry_timeout",
             "global_max_parallel_request_retry_timeout_env", "polling_via_cache_enabled",
             "native_background_mode", "polling_cache_ttl", "config_passthrough_endpoints",
             "heuristic_v1_tuning_baselines", "redis_usage_cache",
             "open_telemetry_logger", "prompt_injection_detection_obj"),
          platform("Command-line options and " + _LOAD_CONFIG + ": deployment tuning (workers, batch writes, "
                   "health-check cadence, Redis, OpenTelemetry), the same for every account.")),
    Entry("Operator code hooks", pg("user_custom_auth", "user_custom_auth_path", "user_custom_key_generate",
                                    "user_custom_key_update", "user_custom_sso", "user_custom_ui_sso_sign_in_handler")
          + ms("custom_hooks.custom_ui_sso_hook", "custom_ui_sso_sign_in_handler"),
          platform("Python hooks named in the operator's config file; code of the deployment, not of an account.")),
    Entry("litellm.* settings from the config file and command line",
          ls("proxy_server", "{key} @ load_config", "audit_log_callbacks @ load_config",
             "callback_settings @ load_config", "custom_provider_map @ load_config",
             "default_internal_user_params @ load_config",
             "default_max_internal_user_budget @ load_config", "drop_params @ load_config",
             "failure_callback @ load_config", "success_callback @ load_config",
             "guardrail_name_config_map @ load_config", "json_logs @ load_config", "max_budget @ load_config",
             "max_internal_user_budget @ load_config", "max_ui_session_budget @ load_config",
             "model_group_settings @ load_config", "post_call_rules @ load_config",
             "priority_reservation_settings @ load_config", "request_timeout_explicitly_set @ load_config",
             "upperbound_key_generate_params @ load_config", "use_legacy_interactions_schema @ load_config",
             "_key_management_settings @ load_config", "_key_management_settings @ "
             "_initialize_secret_manager_from_raw_config", "_key_management_system @ load_from_azure_key_vault",
             "secret_manager_client @ load_from_azure_key_vault", "drop_params @ initialize",
             "add_function_to_prompt @ initialize", "max_budget @ initialize", "suppress_debug_info @ <module>",
             "user_url_allowed_hosts @ _apply_ssrf_general_settings",
             "user_url_validation @ _apply_ssrf_general_settings",
             "provider_url_destination_allowed_hosts @ _apply_ssrf_general_settings",
             "callbacks @ _initialize_semantic_tool_filter")
          + ls("proxy_cli", "json_logs @ run_server", "_key_management_settings @ run_server")
          + ls("common_utils.callback_utils", "callbacks @ initialize_callbacks_on_proxy")
          + ls("guardrails.init_guardrails", "guardrail_name_config_map @ initialize_guardrails"),
          platform("Set from " + _LOAD_CONFIG + " or from the command line: the platform's defaults, callbacks, "
                   "SSRF allow-lists, secret manager and config-file guardrails (v1), the same for every "
                   "account. The same keys written later from an account's stored settings are the pending "
                   "entry above.")),
    Entry("Config-file guardrails and file/fine-tuning settings",
          ms("guardrails.init_guardrails", "all_guardrails")
          + ms("fine_tuning_endpoints.endpoints", "fine_tuning_config")
          + ms("openai_files_endpoints.files_endpoints", "files_config"),
          platform("Guardrails v1, finetune_settings and files_settings, filled from " + _LOAD_CONFIG + ".")),
    Entry("Process environment at start-up",
          env("proxy_cli", "*") + env("db.*", "*") + env("collector", "LITELLM_JOB_ROLE @ main")
          + env("utils", "DATABASE_URL_READ_REPLICA @ __init__")
          + env("proxy_server", "{key} @ _load_environment_variables", "WORKER_CONFIG @ save_worker_config",
                "AZURE_API_VERSION @ initialize"),
          platform("Database URLs, IAM token refresh, worker config and the config file's "
                   "environment_variables: the deployment's environment.")),
    Entry("Logging and profiling", ms("_logging", "logger", "handler", "formatter")
          + ms("common_utils.performance_utils", "*")
          + ms("enterprise_billing.billing_metrics", "_ACTIVE_RECORDER")
          + pg("build_billing_metrics_recorder", "shutdown_billing_metrics_recorder"),
          platform("Process logging, the operator's profiler and LiteLLM's own billing metrics recorder.")),
    Entry("Admission control, health and shutdown",
          ms("middleware.admission_control_middleware", "admission_control_state")
          + ms("health_endpoints._health_endpoints", "db_health_cache")
          + cs("middleware.in_flight_requests_middleware", "InFlightRequestsMiddleware.*")
          + cs("shutdown.graceful_shutdown_manager", "GracefulShutdownManager.*")
          + cs("db.db_transaction_queue.spend_log_cleanup_metrics", "SpendLogCleanupMetrics.*"),
          platform("Load shedding, in-flight request counts, graceful shutdown, database health and cleanup "
                   "metrics of the process, not of an account.")),
    Entry("Audit log destinations", ms("management_helpers.audit_logs", "_audit_log_callback_cache"),
          platform("Caches the audit_log_callbacks set from the config file.")),

    # ---- read-only ------------------------------------------------------------------------------
    Entry("Constants, type aliases and UI paths of proxy_server",
          pg("REALTIME_REQUEST_SCOPE_TEMPLATE", "SENSITIVE_DATA_MASKER", "SPEND_DB_FLOOR_CACHE_TTL_SECONDS", "Span",
             "OpenTelemetry", "_ADAPTIVE_ROUTER_FLUSH_INTERVAL_SECONDS", "_ALERTING_SENSITIVE_VARS", "_AiohttpAddrInfo",
             "_DB_OVERLAY_REMOTE_MODULE_*", "_EMPTY_HEADERS", "_EMPTY_MAPPING", "_EXTRA_SECRET_*",
             "_GENERAL_SETTINGS_*", "_KEEPALIVE_*", "_MAX_RAW_SSE_BUFFER_CHARS", "_OPENAPI_HTTP_METHODS",
             "_PLUGIN_KEY_REDACTED", "_ProxyModelRow", "_REDACT_SECRET_MAX_DEPTH", "_SORTED_SEARCH_DB_FETCH_CAP",
             "_SSE_FRAME_DELIMITERS", "_STREAM_KEEPALIVE", "_UNEXPECTED_KWARG", "GeneralSettingsUILiteLLMValue",
             "_description", "_title", "custom_swagger_message", "fallback_login_link", "model_hub_link", "ui_link",
             "ui_message", "version", "docs_url", "root_redirect_url", "server_root_path", "_server_root_paths",
             "origins", "allow_cors_credentials", "enterprise_proxy_config", "proxy_state", "log_file",
             "local_logging", "user_config", "litellm_proxy_budget_name", "messages", "list_of_messages",
             "async_result", "celery_app_conn", "celery_fn", "queue", "use_queue", "current_dir",
             "packaged_ui_path", "litellm_asset_prefix", "is_non_root", "default_runtime_ui_path",
             "runtime_ui_path", "should_use_runtime_path", "is_pre_restructured", "has_content", "success",
             "error", "is_writable", "file_path", "content", "modified_content", "ui_path"),
          read_only("Computed at import (or start-up) and never written per request: constants, masks, "
                    "type aliases, documentation strings, CORS origins and where the dashboard is served "
                    "from; the legacy queue/celery globals are unused.")),
    Entry("Import-time registries of code", ms("guardrails.guardrail_hooks.*", "guardrail_class_registry",
                                               "guardrail_initializer_registry")
          + ms("guardrails.guardrail_registry", "guardrail_class_registry", "guardrail_initializer_registry")
          + ms("prompts.prompt_registry", "prompt_initializer_registry")
          + ms("hooks", "PROXY_HOOKS", "ENTERPRISE_PROXY_HOOKS")
          + ms("management_helpers.team_metadata_validation", "TEAM_METADATA_*_REGISTRY")
          + ms("ui_crud_endpoints.proxy_setting_endpoints", "ALLOWED_UI_SETTINGS_FIELDS", "_EXTRA_UI_SETTINGS_FIELDS",
               "_EFFECTIVE_UI_SETTINGS_CLASS")
          + ms("guardrails.tool_name_extraction", "STANDALONE_EXTRACTORS")
          + ms("guardrails.guardrail_hooks.litellm_content_filter.patterns", "PATTERN_*"),
          read_only("Which classes and functions implement a guardrail type, prompt integration, hook, "
                    "metadata validator or UI setting, built when the modules are imported (extension "
                    "packages may register more at start-up).")),
    Entry("Other module constants",
          ms("caching_routes", "masker") + ms("*", "_sensitive_masker")
          + ms("common_utils.model_listing_utils", "CLAUDE_CODE_CLIENT")
          + ms("common_utils.swagger_utils", "ERROR_RESPONSES")
          + ms("guardrails.guardrail_hooks.bedrock_guardrails", "_NO_TRACING_DETAIL")
          + ms("spend_tracking.spend_event", "_NO_LITELLM_PARAMS")
          + ms("public_endpoints.public_endpoints", "_cached_endpoints")
          + ms("prompts.prompt_endpoints", "general_settings")
          + ms("custom_prompt_management", "x42_prompt_management")
          + ms("lambda", "handler")
          + ms("_experimental.mcp_server.openapi_to_mcp_generator", "HEADERS")
          + cs("_experimental.mcp_server.mcp_debug", "MCPDebug._masker")
          + cs("guardrails.guardrail_hooks.presidio", "_OPTIONAL_PresidioPIIMasking.user_api_key_cache"),
          read_only("Masks, sentinels and response templates; the public endpoint list (the same for everyone); "
                    "prompt_endpoints declares `global general_settings` but never binds it; an example "
                    "prompt manager, the AWS Lambda entry point and an empty HEADERS dict, unused by the server; "
                    "Presidio's class-level user_api_key_cache is an unused placeholder (None).")),
)


# ---- matching -----------------------------------------------------------------------------------
def entries_for(item: Global, entries: tuple[Entry, ...] = ENTRIES) -> list[Entry]:
    """The entries covering `item` (exactly one when the table is right)."""
    return [e for e in entries if any(c.matches(item) for c in e.covers)]


def coverage(items: tuple[Global, ...], entries: tuple[Entry, ...] = ENTRIES) -> dict[str, list[Global]]:
    """Entry title -> the scanned items it covers (items covered by several entries count for each)."""
    covered: dict[str, list[Global]] = {e.title: [] for e in entries}
    for item in items:
        for entry in entries_for(item, entries):
            covered[entry.title].append(item)
    return covered


def totals(items: tuple[Global, ...], entries: tuple[Entry, ...] = ENTRIES) -> dict[str, int]:
    """Scanned items per strategy, in STRATEGIES order (each item counted for its first entry)."""
    counts = Counter()
    for item in items:
        found = entries_for(item, entries)
        if found:
            counts[found[0].strategy.name] += 1
    return {s: counts.get(s, 0) for s in STRATEGIES}
