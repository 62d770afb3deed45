"""Which stored values name other objects, and the check that they name the account's own.

The tenant guard stamps every row an account writes, but a row can still *name* another
account's object: a key's `team_id`, an invitation's `user_id`, a grant on an MCP server in
an object permission, a toolset's `server_id`, a public agent list in the stored settings.
LiteLLM then follows that name (auth loads the team, the spend writer charges the user, the
MCP layer opens the server). This module declares every such reference once:

- **foreign keys**, generated from `schema.prisma` (`@relation(fields: [..], references: [..])`);
  the database already refuses a value that names nothing, the check adds "in this account";
- **declared references**: ids LiteLLM keeps without a foreign key, in plain columns, lists
  or JSON (`DECLARED`), each with the reason.

`collect()` walks a write's data (nested creates too) and returns the values that name
something; `Checker` looks them all up in one query and refuses the write (ForeignReference,
a 400 with a message) when a value names another account's object instead of one of the
account's. Positive answers are cached for a short while, so repeated writes cost nothing.

`strict` references also refuse a value that names nothing at all (foreign keys, and ids
LiteLLM needs to exist); the others accept it, as LiteLLM does (a key may name a user that
is created later).
"""
from __future__ import annotations

import functools
import json
import re
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from alchemi.tenancy.refusals import ConfigIdNotAvailable, ForeignReference
from alchemi.tenancy.scoping import SEPARATOR, Policy, namespaced

# A path into a field's value: "*" every item of a list, "@keys" every key of an object,
# any other step the value under that key.
Path = tuple[str, ...]

# What identifies an object of a model when another row names it (any of these fields).
IDENTITY: dict[str, tuple[str, ...]] = {
    "LiteLLM_MCPServerTable": ("server_id", "server_name", "alias"),
    "LiteLLM_AgentsTable": ("agent_id", "agent_name"),
}

WRITE_METHODS = frozenset({"create", "create_many", "update", "update_many", "upsert"})
_NESTED = ("create", "create_many", "connect_or_create", "upsert", "update")


@dataclass(frozen=True)
class Reference:
    model: str                      # the model whose rows hold the value
    field: str                      # its field
    target: str                     # the model the value names
    keys: tuple[str, ...]           # the target's fields the value may match (any)
    path: Path = ()                 # where the value sits inside the field (lists, JSON)
    strict: bool = False            # refuse a value that names nothing either
    when: tuple[str, str] | None = None   # only for rows whose field has this value
    why: str = ""

    @property
    def label(self) -> str:
        return f"{self.field}{''.join('[]' if p == '*' else '{}' if p == '@keys' else f'.{p}' for p in self.path)}"


def _ref(model: str, field: str, target: str, path: Path = (), *, strict: bool = False,
         when: tuple[str, str] | None = None, why: str) -> Reference:
    return Reference(model, field, target, IDENTITY.get(target, (_ID_FIELD[target],)), path, strict, when, why)


_ID_FIELD = {
    "LiteLLM_TeamTable": "team_id", "LiteLLM_UserTable": "user_id", "LiteLLM_AgentsTable": "agent_id",
    "LiteLLM_MCPServerTable": "server_id", "LiteLLM_MCPToolsetTable": "toolset_id",
    "LiteLLM_ManagedVectorStoresTable": "vector_store_id", "LiteLLM_SearchToolsTable": "search_tool_name",
    "LiteLLM_AccessGroupTable": "access_group_id", "LiteLLM_VerificationToken": "token",
}

# References without a foreign key in the schema. Lists of names (models, tags, guardrails,
# policies, access-group names) are not here: LiteLLM matches them against the account's own
# objects by name, so a name never reaches another account's object.
DECLARED: tuple[Reference, ...] = (
    _ref("LiteLLM_VerificationToken", "team_id", "LiteLLM_TeamTable", strict=True,
         why="a key's team: auth loads it (models, budget) and the spend writer charges it"),
    _ref("LiteLLM_VerificationToken", "user_id", "LiteLLM_UserTable",
         why="a key's owner: the spend writer charges that user; LiteLLM allows a user created later"),
    _ref("LiteLLM_VerificationToken", "agent_id", "LiteLLM_AgentsTable", strict=True,
         why="a key bound to an agent (agent auth and spend)"),
    _ref("LiteLLM_VerificationToken", "access_group_ids", "LiteLLM_AccessGroupTable", ("*",), strict=True,
         why="unified access groups granted to the key"),
    _ref("LiteLLM_TeamTable", "access_group_ids", "LiteLLM_AccessGroupTable", ("*",), strict=True,
         why="unified access groups granted to the team"),
    _ref("LiteLLM_TeamTable", "admins", "LiteLLM_UserTable", ("*",), why="team admins (legacy list)"),
    _ref("LiteLLM_TeamTable", "members", "LiteLLM_UserTable", ("*",), why="team members (legacy list)"),
    _ref("LiteLLM_TeamTable", "members_with_roles", "LiteLLM_UserTable", ("*", "user_id"),
         why="team members with roles; LiteLLM creates missing users after the team row"),
    _ref("LiteLLM_TeamMembership", "team_id", "LiteLLM_TeamTable", strict=True,
         why="membership budget row of a team"),
    _ref("LiteLLM_TeamMembership", "user_id", "LiteLLM_UserTable", why="membership budget row of a user"),
    _ref("LiteLLM_UserTable", "teams", "LiteLLM_TeamTable", ("*",), why="the teams a user is in"),
    _ref("LiteLLM_UserTable", "team_id", "LiteLLM_TeamTable", why="a user's (legacy) default team"),
    _ref("LiteLLM_ObjectPermissionTable", "mcp_servers", "LiteLLM_MCPServerTable", ("*",),
         why="MCP servers granted to a key/team/user/org/agent, by id, name or alias"),
    _ref("LiteLLM_ObjectPermissionTable", "mcp_tool_permissions", "LiteLLM_MCPServerTable", ("@keys",),
         why="tool-level grants keyed by MCP server id"),
    _ref("LiteLLM_ObjectPermissionTable", "agents", "LiteLLM_AgentsTable", ("*",), why="agents granted"),
    _ref("LiteLLM_ObjectPermissionTable", "mcp_toolsets", "LiteLLM_MCPToolsetTable", ("*",), strict=True,
         why="MCP toolsets granted, by id"),
    _ref("LiteLLM_ObjectPermissionTable", "vector_stores", "LiteLLM_ManagedVectorStoresTable", ("*",),
         why="vector stores granted, by id"),
    _ref("LiteLLM_ObjectPermissionTable", "search_tools", "LiteLLM_SearchToolsTable", ("*",),
         why="search tools granted, by name"),
    _ref("LiteLLM_MCPToolsetTable", "tools", "LiteLLM_MCPServerTable", ("*", "server_id"), strict=True,
         why="a toolset's tools: [{server_id, tool_name}]"),
    _ref("LiteLLM_MCPUserCredentials", "server_id", "LiteLLM_MCPServerTable", strict=True,
         why="a user's BYOK credential for an MCP server"),
    _ref("LiteLLM_MCPUserEnvVars", "server_id", "LiteLLM_MCPServerTable", strict=True,
         why="a user's environment values for an MCP server"),
    _ref("LiteLLM_MCPServerOAuthClient", "server_id", "LiteLLM_MCPServerTable",
         why="OAuth client registered for an MCP server (also before the server row exists)"),
    _ref("LiteLLM_MemoryTable", "team_id", "LiteLLM_TeamTable", strict=True, why="memory shared with a team"),
    _ref("LiteLLM_MemoryTable", "user_id", "LiteLLM_UserTable", why="memory of a user"),
    _ref("LiteLLM_AccessGroupTable", "access_mcp_server_ids", "LiteLLM_MCPServerTable", ("*",),
         why="MCP servers in a unified access group"),
    _ref("LiteLLM_AccessGroupTable", "access_agent_ids", "LiteLLM_AgentsTable", ("*",),
         why="agents in a unified access group"),
    _ref("LiteLLM_AccessGroupTable", "assigned_team_ids", "LiteLLM_TeamTable", ("*",), strict=True,
         why="teams the access group is assigned to"),
    _ref("LiteLLM_AccessGroupTable", "assigned_key_ids", "LiteLLM_VerificationToken", ("*",),
         why="keys the access group is assigned to (hashed tokens)"),
    _ref("LiteLLM_ManagedVectorStoresTable", "team_id", "LiteLLM_TeamTable", why="the vector store's team"),
    _ref("LiteLLM_ManagedVectorStoresTable", "user_id", "LiteLLM_UserTable", why="the vector store's owner"),
    # Ids that live only in the stored settings (JSON in LiteLLM_Config).
    _ref("LiteLLM_Config", "param_value", "LiteLLM_AgentsTable", ("public_agent_groups", "*"),
         when=("param_name", "litellm_settings"), why="agents made public (/v1/agents/make_public)"),
    _ref("LiteLLM_Config", "param_value", "LiteLLM_MCPServerTable", ("public_mcp_servers", "*"),
         when=("param_name", "litellm_settings"), why="MCP servers made public (/v1/mcp/make_public)"),
)

# Ids inside stored settings that LiteLLM treats as platform-wide (it registers routes by
# them), so one account may not reuse another's: (param_name, path, what).
CONFIG_IDS: tuple[tuple[str, Path, str], ...] = (
    ("general_settings", ("pass_through_endpoints", "*", "id"), "pass-through endpoint id"),
)

# Relation fields of schema.prisma that are not references between an account's objects.
SCHEMA_EXCLUDED = {
    ("Alchemi_AccountAdminTable", "account_id"): "platform table: an admin of an account, written by the super admin",
    ("Alchemi_AccountDomainTable", "account_id"): "platform table: a domain of an account",
}


# ---- the map ----------------------------------------------------------------------------------
_RELATION_RE = re.compile(
    r"^[ \t]*(\w+)[ \t]+(\w+)(?:\?|\[\])?[ \t].*@relation\((?:\"\w+\",\s*)?fields:\s*\[([^\]]*)\],\s*references:\s*\[([^\]]*)\]",
    re.M)
_FIELD_RE = re.compile(r"^[ \t]*(\w+)[ \t]+\w+.*@map\(\"([^\"]+)\"\)", re.M)


def schema_relations(schema: str) -> list[tuple[str, str, str, str]]:
    """(model, field, target model, target field) for every single-field relation."""
    from alchemi.db.schema import _MODEL_RE

    out = []
    for m in _MODEL_RE.finditer(schema):
        for r in _RELATION_RE.finditer(m.group(2)):
            fields = [f.strip() for f in r.group(3).split(",")]
            targets = [f.strip() for f in r.group(4).split(",")]
            for field, target_field in zip(fields, targets):
                out.append((m.group(1), field, r.group(2), target_field))
    return out


def column_names(schema: str) -> dict[str, dict[str, str]]:
    """model -> {field: column} for fields stored under another name (@map)."""
    from alchemi.db.schema import _MODEL_RE

    return {m.group(1): {f.group(1): f.group(2) for f in _FIELD_RE.finditer(m.group(2))}
            for m in _MODEL_RE.finditer(schema)}


def build_map(schema: str, scoped: Iterable[str]) -> dict[str, tuple[Reference, ...]]:
    """model -> its references: the schema's foreign keys between scoped models, then DECLARED."""
    scoped = set(scoped)
    refs: dict[str, list[Reference]] = {}
    for model, field, target, target_field in schema_relations(schema):
        if (model, field) in SCHEMA_EXCLUDED or target not in scoped:
            continue
        refs.setdefault(model, []).append(Reference(model, field, target, (target_field,), strict=True,
                                                    why=f"foreign key to {target}.{target_field}"))
    for ref in DECLARED:
        refs.setdefault(ref.model, []).append(ref)
    return {m: tuple(r) for m, r in refs.items()}


@functools.cache
def reference_map() -> dict[str, tuple[Reference, ...]]:
    from alchemi.db.schema import SCHEMA_PATH
    from alchemi.tenancy.classification import account_column_models

    return build_map(SCHEMA_PATH.read_text(), account_column_models())


@functools.cache
def _tables() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    from alchemi.db.schema import SCHEMA_PATH, table_names

    schema = SCHEMA_PATH.read_text()
    return table_names(schema), column_names(schema)


# ---- collecting the values a write names ------------------------------------------------------
def _decode(value: Any) -> Any:
    data = getattr(value, "data", value) if type(value).__name__ == "Json" else value
    if isinstance(data, str) and data[:1] in "[{":
        try:
            return json.loads(data)
        except ValueError:
            return data
    return data


def _walk(value: Any, path: Path) -> Iterable[Any]:
    value = _decode(value)
    if not path:
        if isinstance(value, (str, int)) and not isinstance(value, bool) and value != "":
            yield value
        return
    step, rest = path[0], path[1:]
    if step == "*":
        if isinstance(value, list):
            for item in value:
                yield from _walk(item, rest)
    elif step == "@keys":
        if isinstance(value, dict):
            for key in value:
                yield from _walk(key, rest)
    elif isinstance(value, dict):
        yield from _walk(value.get(step), rest)


def _written(value: Any, path: Path) -> Iterable[Any]:
    """The values a data entry writes: plain, or under Prisma's update operations."""
    if isinstance(value, dict) and not path[:1] == ("@keys",) and ("set" in value or "push" in value):
        for op in ("set", "push"):
            if op in value:
                pushed = value[op]
                if op == "push" and path[:1] == ("*",) and not isinstance(pushed, list):
                    pushed = [pushed]
                yield from _walk(pushed, path)
        return
    yield from _walk(value, path)


def _plain(value: Any) -> Any:
    value = _decode(value)
    if isinstance(value, dict):
        value = value.get("set", value.get("equals"))
    return value


def collect(refmap: Mapping[str, tuple[Reference, ...]], relations: Mapping[str, Mapping[str, str]],
            model: str, data: Any, where: Any = None) -> list[tuple[Reference, Any]]:
    """The (reference, value) pairs a write of `data` into `model` would store, nested writes included."""
    if not isinstance(data, dict):
        return []
    found: list[tuple[Reference, Any]] = []
    for ref in refmap.get(model, ()):
        if ref.field not in data:
            continue
        if ref.when is not None:
            name, expected = ref.when
            got = _plain(data.get(name)) if name in data else _plain((where or {}).get(name))
            if got != expected:
                continue
        found += [(ref, v) for v in _written(data[ref.field], ref.path)]
    rels = relations.get(model, {})
    for name, value in data.items():
        if name not in rels or not isinstance(value, dict):
            continue
        related = rels[name]
        for op in _NESTED:
            if op not in value:
                continue
            items = value[op]
            if op == "create_many" and isinstance(items, dict):
                items = items.get("data") or []
            for item in items if isinstance(items, list) else [items]:
                if not isinstance(item, dict):
                    continue
                if op in ("connect_or_create", "upsert"):
                    found += collect(refmap, relations, related, item.get("create"))
                    if op == "upsert":
                        found += collect(refmap, relations, related, item.get("update"))
                elif op == "update":
                    found += collect(refmap, relations, related, item.get("data", item))
                else:
                    found += collect(refmap, relations, related, item)
    return found


def collect_config_ids(model: str, data: Any, where: Any = None) -> list[tuple[str, Path, str, Any]]:
    if model != "LiteLLM_Config" or not isinstance(data, dict) or "param_value" not in data:
        return []
    name = _plain(data.get("param_name")) if "param_name" in data else _plain((where or {}).get("param_name"))
    return [(param, path, what, v) for param, path, what in CONFIG_IDS if name == param
            for v in _written(data["param_value"], path)]


def collect_arguments(refmap, relations, method: str, model: str, arguments: dict) -> tuple[list, list]:
    """References and config ids of one query's arguments (before the guard rewrites them)."""
    where = arguments.get("where")
    if method == "create_many":
        datas = [(d, None) for d in arguments.get("data") or []]
    elif method == "upsert":
        datas = [(arguments.get("create"), where), (arguments.get("update"), where)]
    else:
        datas = [(arguments.get("data"), where)]
    refs, ids = [], []
    for data, w in datas:
        refs += collect(refmap, relations, model, data, w)
        ids += collect_config_ids(model, data, w)
    return refs, ids


# ---- checking them ----------------------------------------------------------------------------
RunSql = Callable[[str, list[Any]], Awaitable[list[dict]]]


class Checker:
    """Looks the collected values up in one query; caches the values found in the account."""

    def __init__(self, policy: Policy, ttl: float = 60.0, max_entries: int = 50_000) -> None:
        self.policy = policy
        self.ttl, self.max_entries = ttl, max_entries
        self._known: dict[tuple[str, str, str], float] = {}

    def _cached(self, account_id: str, ref: Reference, value: str) -> bool:
        expires = self._known.get((account_id, ref.target, ref.keys, value))
        return expires is not None and expires > time.monotonic()

    def _remember(self, account_id: str, ref: Reference, value: str) -> None:
        if len(self._known) >= self.max_entries:
            self._known.clear()
        self._known[(account_id, ref.target, ref.keys, value)] = time.monotonic() + self.ttl

    def forget(self) -> None:
        self._known.clear()

    async def check(self, run_sql: RunSql, account_id: str, refs: list[tuple[Reference, Any]],
                    config_ids: list[tuple[str, Path, str, Any]] = ()) -> None:
        """Raise ForeignReference / ConfigIdNotAvailable, or return when every value is the account's."""
        wanted: dict[tuple[str, tuple[str, ...]], set[str]] = {}
        for ref, value in refs:
            v = str(value)
            if not self._cached(account_id, ref, v):
                wanted.setdefault((ref.target, ref.keys), set()).add(v)
        if wanted:
            found = await self._lookup(run_sql, account_id, wanted)
            for ref, value in refs:
                v = str(value)
                if self._cached(account_id, ref, v):
                    continue
                where = found.get((ref.target, ref.keys, v), set())
                if "mine" in where:
                    self._remember(account_id, ref, v)
                    continue
                if where or ref.strict:
                    raise ForeignReference(
                        f"{ref.label} names {_noun(ref.target)} '{v}' that does not exist in this account")
        if config_ids:
            await self._check_config_ids(run_sql, account_id, config_ids)

    async def _lookup(self, run_sql: RunSql, account_id: str, wanted: dict[tuple[str, tuple[str, ...]], set[str]]
                      ) -> dict[tuple[str, tuple[str, ...], str], set[str]]:
        """One query: for each wanted value, whether a row of the target has it, in this account
        ("mine") or another ("other"). Namespaced key fields are compared as stored."""
        tables, columns = _tables()
        params: list[Any] = [account_id]
        parts = []
        for n, ((target, keys), values) in enumerate(sorted(wanted.items())):
            table = tables[target]
            namespaced_keys = self.policy.key_fields.get(target, ())
            for key in keys:
                stored = f'"{columns.get(target, {}).get(key, key)}"::text'
                holes = []
                for v in sorted(values):
                    params.append(namespaced(account_id, v) if key in namespaced_keys else v)
                    holes.append(f"${len(params)}")
                parts.append(f"SELECT {n} AS t, {stored} AS v, (account_id IS NOT DISTINCT FROM $1) AS mine "
                             f'FROM "{table}" WHERE {stored} IN ({", ".join(holes)})')
        rows = await run_sql(" UNION ALL ".join(parts), params)
        targets = sorted(wanted)
        found: dict[tuple[str, tuple[str, ...], str], set[str]] = {}
        for row in rows:
            value = str(row["v"])
            prefix = f"{account_id}{SEPARATOR}"
            if row["mine"] and value.startswith(prefix):
                value = value[len(prefix):]
            target, keys = targets[int(row["t"])]
            found.setdefault((target, keys, value), set()).add("mine" if row["mine"] else "other")
        return found

    async def _check_config_ids(self, run_sql: RunSql, account_id: str,
                                config_ids: Iterable[tuple[str, Path, str, Any]]) -> None:
        tables, _ = _tables()
        for param, path, what, value in config_ids:
            if len(path) != 3 or path[1] != "*":
                raise ValueError(f"unsupported config id path {path}")
            rows = await run_sql(
                f'SELECT 1 AS taken FROM "{tables["LiteLLM_Config"]}" c, '
                "jsonb_array_elements(CASE WHEN jsonb_typeof(c.param_value -> $3) = 'array' "
                "THEN c.param_value -> $3 ELSE '[]'::jsonb END) e "
                "WHERE c.account_id IS DISTINCT FROM $1 AND c.param_name LIKE '%' || $2 "
                "AND e ->> $4 = $5 LIMIT 1",
                [account_id, f"{SEPARATOR}{param}", path[0], path[2], str(value)])
            if rows:
                raise ConfigIdNotAvailable(what, str(value))


def _noun(model: str) -> str:
    name = model.removeprefix("LiteLLM_").removesuffix("Table")
    return {"VerificationToken": "a key", "MCPServer": "an MCP server", "MCPToolset": "an MCP toolset",
            "ManagedVectorStores": "a vector store", "SearchTools": "a search tool", "Agents": "an agent",
            "AccessGroup": "an access group", "ObjectPermission": "an object permission",
            "Organization": "an organization"}.get(name, f"a {re.sub(r'(?<!^)(?=[A-Z])', ' ', name).lower()}")
