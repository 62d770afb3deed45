"""Keeping each account's router, credentials and settings in step with the database.

Three ways a runtime meets the database:
- **build**, on an account's first request in this process: its models, credentials, router
  settings and general settings, read in its tenant scope (the guard confines every query).
- **LiteLLM's reconcile** (`ProxyConfig._add_deployment_locked`: after a model or config write,
  and LiteLLM's periodic poll). In an account's scope it only ever sees that account's rows.
  As platform work (the poll) it reads every account's models at once, so `_add_deployment` /
  `_delete_deployment` are wrapped to hand each live router its own rows and no one else's,
  and each live runtime's credentials and settings are reloaded afterwards.
- **change detection** (`sync_changed`, every ALCHEMI_RUNTIME_SYNC_SECONDS): one query
  fingerprints the models, credentials and settings rows of all live accounts; an account
  whose fingerprint moved is reconciled. This is how a change made by another process (worker
  or replica) reaches this one within seconds, without LiteLLM's full reload.
"""
from __future__ import annotations

import json
import logging
import time
from typing import Any

from alchemi.runtime import registries
from alchemi.runtime.registry import AccountRuntime, RuntimeRegistry, pinned, runtime_account_id
from alchemi.runtime.routers import new_router, proxy_router_options
from alchemi.tenancy.context import system_context, tenant_context

log = logging.getLogger("alchemi.runtime")

# LiteLLM_Config rows whose content lives in a runtime (router) or its settings layer.
SETTINGS_PARAMS = ("router_settings", "general_settings")
NO_ROWS = ("", "", "")

_ORIGINAL: dict[str, Any] = {}
_registry: RuntimeRegistry | None = None


class RuntimeUnavailable(RuntimeError):
    """An account's runtime could not be built (its models could not be read)."""


def _ps():
    from litellm.proxy import proxy_server

    return proxy_server


def registry() -> RuntimeRegistry:
    if _registry is None:
        raise RuntimeError("alchemi.runtime is not installed")
    return _registry


# ---- one account, read in its own scope ---------------------------------------------------
async def load_credentials() -> list:
    ps = _ps()
    rows = await ps.prisma_client.db.litellm_credentialstable.find_many()
    return [ps.proxy_config.decrypt_credentials(row) for row in rows]


def _publish_credentials(runtime: AccountRuntime) -> None:
    """The account's `litellm.credential_list` (per account: alchemi/runtime/registries.py) is what it
    stored; the credential endpoints list and edit it."""
    import litellm

    litellm.credential_list = list(runtime.credentials)


async def load_models() -> list | None:
    """The account's model rows; None when the read failed (never 'all deleted')."""
    ps = _ps()
    rows = await ps.proxy_config._get_models_from_db(prisma_client=ps.prisma_client)
    return None if rows is None else list(rows)


async def load_general_settings() -> dict:
    ps = _ps()
    row = await ps.prisma_client.db.litellm_config.find_unique(where={"param_name": "general_settings"})
    value = getattr(row, "param_value", None)
    if isinstance(value, str):
        value = json.loads(value)
    return dict(value) if isinstance(value, dict) else {}


# ---- every live account, one query, as platform work ----------------------------------------
_FINGERPRINT_SQL = """
SELECT account_id, 'models' AS part,
       md5(string_agg(model_id || ':' || model_name || ':' || litellm_params::text || ':'
                      || coalesce(model_info::text, '') || ':' || blocked::text, ',' ORDER BY model_id)) AS fp
  FROM "LiteLLM_ProxyModelTable" WHERE account_id = ANY($1::text[]) GROUP BY account_id
UNION ALL
SELECT account_id, 'credentials',
       md5(string_agg(credential_name || ':' || credential_values::text || ':'
                      || coalesce(credential_info::text, ''), ',' ORDER BY credential_name))
  FROM "LiteLLM_CredentialsTable" WHERE account_id = ANY($1::text[]) GROUP BY account_id
UNION ALL
SELECT account_id, 'settings',
       md5(string_agg(param_name || ':' || coalesce(param_value::text, ''), ',' ORDER BY param_name))
  FROM "LiteLLM_Config" WHERE account_id = ANY($1::text[]) AND param_name = ANY($2::text[]) GROUP BY account_id
"""
_PARTS = ("models", "credentials", "settings")


async def fingerprints(account_ids: list[str]) -> dict[str, tuple[str, str, str]]:
    """account -> digest of its (models, credentials, settings) rows; an account with none of
    them maps to NO_ROWS."""
    from alchemi.tenancy.scoping import namespaced

    if not account_ids:
        return {}
    params = [namespaced(a, p) for a in account_ids for p in SETTINGS_PARAMS]  # stored form of the names
    with system_context("fingerprint the rows behind live account runtimes"):
        rows = await _ps().prisma_client.db.query_raw(_FINGERPRINT_SQL, list(account_ids), params)
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        found.setdefault(row["account_id"], {})[row["part"]] = row["fp"] or ""
    return {a: tuple(found.get(a, {}).get(p, "") for p in _PARTS) for a in account_ids}  # type: ignore[misc]


# ---- applying -----------------------------------------------------------------------------
def _settings_layer():
    from alchemi.runtime.general_settings import AccountSettingsDict

    gs = _ps().general_settings
    return gs if isinstance(gs, AccountSettingsDict) else None


async def _apply_router_settings(runtime: AccountRuntime) -> None:
    ps = _ps()
    await ps.proxy_config._add_router_settings_from_db_config(config_data={}, llm_router=runtime.router,
                                                              prisma_client=ps.prisma_client)


async def _load_settings(runtime: AccountRuntime, *, building: bool = False) -> None:
    layer = _settings_layer()
    mark = layer.write_mark() if layer is not None else None
    values = await load_general_settings()
    if layer is not None and (building or registry().peek(runtime.account_id) is runtime):
        layer.load_account(runtime.account_id, values, read_since=mark)
    await _apply_environment()


async def _apply_environment() -> None:
    """The account's stored environment_variables into its own os.environ layer (in its scope:
    alchemi/runtime/environment.py), as LiteLLM's config load would."""
    ps = _ps()
    row = await ps.prisma_client.db.litellm_config.find_unique(where={"param_name": "environment_variables"})
    value = getattr(row, "param_value", None)
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            value = None
    if isinstance(value, dict) and value:
        ps.proxy_config._decrypt_and_set_db_env_variables(environment_variables=value)


def _prune(router: Any, rows: list) -> None:
    """Remove deployments whose rows are gone (an account router holds database models only)."""
    wanted = {str(getattr(r, "model_id", None)) for r in rows}
    for model_id in router.get_model_ids():
        if model_id not in wanted:
            router.delete_deployment(id=model_id)


def _apply_models(runtime: AccountRuntime, rows: list) -> None:
    _prune(runtime.router, rows)
    _ORIGINAL["_add_deployment"](_ps().proxy_config, rows)  # pinned: upserts into runtime.router


async def build(account_id: str) -> AccountRuntime:
    """A new runtime for `account_id`, from what the account stored."""
    started = time.perf_counter()
    ps = _ps()
    runtime = AccountRuntime(account_id)
    with tenant_context(account_id), pinned(runtime):
        runtime.fingerprint = (await fingerprints([account_id]))[account_id]
        runtime.credentials = await load_credentials()
        rows = await load_models()
        if rows is None:
            raise RuntimeUnavailable(f"the models of account {account_id} could not be read")
        model_list = ps.proxy_config.decrypt_model_list_from_db(new_models=rows)
        runtime.router = new_router(model_list, **proxy_router_options())
        _publish_credentials(runtime)
        await _apply_router_settings(runtime)
        await _load_settings(runtime, building=True)
        await registries.load(account_id)
    runtime.build_seconds = time.perf_counter() - started
    return runtime


async def sync(runtime: AccountRuntime, *, models: bool, forget_cached_config: bool = False) -> None:
    """Bring a live runtime in step with the database. With `models`, the caller holds
    MODEL_RECONCILE_LOCK (model reconciles must not interleave: see LiteLLM's add_deployment)."""
    with tenant_context(runtime.account_id), pinned(runtime):
        if forget_cached_config:
            from litellm.proxy.utils import evict_config_param

            for name in (*SETTINGS_PARAMS, "litellm_settings", "environment_variables"):
                await evict_config_param(name)  # this account's entries: the key is per account
        runtime.credentials = await load_credentials()
        _publish_credentials(runtime)
        if models:
            rows = await load_models()
            if rows is not None:
                _apply_models(runtime, rows)
        await _apply_router_settings(runtime)
        await _load_settings(runtime)


async def refresh(runtime: AccountRuntime) -> None:
    """Fill a runtime that was built empty outside a request."""
    try:
        async with _ps().MODEL_RECONCILE_LOCK:
            runtime.fingerprint = (await fingerprints([runtime.account_id]))[runtime.account_id]
            await sync(runtime, models=True)
        runtime.stale = False
    except Exception:
        log.exception("account %s: loading its runtime failed", runtime.account_id)


async def sync_changed() -> list[str]:
    """Reconcile the live runtimes whose rows changed since they last matched; returns them."""
    reg = registry()
    live = reg.live()
    if not live:
        return []
    current = await fingerprints([r.account_id for r in live])
    changed = []
    for runtime in live:
        fingerprint = current[runtime.account_id]
        if fingerprint == runtime.fingerprint or reg.peek(runtime.account_id) is not runtime:
            continue
        async with _ps().MODEL_RECONCILE_LOCK:
            await sync(runtime, models=True, forget_cached_config=True)
        runtime.fingerprint = fingerprint  # read before the sync: a change during it shows next time
        changed.append(runtime.account_id)
    return changed


# ---- LiteLLM's reconcile, per account -------------------------------------------------------
_owner = runtime_account_id  # whose layer / rows: see registry.runtime_account_id


def _partition(rows: list | None) -> dict[str, list]:
    parts: dict[str, list] = {}
    for row in rows or ():
        account_id = getattr(row, "account_id", None)
        if account_id:  # a row of no account is served by no router
            parts.setdefault(account_id, []).append(row)
    return parts


def _add_deployment(self, db_models: list) -> int:
    """Wraps ProxyConfig._add_deployment: rows reach only their own account's router."""
    original = _ORIGINAL["_add_deployment"]
    owner = _owner()
    if owner is not None:
        return original(self, _partition(db_models).get(owner, []))
    parts, added = _partition(db_models), 0
    for runtime in registry().live():
        rows = parts.get(runtime.account_id)
        if rows:
            with tenant_context(runtime.account_id), pinned(runtime):
                added += original(self, rows)
    return added


async def _delete_deployment(self, db_models: list) -> frozenset[str] | None:
    """Wraps ProxyConfig._delete_deployment: each router is pruned against its own rows only."""
    owner = _owner()
    if owner is not None:
        return await _ORIGINAL["_delete_deployment"](self, _partition(db_models).get(owner, []))
    parts = _partition(db_models)
    for runtime in registry().live():
        with tenant_context(runtime.account_id), pinned(runtime):
            _prune(runtime.router, parts.get(runtime.account_id, []))
    return frozenset(str(getattr(r, "model_id", None)) for r in db_models or ())


async def _add_deployment_locked(self, prisma_client: Any, proxy_logging_obj: Any) -> Any:
    """Wraps ProxyConfig._add_deployment_locked (every model/config reconcile, under
    MODEL_RECONCILE_LOCK): an account's reconcile first reloads its credentials and ends with
    its stored general settings; platform work (the poll) then refreshes every live runtime's
    credentials and settings (their models were reconciled by the wraps above)."""
    original = _ORIGINAL["_add_deployment_locked"]
    owner = _owner()
    if owner is not None:
        runtime = registry().peek(owner)
        if runtime is not None:
            runtime.credentials = await load_credentials()
        outcome = await original(self, prisma_client=prisma_client, proxy_logging_obj=proxy_logging_obj)
        if runtime is not None:
            await _load_settings(runtime)
        return outcome
    outcome = await original(self, prisma_client=prisma_client, proxy_logging_obj=proxy_logging_obj)
    for runtime in registry().live():
        try:
            await sync(runtime, models=False)
        except Exception:
            log.exception("account %s: refreshing its runtime after LiteLLM's reconcile failed", runtime.account_id)
    return outcome


def install(reg: RuntimeRegistry) -> None:
    """Wrap ProxyConfig's reconcile methods (idempotent)."""
    global _registry
    _registry = reg
    from litellm.proxy.proxy_server import ProxyConfig

    for name, wrapper in (("_add_deployment", _add_deployment), ("_delete_deployment", _delete_deployment),
                          ("_add_deployment_locked", _add_deployment_locked)):
        current = getattr(ProxyConfig, name)
        if getattr(current, "_alchemi_runtime", False):
            continue
        _ORIGINAL[name] = current
        wrapper._alchemi_runtime = True  # type: ignore[attr-defined]
        setattr(ProxyConfig, name, wrapper)
