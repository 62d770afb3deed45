"""How one Prisma query is confined to one account: pure functions over query arguments.

`scope_arguments` returns the arguments LiteLLM passed, rewritten so the query can only see
and write rows of the account in scope:
- every `where` gains `account_id` (top level for where-unique actions, which Prisma 5 allows
  beside the unique field; `AND` for the rest);
- every created row (also nested creates, create_many items and upsert's create) gets
  `account_id`; a write naming another account is refused;
- values of namespaced key fields (e.g. LiteLLM_Config.param_name) are stored as
  "<account_id>::<value>", so each account has its own "general_settings" row while
  LiteLLM's find_unique / upsert on that field keep working; `unscope_result` strips the
  prefix from what the database returns.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from alchemi.tenancy.context import TenancyError

ACCOUNT_FIELD = "account_id"
SEPARATOR = "::"

WHERE_UNIQUE_METHODS = frozenset({"find_unique", "find_unique_or_raise", "update", "delete", "upsert"})
WHERE_METHODS = frozenset({"find_first", "find_first_or_raise", "find_many", "count", "group_by",
                           "update_many", "delete_many"})
# A find_unique on an id prefixed when taken matches two stored forms: run as find_first.
UNIQUE_AS_FIRST = {"find_unique": "find_first", "find_unique_or_raise": "find_first_or_raise"}
_LOGICAL = ("AND", "OR", "NOT")
_RELATION_FILTERS = ("is", "is_not", "some", "every", "none")
_VALUE_FILTERS = ("equals", "not", "in", "not_in")
_NESTED_CREATES = ("create", "create_many", "connect_or_create", "upsert")


@dataclass(frozen=True)
class Policy:
    """What the schema and the tenancy classification say about each model."""

    scoped: frozenset[str]
    key_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    relations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # ids stored plain, or prefixed with the account when another account held them first
    taken_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def namespaced(account_id: str, value: Any) -> Any:
    return f"{account_id}{SEPARATOR}{value}" if isinstance(value, str) else value


def strip_namespace(account_id: str, value: Any) -> Any:
    prefix = f"{account_id}{SEPARATOR}"
    return value[len(prefix):] if isinstance(value, str) and value.startswith(prefix) else value


# ---- where ------------------------------------------------------------------------------------
def _key_value(account_id: str, value: Any) -> Any:
    if isinstance(value, list):
        return [namespaced(account_id, v) for v in value]
    if isinstance(value, dict):
        out = dict(value)
        for op in _VALUE_FILTERS:
            if op in out:
                out[op] = _key_value(account_id, out[op])
        if isinstance(out.get("startswith"), str):
            out["startswith"] = namespaced(account_id, out["startswith"])
        return out
    return namespaced(account_id, value)


def _either_form(account_id: str, value: Any) -> Any:
    """A filter on an id prefixed only when taken: match the plain and the prefixed form."""
    if isinstance(value, str):
        return {"in": [value, namespaced(account_id, value)]}
    if isinstance(value, dict):
        out = dict(value)
        if isinstance(out.get("equals"), str):
            out["in"] = [out.pop("equals"), namespaced(account_id, value["equals"])]
        if isinstance(out.get("in"), list):
            out["in"] = [f for v in out["in"] for f in ((v, namespaced(account_id, v)) if isinstance(v, str) else (v,))]
        return out
    return value


def has_taken_field(policy: Policy, model: str, where: Any) -> bool:
    return isinstance(where, dict) and any(f in where for f in policy.taken_fields.get(model, ()))


def _namespace_where(policy: Policy, model: str, where: Any, account_id: str) -> Any:
    if not isinstance(where, dict):
        return where
    keys = policy.key_fields.get(model, ())
    taken = policy.taken_fields.get(model, ())
    rels = policy.relations.get(model, {})
    out: dict[str, Any] = {}
    for name, value in where.items():
        if name in _LOGICAL:
            items = value if isinstance(value, list) else [value]
            mapped = [_namespace_where(policy, model, v, account_id) for v in items]
            out[name] = mapped if isinstance(value, list) else mapped[0]
        elif name in keys:
            out[name] = _key_value(account_id, value)
        elif name in taken:
            out[name] = _either_form(account_id, value)
        elif name in rels and isinstance(value, dict):
            related = rels[name]
            if any(k in value for k in _RELATION_FILTERS):
                out[name] = {k: (_namespace_where(policy, related, v, account_id) if k in _RELATION_FILTERS else v)
                             for k, v in value.items()}
            else:
                out[name] = _namespace_where(policy, related, value, account_id)
        else:
            out[name] = value
    # compound unique inputs, e.g. {"account_id_email": {"account_id": .., "email": ..}}
    for name, value in list(out.items()):
        if isinstance(value, dict) and "_" in name and name not in rels and name not in keys:
            parts = [p for p in value if p in keys]
            if parts:
                out[name] = {k: (namespaced(account_id, v) if k in keys else v) for k, v in value.items()}
    return out


def _check_account(value: Any, account_id: str, what: str) -> None:
    named = value.get("equals") if isinstance(value, dict) else value
    if named is not None and named != account_id:
        raise TenancyError(f"{what} names another account")


def _unique_where(policy: Policy, model: str, where: Any, account_id: str) -> dict:
    where = _namespace_where(policy, model, where or {}, account_id)
    if ACCOUNT_FIELD in where:
        _check_account(where[ACCOUNT_FIELD], account_id, "where")
    return {**where, ACCOUNT_FIELD: account_id}


def _filter_where(policy: Policy, model: str, where: Any, account_id: str) -> dict:
    if not where:
        return {ACCOUNT_FIELD: account_id}
    return {"AND": [_namespace_where(policy, model, where, account_id), {ACCOUNT_FIELD: account_id}]}


# ---- data -------------------------------------------------------------------------------------
def _scope_data(policy: Policy, model: str, data: Any, account_id: str, *, creating: bool) -> Any:
    if not isinstance(data, dict):
        return data
    scoped = model in policy.scoped
    keys = policy.key_fields.get(model, ())
    rels = policy.relations.get(model, {})
    out: dict[str, Any] = {}
    for name, value in data.items():
        if name == ACCOUNT_FIELD and scoped:
            _check_account(value.get("set") if isinstance(value, dict) and "set" in value else value,
                           account_id, f"data for {model}")
            continue
        if name in keys:
            out[name] = ({**value, "set": namespaced(account_id, value["set"])}
                         if isinstance(value, dict) and "set" in value else namespaced(account_id, value))
        elif name in rels and isinstance(value, dict):
            out[name] = _scope_nested_write(policy, rels[name], value, account_id)
        else:
            out[name] = value
    if scoped and creating:
        out[ACCOUNT_FIELD] = account_id
    return out


def _scope_nested_write(policy: Policy, model: str, write: dict, account_id: str) -> dict:
    out = dict(write)
    for op in _NESTED_CREATES:
        if op not in out:
            continue
        value = out[op]
        if op == "create_many" and isinstance(value, dict):
            out[op] = {**value, "data": [_scope_data(policy, model, d, account_id, creating=True)
                                         for d in value.get("data", [])]}
        elif op in ("connect_or_create", "upsert"):
            items = value if isinstance(value, list) else [value]
            mapped = [{**i, "create": _scope_data(policy, model, i.get("create"), account_id, creating=True)}
                      for i in items]
            out[op] = mapped if isinstance(value, list) else mapped[0]
        else:
            items = value if isinstance(value, list) else [value]
            mapped = [_scope_data(policy, model, i, account_id, creating=True) for i in items]
            out[op] = mapped if isinstance(value, list) else mapped[0]
    for op in ("connect", "disconnect", "set", "delete"):
        if isinstance(out.get(op), (dict, list)):
            items = out[op] if isinstance(out[op], list) else [out[op]]
            mapped = [_unique_where(policy, model, i, account_id) if model in policy.scoped else i
                      for i in items if isinstance(i, dict)]
            out[op] = mapped if isinstance(out[op], list) else mapped[0]
    return out


# ---- entry points -----------------------------------------------------------------------------
def scope_arguments(policy: Policy, method: str, model: str, arguments: dict, account_id: str) -> dict:
    """Arguments for `method` on `model`, confined to `account_id`. Models the policy does not
    scope are returned unchanged except for nested writes into scoped models."""
    args = dict(arguments)
    scoped = model in policy.scoped
    if scoped and method in WHERE_UNIQUE_METHODS and has_taken_field(policy, model, args.get("where")):
        # the guard runs it as find_first (see UNIQUE_AS_FIRST): one row of the account either way
        args["where"] = _filter_where(policy, model, args.get("where"), account_id)
    elif scoped and method in WHERE_UNIQUE_METHODS:
        args["where"] = _unique_where(policy, model, args.get("where"), account_id)
    elif scoped and method in WHERE_METHODS:
        args["where"] = _filter_where(policy, model, args.get("where"), account_id)
    if scoped and args.get("cursor"):
        args["cursor"] = _namespace_where(policy, model, args["cursor"], account_id)
    if method == "create":
        args["data"] = _scope_data(policy, model, args.get("data"), account_id, creating=True)
    elif method == "create_many":
        args["data"] = [_scope_data(policy, model, d, account_id, creating=True) for d in args.get("data") or []]
    elif method in ("update", "update_many"):
        args["data"] = _scope_data(policy, model, args.get("data"), account_id, creating=False)
    elif method == "upsert":
        args["create"] = _scope_data(policy, model, args.get("create"), account_id, creating=True)
        args["update"] = _scope_data(policy, model, args.get("update"), account_id, creating=False)
    return args


def unscope_result(policy: Policy, model: str, result: Any, account_id: str) -> Any:
    """Strip the account's namespace from key fields in a query result (records may nest)."""
    if isinstance(result, list):
        return [unscope_result(policy, model, r, account_id) for r in result]
    if not isinstance(result, dict):
        return result
    keys = policy.key_fields.get(model, ()) + policy.taken_fields.get(model, ())
    rels = policy.relations.get(model, {})
    if not keys and not any(k in rels for k in result):
        return result
    out = dict(result)
    for name in keys:
        if name in out:
            out[name] = strip_namespace(account_id, out[name])
    for name, related in rels.items():
        if out.get(name) is not None:
            out[name] = unscope_result(policy, related, out[name], account_id)
    return out
