"""Every LiteLLM internal the per-account runtime touches, declared with its contract.

Same `Seam` type and checks as alchemi/seams.py; `alchemi.runtime.install.install()` verifies
these at boot. docs/runtime.md ("Seams") carries the CUSTOMIZATIONS.md row for each.
"""
from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

from alchemi.seamlib import Seam
from alchemi.seamlib import has_attrs as _has_attrs
from alchemi.seamlib import source_mentions
from alchemi.seamlib import is_callable_with as _is_callable_with

PROXY = "litellm.proxy.proxy_server"


def _all(*checks: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        return next((p for c in checks if (p := c(obj))), None)
    return check


def _coroutine(obj: Any) -> str | None:
    return None if inspect.iscoroutinefunction(obj) else "is not a coroutine function"


def _not_coroutine(obj: Any) -> str | None:
    return "is a coroutine function; we call it synchronously" if inspect.iscoroutinefunction(obj) else None


def _router_or_none(obj: Any) -> str | None:
    import litellm

    return None if obj is None or isinstance(obj, litellm.Router) else f"is {type(obj).__name__}, expected Router"


ROUTER_CALLBACK_METHODS = ("deployment_callback_on_success", "sync_deployment_callback_on_success",
                           "async_deployment_callback_on_failure", "deployment_callback_on_failure")

LLM_ROUTER = Seam(
    name="proxy_server.llm_router", target=f"{PROXY}:llm_router", kind="replace",
    contract=("Module global holding the proxy's one Router, read inside functions (`from proxy_server import "
              "llm_router`, `global llm_router`) and never captured at import. Replaced at install by a "
              "RouterDispatcher that forwards every attribute to the router of the account in scope and reports "
              "litellm.Router as its class; `_update_llm_router` only builds a Router while it is None, so it "
              "never replaces ours."),
    check=_router_or_none)

LLM_MODEL_LIST = Seam(
    name="proxy_server.llm_model_list", target=f"{PROXY}:llm_model_list", kind="replace",
    contract=("Module global reassigned after every reconcile as `llm_router.get_model_list()` (proxy_server "
              "_update_llm_router, registry_read_through) and read by /model/info, /model_group/info, auth and "
              "health checks. The dispatcher's argument-less get_model_list() returns an AccountModelList, so "
              "the global is always a live view of the current account's deployments."),
    check=lambda obj: None if obj is None or isinstance(obj, list) else f"is {type(obj).__name__}, expected list")

GENERAL_SETTINGS = Seam(
    name="proxy_server.general_settings", target=f"{PROXY}:general_settings", kind="replace",
    contract=("Module global dict, assigned only during start-up (config file, worker config) and read inside "
              "functions everywhere. Replaced after start-up by AccountSettingsDict: the platform values under "
              "the current account's own layer (its stored LiteLLM_Config general_settings and its in-memory "
              "writes)."),
    check=lambda obj: None if isinstance(obj, dict) else f"is {type(obj).__name__}, expected dict")

UPDATE_LLM_ROUTER = Seam(
    name="ProxyConfig._update_llm_router", target=f"{PROXY}:ProxyConfig._update_llm_router", kind="read",
    contract=("Builds a Router only while `llm_router is None` (never, with our dispatcher installed), reconciles "
              "through _delete_deployment/_add_deployment, then assigns `llm_model_list = llm_router.get_model_list()`"
              " (the call our dispatcher answers with the per-account view)."),
    check=source_mentions("llm_router is None", "_delete_deployment(", "_add_deployment(",
                           "llm_model_list = llm_router.get_model_list()"))

ADD_DEPLOYMENT = Seam(
    name="ProxyConfig._add_deployment", target=f"{PROXY}:ProxyConfig._add_deployment", kind="wrap",
    contract=("Upserts database model rows into `llm_router` (synchronously). Wrapped so rows reach only their "
              "own account's router: in an account's scope only its rows; as platform work each live router gets "
              "its own partition (the read-through path and the poll pass rows of many accounts)."),
    check=_all(_is_callable_with("self", "db_models"), _not_coroutine))

DELETE_DEPLOYMENT = Seam(
    name="ProxyConfig._delete_deployment", target=f"{PROXY}:ProxyConfig._delete_deployment", kind="wrap",
    contract=("Removes from `llm_router` every deployment missing from the full list of rows it is given. Wrapped "
              "so each router is pruned against its own account's rows; as platform work every live router is "
              "pruned against its partition (returns the frozenset of ids that should be served)."),
    check=_all(_is_callable_with("self", "db_models"), _coroutine))

ADD_DEPLOYMENT_LOCKED = Seam(
    name="ProxyConfig._add_deployment_locked", target=f"{PROXY}:ProxyConfig._add_deployment_locked", kind="wrap",
    contract=("The body of every model/config reconcile (add_deployment, clear_cache), run under "
              "MODEL_RECONCILE_LOCK. Wrapped so an account's reconcile reloads its credentials first and its "
              "stored general_settings last, and platform work (the poll) refreshes every live runtime after."),
    check=_all(_is_callable_with("self", "prisma_client", "proxy_logging_obj"), _coroutine))

GET_MODELS_FROM_DB = Seam(
    name="ProxyConfig._get_models_from_db", target=f"{PROXY}:ProxyConfig._get_models_from_db", kind="read",
    contract=("Reads every LiteLLM_ProxyModelTable row (writer-pinned), None on failure. Called in an account's "
              "scope to build or reconcile its router; the tenant guard confines it to the account's rows."),
    check=_all(_is_callable_with("self", "prisma_client"), _coroutine))

DECRYPT_MODEL_LIST = Seam(
    name="ProxyConfig.decrypt_model_list_from_db", target=f"{PROXY}:ProxyConfig.decrypt_model_list_from_db",
    kind="read",
    contract="Turns model rows into the decrypted deployment dicts a Router is built from, as LiteLLM does.",
    check=_is_callable_with("self", "new_models"))

DECRYPT_CREDENTIALS = Seam(
    name="ProxyConfig.decrypt_credentials", target=f"{PROXY}:ProxyConfig.decrypt_credentials", kind="read",
    contract="Turns a LiteLLM_CredentialsTable row into a decrypted CredentialItem, as get_credentials does.",
    check=_is_callable_with("self", "credential"))

ROUTER_SETTINGS_FROM_DB = Seam(
    name="ProxyConfig._add_router_settings_from_db_config",
    target=f"{PROXY}:ProxyConfig._add_router_settings_from_db_config", kind="read",
    contract=("Reads the `router_settings` LiteLLM_Config row and applies it with Router.update_settings. Called "
              "with an account's router, in its scope, so the guard reads that account's row."),
    check=_all(_is_callable_with("self", "config_data", "llm_router", "prisma_client"), _coroutine))

RECONCILE_LOCK = Seam(
    name="proxy_server.MODEL_RECONCILE_LOCK", target=f"{PROXY}:MODEL_RECONCILE_LOCK", kind="read",
    contract=("Serializes model reconciles (a stale snapshot would evict a model just added). Our change-detection "
              "reconcile takes it too."),
    check=lambda obj: None if isinstance(obj, asyncio.Lock) else f"is {type(obj).__name__}, expected asyncio.Lock")

FALLBACK_ACCESS_CHECK = Seam(
    name="proxy_server.router_fallback_access_check", target=f"{PROXY}:router_fallback_access_check",
    kind="read", contract="Passed to every account router as LiteLLM passes it to its own (fallback_access_check).",
    check=lambda obj: None if callable(obj) else "is not callable")

AUTO_ROUTER_LIMIT = Seam(
    name="proxy_server._license_check.auto_router_capability_limit",
    target=f"{PROXY}:_license_check.auto_router_capability_limit", kind="read",
    contract="Passed to every account router as LiteLLM passes it to its own (auto_router_capability_limit).",
    check=lambda obj: None if callable(obj) else "is not callable")

ROUTER = Seam(
    name="router.Router", target="litellm.router:Router", kind="read",
    contract=("Router.__init__ appends four bound methods (usage tracking, cooldowns) to litellm's global "
              "callback lists; discard() removes them. We take them off after building each account router and "
              "register one shared forwarder instead (MAX_CALLBACKS caps each list at 100). We also rely on "
              "has_model_id, get_model_ids, delete_deployment, get_model_list and update_settings."),
    check=_has_attrs(*ROUTER_CALLBACK_METHODS, "discard", "has_model_id", "get_model_ids", "delete_deployment",
                     "get_model_list", "update_settings"))

REMOVE_CALLBACK_BY_OBJECT = Seam(
    name="LoggingCallbackManager.remove_callback_from_list_by_object",
    target="litellm.litellm_core_utils.logging_callback_manager:LoggingCallbackManager."
           "remove_callback_from_list_by_object", kind="read",
    contract="Removes from a callback list the bound methods of one object; used to detach a router's callbacks.",
    check=_is_callable_with("self", "callback_list", "obj"))

FIND_CREDENTIAL = Seam(
    name="CredentialAccessor.find_credential",
    target="litellm.litellm_core_utils.credential_accessor:CredentialAccessor.find_credential", kind="replace",
    contract=("Resolves `litellm_credential_name` at call time (load_credentials_from_list, router pass-through) "
              "from the global litellm.credential_list, by name. Replaced: the pinned or in-scope account's "
              "runtime credentials; an account without a runtime gets none; platform work keeps the original."),
    check=_is_callable_with("credential_name"))

CONFIG_CACHE_KEY = Seam(
    name="utils._config_cache_key", target="litellm.proxy.utils:_config_cache_key", kind="replace",
    contract=("Builds the litellm_config_cache key of a LiteLLM_Config read from param_name alone, so one "
              "account's cached router_settings/general_settings would be served to another for 60 s. Replaced: "
              "the key carries the account in scope."),
    check=_is_callable_with("param_name"))

EVICT_CONFIG_PARAM = Seam(
    name="utils.evict_config_param", target="litellm.proxy.utils:evict_config_param", kind="read",
    contract="Evicts one cached config param (for the account in scope); called when another process changed it.",
    check=_all(_is_callable_with("param_name"), _coroutine))

READ_THROUGH = Seam(
    name="registry_read_through._resync_model_deployments",
    target="litellm.proxy.common_utils.registry_read_through:_resync_model_deployments", kind="read",
    contract=("On model-not-found, re-reads rows by name and inserts them with ProxyConfig._add_deployment after "
              "get_credentials: the path that put account A's model in account B's router before our wrap. We rely "
              "on it going through _add_deployment (confined) and the tenant guard (rows of the caller's account)."),
    check=source_mentions("_add_deployment(", "get_credentials("))

APP_USER_MIDDLEWARE = Seam(
    name="proxy_server.app.user_middleware", target=f"{PROXY}:app.user_middleware", kind="extend",
    contract=("Starlette's list of user middleware, outermost first, turned into the stack on the first request. "
              "We insert RuntimeMiddleware directly inside the tenant middleware: the account is set, and its runtime "
              "is live before LiteLLM's own middlewares (request size limit, ...) read general_settings."),
    check=lambda obj: None if isinstance(obj, list) else f"is {type(obj).__name__}, expected list")

def _instance_of(cls_name: str) -> Callable[[Any], str | None]:
    """A plain instance (state in __dict__) of the named class: adopt() can swap its class."""
    def check(obj: Any) -> str | None:
        if cls_name not in {c.__name__ for c in type(obj).__mro__}:
            return f"is {type(obj).__name__}, expected {cls_name}"
        return None if hasattr(obj, "__dict__") else f"{type(obj).__name__} keeps no instance __dict__"
    return check


def _builds_without_arguments(obj: Any) -> str | None:
    """A class (or a getter of a singleton) the per-account factory can call with no arguments."""
    try:
        instance = obj()
    except TypeError as e:
        return f"cannot be called without arguments: {e}"
    return None if hasattr(instance, "__dict__") else f"{type(instance).__name__} keeps no instance __dict__"


_REGISTRY_CONTRACT = ("Module-level registry singleton, imported by name elsewhere and filled by "
                      "ProxyConfig._init_non_llm_objects_in_db. Adopted in place (alchemi/runtime/account_local.py): "
                      "its class is swapped for a subclass whose attribute reads and writes go to the instance of the "
                      "account in scope, made with the class's no-argument constructor; isinstance and identity hold.")

REGISTRY_SINGLETONS = tuple(
    Seam(name=f"registry.{name}", target=target, kind="replace", contract=_REGISTRY_CONTRACT, check=check)
    for name, target, check in (
        ("guardrails", "litellm.proxy.guardrails.guardrail_registry:IN_MEMORY_GUARDRAIL_HANDLER",
         _instance_of("InMemoryGuardrailHandler")),
        ("policies", "litellm.proxy.policy_engine.policy_registry:get_policy_registry", _builds_without_arguments),
        ("policy_attachments", "litellm.proxy.policy_engine.attachment_registry:get_attachment_registry",
         _builds_without_arguments),
        ("mcp_servers", "litellm.proxy._experimental.mcp_server.mcp_server_manager:global_mcp_server_manager",
         _instance_of("MCPServerManager")),
        ("agents", "litellm.proxy.agent_endpoints.agent_registry:global_agent_registry", _instance_of("AgentRegistry")),
        ("agent_search", "litellm.proxy.agent_endpoints.agent_search:global_agent_search_index",
         _instance_of("AgentSearchIndex")),
        ("mcp_tools", "litellm.proxy._experimental.mcp_server.tool_registry:global_mcp_tool_registry",
         _instance_of("MCPToolRegistry")),
        ("mcp_tool_search", "litellm.proxy._experimental.mcp_server.tool_search:global_mcp_tool_search_index",
         _instance_of("SemanticTextIndex")),
        ("search_tools", "litellm.proxy.search_endpoints.search_tool_management:SEARCH_TOOL_REGISTRY",
         _instance_of("SearchToolRegistry")),
        ("prompts", "litellm.proxy.prompts.prompt_registry:IN_MEMORY_PROMPT_REGISTRY",
         _instance_of("InMemoryPromptRegistry")),
        ("tool_policies", "litellm.proxy.db.tool_registry_writer:get_tool_policy_registry", _builds_without_arguments),
        ("vector_stores", "litellm.vector_stores.vector_store_registry:VectorStoreRegistry", _builds_without_arguments),
        ("vector_store_indexes", "litellm.vector_stores.vector_store_registry:VectorStoreIndexRegistry",
         _builds_without_arguments),
    ))

# What _init_non_llm_objects_in_db calls: our build loaders (registries.BUILD_LOADERS), the safe settings
# overrides, and the settings loaders that run with the account's reconcile and LiteLLM's poll only.
NON_LLM_LOADERS_NOT_AT_BUILD = frozenset({
    "_check_and_reload_anthropic_beta_headers", "_init_cyberark_config_override", "_init_hashicorp_vault_config_override",
    "_init_semantic_filter_settings_in_db", "_init_sso_settings_in_db", "_should_load_db_object"})


def _known_loaders(obj: Any) -> str | None:
    import re

    from alchemi.runtime.registries import BUILD_LOADERS

    obj = getattr(obj, "_alchemi_replaces", obj)  # after install: the original LiteLLM loader we wrap
    called = set(re.findall(r"self\.(_[a-z_]+)\(", inspect.getsource(obj)))
    known = {m for _, m, _ in BUILD_LOADERS} | {"_apply_safe_litellm_settings_overrides_from_db"}
    known |= NON_LLM_LOADERS_NOT_AT_BUILD
    unknown, gone = called - known, known - called
    if unknown or gone:
        return f"loaders changed: new {sorted(unknown)}, gone {sorted(gone)} (see alchemi/runtime/registries.py)"
    return None


INIT_NON_LLM_OBJECTS = Seam(
    name="ProxyConfig._init_non_llm_objects_in_db", target=f"{PROXY}:ProxyConfig._init_non_llm_objects_in_db",
    kind="wrap",
    contract=("Loads guardrails, policies, vector stores, MCP servers, agents, pass-through endpoints, prompts, search "
              "tools, tool policies and the safe litellm_settings overrides from the database into the registries; "
              "run by start-up, the 30 s poll (platform work) and an account's config reconcile. Wrapped: platform "
              "work runs it once per live account in that account's scope (its rows into its own registries); an "
              "account's run is unchanged. When an account's runtime is built we run its registry loaders "
              "(registries.BUILD_LOADERS) concurrently; the check fails when it calls a loader we do not know."),
    check=_all(_is_callable_with("self", "prisma_client"), _coroutine, lambda obj: _known_loaders(obj)))

SAFE_DB_OVERRIDES = Seam(
    name="constants.LITELLM_SETTINGS_SAFE_DB_OVERRIDES", target="litellm.constants:LITELLM_SETTINGS_SAFE_DB_OVERRIDES",
    kind="read",
    contract=("The litellm_settings keys LiteLLM copies from the database onto the litellm module with setattr "
              "(default user/team params, public MCP servers and model groups, cost discounts and margins, ...). "
              "Each becomes a per-account attribute of the litellm module, as does credential_list."),
    check=lambda obj: None if isinstance(obj, (list, tuple)) and "default_internal_user_params" in obj
    else "no longer a list naming default_internal_user_params")

USER_API_KEY_CACHE = Seam(
    name="proxy_server.user_api_key_cache", target=f"{PROXY}:user_api_key_cache", kind="wrap",
    contract=("The auth and management-object cache (memory and Redis), keyed by object id, read by get_team_object "
              "and its siblings before the database. Its class is swapped for a subclass that puts the caller's "
              "account in every key but hashed virtual keys (alchemi/runtime/caches.py)."),
    check=_instance_of("UserApiKeyCache"))

IS_USER_KEY_CACHE_KEY = Seam(
    name="user_api_key_cache.is_user_key_cache_key",
    target="litellm.proxy.common_utils.user_api_key_cache:is_user_key_cache_key", kind="read",
    contract="Recognises hashed virtual keys by their shape; those keys are left unpartitioned.",
    check=_is_callable_with("key"))

REGISTER_MODEL = Seam(
    name="litellm.register_model", target="litellm:register_model", kind="wrap",
    contract=("Registers model info into the process-wide litellm.model_cost; routers register each deployment under "
              "its id. Wrapped: keys first added by an account's registration are recorded so the public cost map "
              "leaves them out."),
    check=_is_callable_with("model_cost"))

PUBLIC_MODEL_COST_MAP = Seam(
    name="public_endpoints.get_litellm_model_cost_map",
    target="litellm.proxy.public_endpoints.public_endpoints:get_litellm_model_cost_map", kind="replace",
    contract=("GET /public/litellm_model_cost_map, unauthenticated, returns litellm.model_cost whole. Its route is "
              "replaced in place by ours, which leaves out every account's deployment entries."),
    check=_coroutine)

GUARDRAIL_INIT = Seam(
    name="CustomGuardrail.__init__", target="litellm.integrations.custom_guardrail:CustomGuardrail.__init__",
    kind="wrap",
    contract=("Every guardrail's constructor (subclasses call it). Wrapped: the guardrail records the account it was "
              "created for, and its class's should_run_guardrail is wrapped (alchemi/runtime/guardrails.py)."),
    check=_is_callable_with("self"))

GUARDRAIL_SHOULD_RUN = Seam(
    name="CustomGuardrail.should_run_guardrail",
    target="litellm.integrations.custom_guardrail:CustomGuardrail.should_run_guardrail", kind="wrap",
    contract=("Asked of every guardrail in litellm.callbacks on every request. Wrapped (here and in subclasses that "
              "override it): False for any account but the guardrail's own."),
    check=_is_callable_with("self", "data", "event_type"))

RESPONSE_CACHE_KEY = Seam(
    name="Cache.get_cache_key", target="litellm.caching.caching:Cache.get_cache_key", kind="wrap",
    contract=("Builds the response-cache key from the request's parameters only. Wrapped: the key carries the "
              "caller's account, so two accounts never share a cached answer."),
    check=_is_callable_with("self"))

def _scripts_namespace_their_keys() -> str | None:
    from litellm.caching.redis_cache import RedisCache

    return source_mentions("check_and_fix_namespace")(RedisCache._register_script_for_current_loop)


INTERNAL_USAGE_CACHE = Seam(
    name="ProxyLogging.internal_usage_cache", target=f"{PROXY}:proxy_logging_obj.internal_usage_cache.dual_cache",
    kind="wrap",
    contract=("The rate limiters' counters (requests, tokens, parallel requests, session budgets, dynamic pools), "
              "keyed by the limited entity's name only. Its memory tier's class is swapped and its Redis tier is "
              "seen through a view, so in an account's scope every key carries the account "
              "(alchemi/runtime/counters.py)."),
    check=_all(_instance_of("DualCache"), _has_attrs("in_memory_cache", "redis_cache")))

SPEND_COUNTER_CACHE = Seam(
    name="proxy_server.spend_counter_cache", target=f"{PROXY}:spend_counter_cache", kind="wrap",
    contract=("Budget counters 'spend:<entity>:<id>', read by auth, written by the spend path and budget resets "
              "(also through .in_memory_cache and .redis_cache directly). End-user, tag and access-group counters "
              "are addressed in an account's scope by their stored, namespaced name (alchemi/runtime/counters.py)."),
    check=_all(_instance_of("DualCache"), _has_attrs("in_memory_cache", "redis_cache")))

REDIS_KEY_CHOKEPOINT = Seam(
    name="RedisCache.check_and_fix_namespace", target="litellm.caching.redis_cache:RedisCache.check_and_fix_namespace",
    kind="wrap",
    contract=("Every RedisCache operation (get, set, increment, batch, pipeline, scripts) runs each key through it. "
              "A counter cache's Redis view overrides it to rewrite the key for the caller's account."),
    check=_all(_is_callable_with("self", "key"), lambda obj: _scripts_namespace_their_keys()))

INIT_CACHE = Seam(
    name="ProxyConfig._init_cache", target=f"{PROXY}:ProxyConfig._init_cache", kind="wrap",
    contract=("Builds litellm.cache from cache params (config file, /cache/settings, the stored cache settings) and "
              "makes a Redis backend the process's usage/coordination Redis. Wrapped: in an account's scope it builds "
              "only the account's own response cache (litellm.cache is a per-account attribute) and never re-points "
              "the shared usage Redis (alchemi/runtime/caches.py)."),
    check=_all(_is_callable_with("self", "cache_params", "enable_redis_auth_cache"),
               source_mentions("litellm.cache = Cache(**cache_params)", "_attach_redis_usage_cache")))

CACHE_PARAMS_EQUAL = Seam(
    name="CacheSettingsManager._cache_params_equal",
    target="litellm.proxy.management_endpoints.cache_settings_endpoints:CacheSettingsManager._cache_params_equal",
    kind="wrap",
    contract=("Compares the process-wide last cache params with the stored ones to skip re-initialising. Wrapped: in "
              "an account's scope it compares with what that account last initialised."),
    check=_is_callable_with("params1", "params2"))

PASS_THROUGH_REGISTRY = Seam(
    name="pass_through_endpoints._registered_pass_through_routes",
    target="litellm.proxy.pass_through_endpoints.pass_through_endpoints:_registered_pass_through_routes",
    kind="replace",
    contract=("Module dict of registered pass-through routes (path, target, headers, auth), read by the route "
              "handlers at request time and looked up as a global by the functions of its module. Replaced by an "
              "AccountDict: each account reads and writes its own entries (alchemi/runtime/pass_through.py)."),
    check=lambda obj: None if isinstance(obj, dict) else f"is {type(obj).__name__}, expected dict")

GET_ROUTES = Seam(
    name="proxy_server.get_routes", target=f"{PROXY}:get_routes", kind="wrap",
    contract=("GET /routes lists every route of the shared app, including every account's pass-through paths. "
              "Ours (first in the route list) calls it and leaves out other accounts' pass-through paths."),
    check=_all(_coroutine, _is_callable_with()))

SAFE_ADD_CALLBACK = Seam(
    name="LoggingCallbackManager._safe_add_callback_to_list",
    target="litellm.litellm_core_utils.logging_callback_manager:LoggingCallbackManager._safe_add_callback_to_list",
    kind="wrap",
    contract=("Every add to litellm's callback lists goes through it. Wrapped: a CustomLogger added in an account's "
              "scope is confined to that account's events (alchemi/runtime/loggers.py)."),
    check=_is_callable_with("self", "callback", "parent_list"))

CUSTOM_LOGGER_EVENTS = Seam(
    name="CustomLogger.async_log_success_event", target="litellm.integrations.custom_logger:CustomLogger."
    "async_log_success_event", kind="read",
    contract=("The observe-only event methods of CustomLogger (success, failure, stream, pre/post API call, "
              "fallback, rate-limit events) return nothing; confined loggers shadow them on the instance."),
    check=_is_callable_with("self", "kwargs", "response_obj", "start_time", "end_time"))

LOGGER_DEDUP_KEY = Seam(
    name="LoggingCallbackManager._get_custom_logger_key",
    target="litellm.litellm_core_utils.logging_callback_manager:LoggingCallbackManager._get_custom_logger_key",
    kind="wrap",
    contract=("The de-duplication key of a CustomLogger added to a callback list (class name and public plain "
              "attributes). Wrapped: a confined logger's key carries its account, so one account's logger is never "
              "refused as a duplicate of another account's identical one."),
    check=_is_callable_with("self", "custom_logger"))

REMOVE_CALLBACKS_BY_TYPE = Seam(
    name="LoggingCallbackManager.remove_callbacks_by_type",
    target="litellm.litellm_core_utils.logging_callback_manager:LoggingCallbackManager.remove_callbacks_by_type",
    kind="wrap",
    contract=("Removes every logger of a type from a callback list (the semantic filter's reload). Wrapped: in an "
              "account's scope only that account's loggers of the type are removed (alchemi/runtime/loggers.py)."),
    check=_is_callable_with("self", "callback_list", "callback_type"))

ALERTING_ATTRIBUTES = Seam(
    name="ProxyLogging alerting attributes", target=f"{PROXY}:proxy_logging_obj", kind="wrap",
    contract=("ProxyLogging.update_values copies general_settings' alerting into alerting, alerting_threshold, "
              "alert_types, alert_to_webhook_url and slack_alerting_instance; the alert paths read them from "
              "self. Those attributes (and deprecation_check_started) become per account "
              "(alchemi/runtime/alerting.py)."),
    check=_all(_instance_of("ProxyLogging"),
               _has_attrs("alerting", "alerting_threshold", "alert_types", "alert_to_webhook_url",
                          "slack_alerting_instance", "deprecation_check_started"),
               lambda obj: _is_callable_with("alerting", "alerting_threshold", "alert_types",
                                             "alert_to_webhook_url")(type(obj).update_values)))

DECRYPT_AND_SET_ENV = Seam(
    name="ProxyConfig._decrypt_and_set_db_env_variables",
    target=f"{PROXY}:ProxyConfig._decrypt_and_set_db_env_variables", kind="read",
    contract=("Decrypts stored environment variables and writes each with os.environ[k] = v. We call it in an "
              "account's scope when its runtime is built, so its variables land in its own os.environ layer "
              "(os.environ's class is swapped: alchemi/runtime/environment.py)."),
    check=_is_callable_with("self", "environment_variables"))

PLATFORM_JOBS = tuple(
    Seam(name=f"jobs.{cls}.{method}", target=f"{module}:{cls}.{method}", kind="wrap",
         contract=("A scheduled spend report or export that reads every account's spend through raw SQL and sends it "
                   "to one destination. Wrapped: it runs only in an account's scope (its views confine the SQL); a "
                   "run as platform work is skipped (alchemi/runtime/platform_jobs.py)."),
         check=_coroutine)
    for module, cls, method in (
        ("litellm.integrations.SlackAlerting.slack_alerting", "SlackAlerting", "send_weekly_spend_report"),
        ("litellm.integrations.SlackAlerting.slack_alerting", "SlackAlerting", "send_monthly_spend_report"),
        ("litellm.integrations.SlackAlerting.slack_alerting", "SlackAlerting", "send_user_spend_alerts"),
        ("litellm.integrations.cloudzero.cloudzero", "CloudZeroLogger", "initialize_cloudzero_export_job"),
        ("litellm.integrations.focus.focus_logger", "FocusLogger", "initialize_focus_export_job"),
        ("litellm.integrations.vantage.vantage_logger", "VantageLogger", "initialize_focus_export_job"),
        ("litellm.integrations.mavvrik_focus.mavvrik_focus_logger", "MavvrikFocusLogger",
         "initialize_mavvrik_focus_export_job"),
    ))

RESCHEDULE_CLEANUP = Seam(
    name="ProxyConfig._reschedule_spend_log_cleanup_job",
    target=f"{PROXY}:ProxyConfig._reschedule_spend_log_cleanup_job", kind="wrap",
    contract=("Reschedules the spend-log retention job from general_settings; run after a settings change. "
              "Wrapped: ignored in an account's scope, so only the platform's retention settings schedule the "
              "job that deletes every account's expired rows (alchemi/runtime/platform_jobs.py)."),
    check=_all(_coroutine, _is_callable_with("self")))

UPDATE_GENERAL_SETTINGS = Seam(
    name="ProxyConfig._update_general_settings", target=f"{PROXY}:ProxyConfig._update_general_settings",
    kind="wrap",
    contract=("Copies stored general_settings into general_settings and into process-wide switches "
              "(store_model_in_db, the auth cache's in-memory size); run in an account's scope by its reconcile. "
              "Wrapped: in an account's scope those switches are put back to the platform's values "
              "(alchemi/runtime/platform_switches.py)."),
    check=_all(_coroutine, _is_callable_with("self", "db_general_settings"),
               source_mentions("store_model_in_db = ", "update_in_memory_max_size")))

PLUGIN_REGISTRY = Seam(
    name="plugin_routes._plugin_registry", target="litellm.proxy.plugin_routes:_plugin_registry", kind="replace",
    contract=("Module dict of UI plugins (name, url, plugin credential) that register_plugins_from_config rebuilds "
              "from general_settings (clear + update) and the plugin routes read as a global at call time. Replaced "
              "by an AccountDict: each account's settings fill and read its own (alchemi/runtime/registries.py)."),
    check=lambda obj: None if isinstance(obj, dict) else f"is {type(obj).__name__}, expected dict")

READ_THROUGH_BUDGET = Seam(
    name="RegistryReadThrough", target="litellm.proxy.common_utils.registry_read_through:RegistryReadThrough",
    kind="wrap",
    contract=("The model, guardrail and agent read-throughs: a negative cache (_recent_misses, an InMemoryCache) and a "
              "resync budget checked synchronously by _consume_resync_budget on two slots. Their class is swapped for "
              "a slot-compatible subclass that runs the check on the account's own window, and the negative cache is "
              "partitioned by account (alchemi/runtime/read_through.py)."),
    check=_all(_has_attrs("_consume_resync_budget", "attempt"),
               lambda cls: None if {"_recent_misses", "_window_started_at", "_window_resyncs"} <= set(
                   getattr(cls, "__slots__", ())) else "no longer keeps its misses and window in slots",
               lambda cls: _not_coroutine(cls._consume_resync_budget)))

GATEWAY_REQUEST_ACCUMULATOR = Seam(
    name="proxy_server.gateway_request_accumulator", target=f"{PROXY}:gateway_request_accumulator", kind="wrap",
    contract=("The billable-request middleware's sink: record(category=, route=, status_code=) folds each answered "
              "request by (date, category, route); a system job flushes it with a raw upsert on that key. Its class "
              "is swapped: in an account's scope the route is recorded namespaced, '<account>::<route>', and a trigger "
              "stamps the row's account (alchemi/runtime/gateway_requests.py)."),
    check=_all(_instance_of("GatewayRequestAccumulator"),
               lambda obj: _is_callable_with("category", "route", "status_code")(type(obj).record)))

PROXY_STATE_GET = Seam(
    name="ProxyState.get_proxy_state_variable",
    target="litellm.proxy.common_utils.proxy_state:ProxyState.get_proxy_state_variable", kind="wrap",
    contract=("Synchronous read of the process-wide proxy_state; 'spend_logs_row_count' (a platform-wide estimate) "
              "feeds /sso/get/ui_settings. Wrapped: in an account's scope that variable is the account's own "
              "capped count, refreshed in the background (alchemi/runtime/spend_log_count.py)."),
    check=_all(_not_coroutine, _is_callable_with("self", "variable_name")))

PROXY_CONFIG_STATE = Seam(
    name="proxy_server.proxy_config state", target=f"{PROXY}:proxy_config", kind="wrap",
    contract=("ProxyConfig keeps the config its last get_config loaded (update_config_state sets self.config; read by "
              "/guardrails/list, the search-tool parser and the coordination settings) and change-detection state of "
              "the secret-manager overrides and the semantic filter. Those attributes become per account "
              "(alchemi/runtime/registries.py PROXY_CONFIG_ATTRS); the rest of the object stays shared."),
    check=_all(_instance_of("ProxyConfig"),
               _has_attrs("config", "_last_hashicorp_vault_config", "_last_cyberark_config", "_cyberark_boot_env",
                          "_last_semantic_filter_config"),
               lambda obj: source_mentions("self.config = config")(type(obj).update_config_state)))

SEAMS: tuple[Seam, ...] = (
    LLM_ROUTER, LLM_MODEL_LIST, GENERAL_SETTINGS, UPDATE_LLM_ROUTER, ADD_DEPLOYMENT, DELETE_DEPLOYMENT, ADD_DEPLOYMENT_LOCKED,
    GET_MODELS_FROM_DB, DECRYPT_MODEL_LIST, DECRYPT_CREDENTIALS, ROUTER_SETTINGS_FROM_DB, RECONCILE_LOCK,
    FALLBACK_ACCESS_CHECK, AUTO_ROUTER_LIMIT, ROUTER, REMOVE_CALLBACK_BY_OBJECT, FIND_CREDENTIAL, CONFIG_CACHE_KEY,
    EVICT_CONFIG_PARAM, READ_THROUGH, APP_USER_MIDDLEWARE, *REGISTRY_SINGLETONS, INIT_NON_LLM_OBJECTS,
    SAFE_DB_OVERRIDES, USER_API_KEY_CACHE, IS_USER_KEY_CACHE_KEY, REGISTER_MODEL, PUBLIC_MODEL_COST_MAP,
    GUARDRAIL_INIT, GUARDRAIL_SHOULD_RUN, RESPONSE_CACHE_KEY, INIT_CACHE, CACHE_PARAMS_EQUAL, INTERNAL_USAGE_CACHE, SPEND_COUNTER_CACHE,
    REDIS_KEY_CHOKEPOINT, PASS_THROUGH_REGISTRY, GET_ROUTES,
    SAFE_ADD_CALLBACK, CUSTOM_LOGGER_EVENTS, LOGGER_DEDUP_KEY, REMOVE_CALLBACKS_BY_TYPE, ALERTING_ATTRIBUTES, DECRYPT_AND_SET_ENV,
    *PLATFORM_JOBS, RESCHEDULE_CLEANUP, UPDATE_GENERAL_SETTINGS, PLUGIN_REGISTRY, READ_THROUGH_BUDGET,
    GATEWAY_REQUEST_ACCUMULATOR, PROXY_STATE_GET, PROXY_CONFIG_STATE,
)
