"""The one data chokepoint: every query LiteLLM sends through prisma-client-py is confined
to the account in scope.

Two methods of the generated client carry every query: `Prisma._execute` (model actions and
raw SQL, also inside `tx()`, whose client is a copy of the same class) and `Batch._add`
(`batch_()`). Both are wrapped:
- model actions on scoped models: arguments rewritten by `scoping.scope_arguments`, results
  cleaned by `scoping.unscope_result`; with no scope at all the query is refused
  (TenancyError), never answered with every account's rows; system scope passes through.
- raw SQL in an account's scope runs in a transaction whose `search_path` puts the
  `alchemi_tenant` schema first: its views show each scoped table filtered to
  `current_setting('alchemi.account_id')` (see alchemi/tenancy/views.py), so LiteLLM's
  hand-written SQL reads and writes only that account's rows;
- writes in an account's scope are refused when they name another account's objects
  (`references.py`: foreign keys and declared references, looked up before the write; a
  batch's before its commit), and a unique-constraint failure on a created row becomes
  `IdNotAvailable` (409, no hint of where the value is used).
"""
from __future__ import annotations

import logging
from typing import Any

from prisma.errors import UniqueViolationError

from alchemi.tenancy import references
from alchemi.tenancy.context import Scope, TenancyError, current_scope
from alchemi.tenancy.refusals import IdNotAvailable
from alchemi.tenancy.scoping import UNIQUE_AS_FIRST, Policy, has_taken_field, scope_arguments, unscope_result

log = logging.getLogger("alchemi.tenancy")

RAW_METHODS = frozenset({"query_raw", "execute_raw"})
TENANT_SCHEMA = "alchemi_tenant"
_ENTER_TENANT_SQL = ("SELECT set_config('alchemi.account_id', $1, true)::text AS account, "
                     f"set_config('search_path', '{TENANT_SCHEMA}, public', true)::text AS path")

_policy: Policy | None = None
_checker: references.Checker | None = None
_CREATING = frozenset({"create", "create_many", "upsert"})
# Models whose results can carry a namespaced key (their own, or in an included relation):
# only their results are walked to strip prefixes.
_carry_keys: frozenset[str] = frozenset()


def _models_carrying_keys(pol: Policy) -> frozenset[str]:
    carry = {m for m, fields in pol.key_fields.items() if fields} | {m for m, f in pol.taken_fields.items() if f}
    changed = True
    while changed:
        more = {m for m, rels in pol.relations.items() if m not in carry and carry & set(rels.values())}
        carry |= more
        changed = bool(more)
    return frozenset(carry)


def policy() -> Policy:
    if _policy is None:
        raise TenancyError("the tenant guard is not installed")
    return _policy


def _model_name(model: Any) -> str | None:
    return getattr(model, "__name__", None) if model is not None else None


def _scoped_arguments(scope: Scope | None, method: str, model_name: str | None, arguments: dict) -> dict:
    pol = policy()
    if model_name is None:
        return arguments
    if scope is None:
        if model_name in pol.scoped:
            raise TenancyError(f"{method} on {model_name} with no account in scope")
        return arguments
    if scope.system:
        return arguments
    return scope_arguments(pol, method, model_name, arguments, scope.account_id)


def _unscoped_response(scope: Scope | None, model_name: str | None, response: Any) -> Any:
    if scope is None or scope.system or model_name is None:
        return response
    if model_name not in _carry_keys:
        return response
    pol = policy()
    try:
        result = response["data"]["result"]
    except (TypeError, KeyError):
        return response
    response["data"]["result"] = unscope_result(pol, model_name, result, scope.account_id)
    return response


def _references(scope: Scope | None, method: str, model_name: str | None, arguments: dict) -> tuple[list, list]:
    """The references and config ids an account's write names (nothing for other work)."""
    if scope is None or scope.system or model_name is None or method not in references.WRITE_METHODS:
        return [], []
    return references.collect_arguments(references.reference_map(), policy().relations, method, model_name,
                                        arguments)


async def _check_references(client, original, account_id: str, refs: list, ids: list) -> None:
    async def run_sql(query: str, parameters: list) -> list[dict]:
        from prisma._raw_query import deserialize_raw_results

        response = await original(client, method="query_raw",
                                  arguments={"query": query, "parameters": parameters})
        return deserialize_raw_results(response["data"]["result"])

    assert _checker is not None
    await _checker.check(run_sql, account_id, refs, ids)


def _unique_fields(error: UniqueViolationError) -> str:
    text = str(error)
    start, end = text.find("("), text.rfind(")")
    return text[start + 1:end] if 0 <= start < end else "id"


def install(pol: Policy) -> None:
    """Wrap the generated client's chokepoints (idempotent)."""
    global _policy, _carry_keys, _checker
    _policy = pol
    _carry_keys = _models_carrying_keys(pol)
    _checker = references.Checker(pol)
    from prisma import client as generated

    if getattr(generated.Prisma._execute, "_alchemi_guard", False):
        return
    original_execute = generated.Prisma._execute
    original_add = generated.Batch._add
    original_commit = generated.Batch.commit

    async def _execute(self, *, method, arguments, model=None, root_selection=None):
        scope = current_scope()
        if method in RAW_METHODS:
            return await _execute_raw(self, original_execute, scope, method, arguments, model, root_selection)
        name = _model_name(model)
        refs, ids = _references(scope, method, name, arguments)
        if refs or ids:
            await _check_references(self, original_execute, scope.account_id, refs, ids)
        args = _scoped_arguments(scope, method, name, arguments)
        if (method in UNIQUE_AS_FIRST and scope is not None and not scope.system and name is not None
                and has_taken_field(policy(), name, arguments.get("where"))):
            method = UNIQUE_AS_FIRST[method]
        try:
            response = await original_execute(self, method=method, arguments=args, model=model,
                                              root_selection=root_selection)
        except UniqueViolationError as e:
            if scope is None or scope.system or method not in _CREATING or isinstance(e, IdNotAvailable):
                raise
            raise IdNotAvailable(e.data, _unique_fields(e)) from e
        return _unscoped_response(scope, name, response)

    def _add(self, **kwargs):
        scope = current_scope()
        if kwargs.get("method") in RAW_METHODS:
            if scope is None or not scope.system:
                # A batch is one engine request: we cannot enter the tenant schema around it.
                raise TenancyError("raw SQL inside batch_() is only allowed as system work")
            return original_add(self, **kwargs)
        name = _model_name(kwargs.get("model"))
        refs, ids = _references(scope, kwargs.get("method"), name, kwargs.get("arguments") or {})
        if refs or ids:
            # checked when the batch commits (an async lookup cannot run here)
            pending = self.__dict__.setdefault("_alchemi_references", [])
            pending.append((scope.account_id, refs, ids))
        kwargs["arguments"] = _scoped_arguments(scope, kwargs.get("method"), name, kwargs.get("arguments") or {})
        return original_add(self, **kwargs)

    async def commit(self):
        pending = self.__dict__.pop("_alchemi_references", None)
        for account_id, refs, ids in pending or ():
            await _check_references(self._Batch__client, original_execute, account_id, refs, ids)
        return await original_commit(self)

    _execute._alchemi_guard = True  # type: ignore[attr-defined]
    generated.Prisma._execute = _execute
    generated.Batch._add = _add
    generated.Batch.commit = commit


async def _execute_raw(client, original, scope, method, arguments, model, root_selection):
    if scope is not None and scope.system:
        return await original(client, method=method, arguments=arguments, model=model,
                              root_selection=root_selection)
    if scope is None:
        raise TenancyError(f"raw SQL ({method}) with no account in scope")

    async def run(c):
        await original(c, method="query_raw", arguments={"query": _ENTER_TENANT_SQL,
                                                         "parameters": [scope.account_id]})
        return await original(c, method=method, arguments=arguments, model=model, root_selection=root_selection)

    if client._tx_id is not None:  # already in a transaction: set_config(..., true) lasts until it ends
        return await run(client)
    async with client.tx() as tx:
        return await run(tx)
