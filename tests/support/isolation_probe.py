"""The instruments of the cross-tenant probes: what counts as a leak, and how we see that the
other account's objects did not change.

- `Detector`: the other account's tokens (canary prefix, ids, raw keys) in a response body,
  after removing the values the caller itself sent (an echo of the id you asked for is not a
  leak; its alias, metadata or any other id of that account is).
- `DbSnapshot`: the other account's rows, straight from PostgreSQL (columns that background
  jobs change, such as spend, left out), so a write through any route shows as a row diff.
- `TenantView`: the other account re-reading its own objects through the API, which also
  covers what lives only in process memory (the router, guardrail and MCP registries).
"""
from __future__ import annotations

import json
import re
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import psycopg

from tests.support.isolation_catalog import ProbeRequest
from tests.support.isolation_seed import Tenant

MAX_BODY = 2_000_000


# ---- leak detection -----------------------------------------------------------------------------
class Detector:
    """Finds one account's tokens in text another account received."""

    def __init__(self, owner: Tenant) -> None:
        self.owner = owner
        tokens: dict[str, str] = {owner.prefix.lower(): "canary"}
        for kind, value in owner.ids.items():
            if isinstance(value, str) and len(value) >= 8 and not value.lower().startswith(owner.prefix.lower()):
                tokens[value.lower()] = kind
        tokens[owner.account_id.lower()] = "account_id"
        for role, key in owner.keys.items():
            tokens[key.lower()] = f"raw {role} key"
        self.tokens = tokens
        self._canary = re.compile(re.escape(owner.prefix.lower()) + r"[\w.@-]*")

    def find(self, text: str, sent: set[str] = frozenset()) -> list[str]:
        """What of the owner's shows in `text`, besides the values in `sent`; [] if nothing."""
        scrubbed = text.lower()
        for value in sorted(sent, key=len, reverse=True):
            scrubbed = scrubbed.replace(value.lower(), "\x00")
        found = []
        for token, kind in self.tokens.items():
            if token in scrubbed:
                if kind == "canary":
                    names = sorted(set(self._canary.findall(scrubbed)))
                    found.append("canary " + ", ".join(names[:6]) + (" ..." if len(names) > 6 else ""))
                else:
                    found.append(kind)
        return found

    def snippet(self, text: str, sent: set[str] = frozenset(), width: int = 120) -> str:
        low = text.lower()
        scrubbed = low
        for value in sorted(sent, key=len, reverse=True):
            scrubbed = scrubbed.replace(value.lower(), "\x00" * len(value))
        for token in self.tokens:
            i = scrubbed.find(token)
            if i >= 0:
                return text[max(0, i - width): i + len(token) + width]
        return ""


# ---- database snapshot --------------------------------------------------------------------------
# Tables written outside requests, from traffic (spend, daily aggregates, indexes, health,
# tool discovery): they change on their own and are checked by the row-stamping test instead.
BACKGROUND_TABLES = frozenset({
    "LiteLLM_SpendLogs", "LiteLLM_SpendLogGuardrailIndex", "LiteLLM_SpendLogToolIndex", "LiteLLM_ErrorLogs",
    "LiteLLM_HealthCheckTable", "LiteLLM_AutoRouterSession", "LiteLLM_AdaptiveRouterState",
    "LiteLLM_AdaptiveRouterSession", "LiteLLM_ToolTable", "LiteLLM_DailyUserSpend", "LiteLLM_DailyTeamSpend",
    "LiteLLM_DailyOrganizationSpend", "LiteLLM_DailyEndUserSpend", "LiteLLM_DailyAgentSpend",
    "LiteLLM_DailyTagSpend", "LiteLLM_DailyGuardrailMetrics", "LiteLLM_DailyPolicyMetrics",
    "LiteLLM_DailyGatewayRequests", "LiteLLM_DailyProjectSpend", "LiteLLM_DailyToolSpend",
    "LiteLLM_BudgetWindowSpend", "LiteLLM_CacheConfig",
})
VOLATILE_COLUMNS = ("spend", "updated_at", "model_spend", "last_active", "budget_reset_at", "last_refreshed_at",
                    "last_rotation_at", "key_rotation_at", "last_used_at", "spend_reset_at")


def account_tables(database_url: str) -> list[str]:
    """LiteLLM's tables that carry account_id (Alchemi's own platform tables excluded)."""
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
            "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = 'public' AND c.column_name = 'account_id' AND t.table_type = 'BASE TABLE' "
            "AND c.table_name LIKE 'LiteLLM\\_%' ORDER BY 1").fetchall()
    return [r[0] for r in rows]


class DbSnapshot:
    """The rows one account owns, as text per table, without columns background jobs change."""

    def __init__(self, database_url: str, account_id: str, tables: list[str]) -> None:
        self.url, self.account_id = database_url, account_id
        self.tables = [t for t in tables if t not in BACKGROUND_TABLES]
        strip = " ".join(f"- '{c}'" for c in VOLATILE_COLUMNS)
        self._sql = " UNION ALL ".join(
            f"SELECT '{t}' AS t, (to_jsonb(x) {strip})::text AS r FROM \"{t}\" x WHERE account_id = %(a)s"
            for t in self.tables)
        self._conn: psycopg.Connection | None = None
        self._lock = threading.Lock()

    def take(self) -> dict[str, frozenset[str]]:
        with self._lock:
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(self.url, autocommit=True)
            rows = self._conn.execute(self._sql, {"a": self.account_id}).fetchall()
        out: dict[str, set[str]] = {t: set() for t in self.tables}
        for table, row in rows:
            out[table].add(row)
        return {t: frozenset(v) for t, v in out.items()}

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()

    @staticmethod
    def diff(before: dict[str, frozenset[str]], after: dict[str, frozenset[str]]) -> list[str]:
        changes = []
        for table in sorted(before):
            gone, new = before[table] - after.get(table, frozenset()), after.get(table, frozenset()) - before[table]
            if not gone and not new:
                continue
            changes.append(f"{table}: {len(gone)} row(s) changed/removed, {len(new)} added/changed; "
                           f"e.g. {_row_change(gone, new)}")
        return changes


def _row_change(gone: frozenset[str], new: frozenset[str]) -> str:
    old = json.loads(next(iter(gone))) if gone else {}
    cur = json.loads(next(iter(new))) if new else {}
    if old and cur:
        keys = sorted(k for k in set(old) | set(cur) if old.get(k) != cur.get(k))
        return "; ".join(f"{k}: {str(old.get(k))[:60]} -> {str(cur.get(k))[:60]}" for k in keys[:4])
    row = old or cur
    ident = {k: row[k] for k in list(row)[:3]}
    return ("removed " if old else "added ") + json.dumps(ident, default=str)[:200]


# ---- the owner's own view -----------------------------------------------------------------------
@dataclass(frozen=True)
class ViewCheck:
    label: str
    method: str
    path: str
    params: dict | None = None
    json: Any = None
    fields: tuple[str, ...] = ()      # dotted JSON paths whose values must not change


def view_checks(t: Tenant) -> list[ViewCheck]:
    """How the account sees its own objects, for those LiteLLM also keeps in process memory or
    caches (router, registries, key and team caches); rows alone are covered by DbSnapshot."""
    i = t.ids
    checks = [
        ViewCheck("key", "GET", "/key/info", {"key": i.get("key")}, fields=("info.blocked", "info.team_id")),
        ViewCheck("spare key", "GET", "/key/info", {"key": i.get("spare_key")}, fields=("info.blocked",)),
        ViewCheck("team", "GET", "/team/info", {"team_id": i.get("team_id")},
                  fields=("team_info.blocked", "team_info.organization_id")),
        ViewCheck("user", "GET", "/user/info", {"user_id": i.get("user_id")}, fields=("user_info.user_role",)),
        ViewCheck("organization", "GET", "/organization/info", {"organization_id": i.get("organization_id")}),
        ViewCheck("model", "GET", "/model/info", {"litellm_model_id": i.get("model_id")}),
        ViewCheck("guardrail", "GET", f"/guardrails/{i.get('guardrail_id')}"),
        ViewCheck("policy", "GET", f"/policies/{i.get('policy_id')}"),
        ViewCheck("mcp server", "GET", f"/v1/mcp/server/{i.get('server_id')}"),
        ViewCheck("agent", "GET", f"/v1/agents/{i.get('agent_id')}"),
        ViewCheck("prompt", "GET", f"/prompts/{i.get('prompt_id')}"),
        ViewCheck("search tool", "GET", f"/search_tools/{i.get('search_tool_id')}"),
        ViewCheck("credential", "GET", f"/credentials/by_name/{i.get('credential_name')}"),
        ViewCheck("vector store", "POST", "/vector_store/info", json={"vector_store_id": i.get("vector_store_id")}),
        ViewCheck("pass-through endpoint", "GET", "/config/pass_through_endpoint",
                  {"endpoint_id": i.get("endpoint_id")}),
    ]
    return [c for c in checks if "None" not in c.path and None not in (c.params or {}).values()]


def _dig(body: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        body = body.get(part) if isinstance(body, dict) else None
    return body


class TenantView:
    """Facts the owner sees through the API: per check, the status, the owner's canaries in
    the answer and a few named fields; plus whether the owner's key still gets an answer."""

    def __init__(self, base_url: str, owner: Tenant) -> None:
        self.owner = owner
        self.checks = view_checks(owner)
        self.base_url = base_url
        self._canary = re.compile(re.escape(owner.prefix.lower()) + r"[\w.@-]*")
        self._pool = ThreadPoolExecutor(8, thread_name_prefix="owner-view")
        self._local = threading.local()

    def _client(self, key: str) -> httpx.Client:
        clients = self._local.__dict__.setdefault("clients", {})
        if key not in clients:
            clients[key] = httpx.Client(base_url=self.base_url, timeout=20, limits=httpx.Limits(keepalive_expiry=2),
                                        headers={"Authorization": f"Bearer {key}"})
        return clients[key]

    def _one(self, check: ViewCheck) -> tuple[str, Any]:
        try:
            r = self._client(self.owner.admin_key).request(check.method, check.path, params=check.params,
                                                           json=check.json)
        except httpx.HTTPError as e:
            return check.label, ("error", type(e).__name__)
        try:
            body = r.json()
        except ValueError:
            body = None
        return check.label, (r.status_code, tuple(sorted(set(self._canary.findall(r.text.lower())))),
                             tuple(json.dumps(_dig(body, f), default=str) for f in check.fields))

    def _chat(self) -> tuple[str, Any]:
        try:
            r = self._client(self.owner.keys["user"]).post("/chat/completions", json={
                "model": self.owner.ids["model_name"], "messages": [{"role": "user", "content": "still there?"}]})
            return "chat with the owner's key", (r.status_code,)
        except httpx.HTTPError as e:
            return "chat with the owner's key", ("error", type(e).__name__)

    def _pass_through(self) -> tuple[str, Any]:
        path = self.owner.ids.get("passthrough_path")
        try:
            r = self._client(self.owner.admin_key).post(path, json={
                "model": "x", "messages": [{"role": "user", "content": "owner pass-through check"}]})
            return "pass-through route", (r.status_code,)
        except httpx.HTTPError as e:
            return "pass-through route", ("error", type(e).__name__)

    def take(self, chat: bool = True) -> dict[str, Any]:
        jobs = [self._pool.submit(self._one, c) for c in self.checks]
        if chat:
            jobs.append(self._pool.submit(self._chat))
        if self.owner.ids.get("passthrough_path"):
            jobs.append(self._pool.submit(self._pass_through))
        return dict(j.result() for j in jobs)

    @staticmethod
    def diff(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
        return [f"{label}: {before.get(label)} -> {after.get(label)}"
                for label in sorted(set(before) | set(after)) if before.get(label) != after.get(label)]

    def close(self) -> None:
        self._pool.shutdown(wait=True)


# ---- outcomes -----------------------------------------------------------------------------------
@dataclass
class Outcome:
    op: str                          # "GET /team/info"
    variant: str                     # attack | attack:<param> | listing | control | anonymous ...
    caller: str                      # b-admin | b-user | b-org-admin | anonymous | super-admin | suspended
    request: dict
    status: int | None = None
    elapsed: float = 0.0
    error: str | None = None
    leaks: list[str] = field(default_factory=list)
    snippet: str = ""
    mutations: list[str] = field(default_factory=list)   # A's rows changed by this call
    suspected: list[str] = field(default_factory=list)   # A's API view degraded right after this call

    def summary(self) -> dict:
        out = {"op": self.op, "variant": self.variant, "caller": self.caller, "status": self.status,
               "elapsed_s": round(self.elapsed, 3), "request": self.request}
        for name in ("error", "leaks", "snippet", "mutations", "suspected"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        return out


def send(client: httpx.Client, req: ProbeRequest, timeout: float,
         retry: bool = False) -> tuple[httpx.Response | None, str | None, float]:
    """One request; with `retry` (safe reads), a connection dropped under it is tried once more."""
    start = time.monotonic()
    for attempt in (1, 2):
        try:
            r = client.request(req.method, req.path, params=req.params or None,
                               json=req.json if req.json is not None else None, timeout=timeout)
            r.read()
            return r, None, time.monotonic() - start
        except httpx.TimeoutException:
            return None, f"timeout after {timeout}s", time.monotonic() - start
        except (httpx.ReadError, httpx.RemoteProtocolError, httpx.ConnectError) as e:
            if retry and attempt == 1:
                continue
            return None, f"{type(e).__name__}: {e}", time.monotonic() - start
        except httpx.HTTPError as e:
            return None, f"{type(e).__name__}: {e}", time.monotonic() - start
    raise AssertionError("unreachable")


def describe_request(req: ProbeRequest) -> dict:
    out: dict[str, Any] = {"path": req.path}
    if req.params:
        out["params"] = req.params
    if req.json is not None:
        text = json.dumps(req.json, default=str)
        out["json"] = req.json if len(text) < 600 else text[:600] + "..."
    return out


# ---- row ownership ------------------------------------------------------------------------------
def row_ownership(database_url: str, tables: list[str], tenants: list[Tenant]) -> dict[str, dict[str, dict]]:
    """Per table and tenant: how many rows holding the tenant's canary sit under which account
    (None: no account stamped). A row belongs to the tenant whose canary it holds."""
    out: dict[str, dict[str, dict]] = {}
    with psycopg.connect(database_url) as conn:
        for table in tables:
            per: dict[str, dict] = {}
            for t in tenants:
                rows = conn.execute(
                    f'SELECT account_id, count(*) FROM "{table}" x WHERE lower(to_jsonb(x)::text) LIKE %s '
                    'GROUP BY 1', (f"%{t.prefix.lower()}%",)).fetchall()
                if rows:
                    per[t.label] = {("own" if acc == t.account_id else "no account" if acc is None else
                                     next((f"account {o.label}" for o in tenants if o.account_id == acc),
                                          f"account {acc}")): n for acc, n in rows}
            out[table] = per
    return out


class ReferenceScan:
    """Rows of the caller's account that name the other account's ids (a key on A's team, an
    invitation for A's user, a grant on A's MCP server): objects B attached to A's."""

    def __init__(self, database_url: str, holder: Tenant, owner: Tenant, tables: list[str]) -> None:
        self.url, self.holder = database_url, holder
        # Names the owner chose from its canary (also with '_' for '-', like its MCP server's) are
        # names, not references: another account may name its own object the same.
        canary = owner.prefix.lower().replace("_", "-")
        self.ids = {v: k for k, v in owner.ids.items()
                    if isinstance(v, str) and len(v) >= 16 and not v.lower().replace("_", "-").startswith(canary)}
        self.ids[owner.account_id] = "account_id"
        pattern = "|".join(re.escape(v) for v in sorted(self.ids, key=len, reverse=True))
        self._pattern = pattern
        self._sql = " UNION ALL ".join(
            f"SELECT '{t}' AS t, to_jsonb(x)::text AS r FROM \"{t}\" x WHERE account_id = %(a)s "
            f"AND to_jsonb(x)::text ~ %(p)s" for t in tables if t not in BACKGROUND_TABLES)
        self._conn: psycopg.Connection | None = None

    def take(self) -> frozenset[tuple[str, str]]:
        if self._conn is None or self._conn.closed:
            self._conn = psycopg.connect(self.url, autocommit=True)
        rows = self._conn.execute(self._sql, {"a": self.holder.account_id, "p": self._pattern}).fetchall()
        return frozenset((t, r) for t, r in rows)

    def describe(self, new: frozenset[tuple[str, str]]) -> list[str]:
        by_table: dict[str, set[str]] = {}
        for table, row in new:
            by_table.setdefault(table, set()).update(kind for value, kind in self.ids.items() if value in row)
        return [f"{table} now names A's {', '.join(sorted(kinds))}" for table, kinds in sorted(by_table.items())]

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
