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


def _source_mentions(*fragments: str) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        source = inspect.getsource(obj)
        missing = [f for f in fragments if f not in source]
        return f"no longer calls {missing}" if missing else None
    return check


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
    check=_source_mentions("llm_router is None", "_delete_deployment(", "_add_deployment(",
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
    check=_source_mentions("_add_deployment(", "get_credentials("))

APP_USER_MIDDLEWARE = Seam(
    name="proxy_server.app.user_middleware", target=f"{PROXY}:app.user_middleware", kind="extend",
    contract=("Starlette's list of user middleware, outermost first, turned into the stack on the first request. "
              "We insert RuntimeMiddleware directly inside the tenant middleware: the account is set, and its runtime "
              "is live before LiteLLM's own middlewares (request size limit, ...) read general_settings."),
    check=lambda obj: None if isinstance(obj, list) else f"is {type(obj).__name__}, expected list")

SEAMS: tuple[Seam, ...] = (
    LLM_ROUTER, LLM_MODEL_LIST, GENERAL_SETTINGS, UPDATE_LLM_ROUTER, ADD_DEPLOYMENT, DELETE_DEPLOYMENT, ADD_DEPLOYMENT_LOCKED,
    GET_MODELS_FROM_DB, DECRYPT_MODEL_LIST, DECRYPT_CREDENTIALS, ROUTER_SETTINGS_FROM_DB, RECONCILE_LOCK,
    FALLBACK_ACCESS_CHECK, AUTO_ROUTER_LIMIT, ROUTER, REMOVE_CALLBACK_BY_OBJECT, FIND_CREDENTIAL, CONFIG_CACHE_KEY,
    EVICT_CONFIG_PARAM, READ_THROUGH, APP_USER_MIDDLEWARE,
)
