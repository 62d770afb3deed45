"""Every raw SQL call in the installed litellm package is reviewed (raw_sql_sites.py), the
review is documented, and a sample of the tenant-views statements, run as LiteLLM's own SQL
against a migrated database, shows each account only its own rows."""
from __future__ import annotations

import ast
import hashlib
import importlib.util
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from types import SimpleNamespace

import pytest
import pytest_asyncio

from alchemi.tenancy import raw_sql_sites as review
from alchemi.tenancy.context import system_context, tenant_context

ROOT = Path(__file__).resolve().parents[2]
RAW_METHODS = ("query_raw", "execute_raw", "query_first")


# ---- the installed package, read by AST --------------------------------------------------------
def _package_root() -> Path:
    import litellm

    return Path(litellm.__file__).resolve().parent


@dataclass(frozen=True)
class Call:
    file: str
    line: int
    function: str
    name: str
    text: str  # ast.unparse of the call, what `call` discriminators match


@dataclass(frozen=True)
class Module:
    tree: ast.Module
    text: str
    parents: dict
    functions: dict  # name -> def (last wins, like Python)
    imports: dict  # imported name -> source file relative to the package, when inside litellm


def _rel_module_file(root: Path, module: str) -> str | None:
    if not module.startswith("litellm."):
        return None
    base = root.parent / Path(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.exists():
            return candidate.relative_to(root).as_posix()
    return None


@cache
def _texts() -> dict[str, str]:
    root = _package_root()
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in sorted(root.rglob("*.py"))}


@cache
def _module(file: str) -> Module:
    root, text = _package_root(), _texts()[file]
    tree = ast.parse(text)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    functions = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    imports = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            target = _rel_module_file(root, node.module)
            if target:
                imports.update({(a.asname or a.name): target for a in node.names})
    return Module(tree, text, parents, functions, imports)


def _modules_mentioning(*words: str) -> dict[str, Module]:
    """Parsed modules whose text contains any of `words` (parsing all ~2,000 files is slow)."""
    return {f: _module(f) for f, text in _texts().items() if any(w in text for w in words)}


def _enclosing(module: Module, node: ast.AST) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    while node in module.parents:
        node = module.parents[node]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            return node
    return None


def _callee(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _params(fn) -> list[str]:
    names = [a.arg for a in (*fn.args.posonlyargs, *fn.args.args)]
    return names[1:] if names and names[0] in ("self", "cls") else names


def _arg(call: ast.Call, index: int, keyword: str) -> ast.expr | None:
    if index < len(call.args) and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        return call.args[index]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _passes_parameter(fn, value: ast.expr | None) -> bool:
    return fn is not None and isinstance(value, ast.Name) and value.id in (
        *_params(fn), *(a.arg for a in fn.args.kwonlyargs))


@cache
def raw_calls() -> tuple[Call, ...]:
    """Every call of query_raw / execute_raw / query_first in the package."""
    calls = []
    for file, module in _modules_mentioning(*RAW_METHODS).items():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RAW_METHODS:
                fn = _enclosing(module, node)
                calls.append(Call(file, node.lineno, fn.name if fn else "<module>", node.func.attr, ast.unparse(node)))
    return tuple(calls)


@cache
def _pass_through() -> tuple[dict[str, tuple[Call, ...]], dict[str, str]]:
    """For each pass-through function ("file::name": its SQL is a parameter it hands to a raw
    call or to another pass-through), the calls that hand it a statement of their own, and
    the raw-call site each pass-through finally reaches."""
    pending = []  # (file, function name, name of the SQL parameter, the site it reaches)
    for file, module in _modules_mentioning(*RAW_METHODS).items():
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RAW_METHODS:
                fn = _enclosing(module, node)
                value = _arg(node, 0, "query")
                if _passes_parameter(fn, value):
                    pending.append((file, fn.name, value.id, f"{file}::{fn.name}"))
    helpers: dict[str, tuple[Call, ...]] = {}
    roots: dict[str, str] = {}
    seen = set()
    while pending:
        file, name, param, root = pending.pop()
        if (file, name) in seen:
            continue
        seen.add((file, name))
        roots[f"{file}::{name}"] = root
        params = _params(_module(file).functions[name])
        index = params.index(param) if param in params else 10**6
        found = []
        for caller_file, module in _modules_mentioning(name).items():
            if caller_file != file and module.imports.get(name) != file:
                continue
            for node in ast.walk(module.tree):
                if not (isinstance(node, ast.Call) and _callee(node) == name):
                    continue
                fn = _enclosing(module, node)
                value = _arg(node, index, param)
                if fn is not None and fn.name == name and caller_file == file:
                    continue  # recursion
                if _passes_parameter(fn, value):
                    pending.append((caller_file, fn.name, value.id, root))
                else:
                    found.append(Call(caller_file, node.lineno, fn.name if fn else "<module>", name, ast.unparse(node)))
        helpers[f"{file}::{name}"] = tuple(found)
    return helpers, roots


def helper_calls() -> dict[str, tuple[Call, ...]]:
    return _pass_through()[0]


def _match(kind: str, entries: list, calls: list[Call], problems: list[str]) -> None:
    """Pair listed entries with calls of one group through their `call` discriminators."""
    if len(entries) != len(calls):
        where = ", ".join(f"{c.file}:{c.line}" for c in calls) or "nowhere"
        problems.append(f"{kind}: {len(calls)} call(s) at {where} but {len(entries)} listed entries")
        return
    free = list(calls)
    for entry in sorted(entries, key=lambda e: -len(e.call)):
        hit = next((c for c in free if entry.call in c.text), None)
        if hit is None:
            problems.append(f"{kind}: no call contains {entry.call!r}")
            return
        free.remove(hit)


def test_every_raw_sql_call_is_listed_and_nothing_is_stale():
    by_group = defaultdict(list)
    for c in raw_calls():
        by_group[(c.file, c.function, c.name)].append(c)
    listed = defaultdict(list)
    for s in review.SITES:
        listed[(s.file, s.function, s.method)].append(s)
    problems = []
    for key in sorted(set(by_group) | set(listed)):
        if key not in listed:
            problems += [f"unreviewed raw SQL: {c.file}:{c.line} {c.function}() {c.name}" for c in by_group[key]]
        elif key not in by_group:
            problems.append(f"stale entry: {key[0]} {key[1]}() {key[2]} no longer exists")
        else:
            _match(f"{key[0]} {key[1]}() {key[2]}", listed[key], by_group[key], problems)
    assert not problems, "raw_sql_sites.SITES is out of date:\n" + "\n".join(problems)


def test_every_statement_reaching_a_pass_through_site_is_listed():
    by_group = defaultdict(list)
    for via, calls in helper_calls().items():
        for c in calls:
            by_group[(via, c.function)].append(c)
    listed = defaultdict(list)
    for r in review.ROUTED:
        listed[(r.via, r.function)].append(r)
    problems = []
    for key in sorted(set(by_group) | set(listed)):
        if key not in listed:
            problems += [f"unreviewed statement: {c.file}:{c.line} {c.function}() passes SQL to {key[0]}"
                         for c in by_group[key]]
        elif key not in by_group:
            problems.append(f"stale routed entry: {key[1]}() no longer calls {key[0]}")
        else:
            _match(f"{key[1]}() -> {key[0]}", listed[key], by_group[key], problems)
    assert not problems, "raw_sql_sites.ROUTED is out of date:\n" + "\n".join(problems)


def _source_texts(file: str) -> str:
    """The file and every litellm module it imports names from (where SQL constants live)."""
    module = _module(file)
    return "\n".join([module.text, *(_texts()[f] for f in set(module.imports.values()))])


def test_sql_snippets_are_still_in_the_source():
    stale = [f"{e.file} {e.function}(): {e.sql!r}" for e in (*review.SITES, *review.ROUTED)
             if e.sql not in _source_texts(e.file)]
    assert not stale, "SQL changed since the review:\n" + "\n".join(stale)


def test_pass_through_sites_are_the_ones_with_routed_statements():
    sites = {f"{s.file}::{s.function}" for s in review.SITES}
    assert {r.via for r in review.ROUTED} <= set(helper_calls()), "a ROUTED.via is not a pass-through function"
    missing = set(helper_calls()) - {r.via for r in review.ROUTED}
    assert not {m for m in missing if helper_calls()[m]}, f"pass-through with unlisted callers: {missing}"
    roots = _pass_through()[1]
    for site in {roots[r.via] for r in review.ROUTED}:
        assert site in sites, f"{site} is not listed"
        # statements of nested pass-throughs (e.g. _query_raw_or_none) count for the site they reach
        routed = [r for r in review.ROUTED if roots[r.via] == site]
        site_handlings = {s.handling for s in review.SITES if f"{s.file}::{s.function}" == site}
        if any(r.handling == review.NEEDS_FIX for r in routed):
            assert review.NEEDS_FIX in site_handlings, f"{site} routes a needs-fix statement"
        else:
            assert site_handlings & {r.handling for r in routed}, f"{site}: handling differs from its statements"


def _known_relations() -> set[str]:
    from alchemi.db.schema import litellm_schema_path, table_names

    views = {"LiteLLM_VerificationTokenView", "MonthlyGlobalSpend", "Last30dKeysBySpend", "Last30dModelsBySpend",
             "MonthlyGlobalSpendPerKey", "MonthlyGlobalSpendPerUserPerKey", "DailyTagSpend",
             "Last30dTopEndUsersSpend"}
    catalogs = {"pg_class", "pg_views", "pg_namespace", "pg_inherits", "pg_partitioned_table",
                "information_schema.columns"}
    return set(table_names(litellm_schema_path().read_text()).values()) | views | catalogs


def test_entries_are_well_formed():
    known = _known_relations()
    for e in (*review.SITES, *review.ROUTED):
        label = f"{e.file} {e.function}"
        assert e.handling in review.HANDLINGS and e.scope in review.SCOPES, label
        assert e.note.strip() and e.sql.strip(), label
        assert bool(e.fix) == (e.handling == review.NEEDS_FIX), f"{label}: needs-fix entries, and only they, say the fix"
        assert set(e.tables) <= known, f"{label}: unknown tables {set(e.tables) - known}"
    assert sum(review.totals().values()) == len(review.SITES)


def _load_doc_script():
    spec = importlib.util.spec_from_file_location("raw_sql_doc", ROOT / "scripts" / "raw_sql_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_doc_table_matches_the_data():
    doc_script = _load_doc_script()
    current = doc_script.DOC_PATH.read_text()
    assert current == doc_script.render(current), "docs/tenancy.md is stale: run `python scripts/raw_sql_doc.py`"
    assert doc_script.summary() in current


# ---- LiteLLM's SQL against two accounts ---------------------------------------------------------
def sql_in(file: str, function: str, snippet: str) -> str:
    """The one string constant inside `function` of `file` (package-relative) containing
    `snippet`: LiteLLM's own statement text, not a copy."""
    module = _module(file)
    found = [n.value for n in ast.walk(module.functions[function])
             if isinstance(n, ast.Constant) and isinstance(n.value, str) and snippet in n.value]
    assert len(found) == 1, f"{file} {function}: {len(found)} constants contain {snippet!r}"
    return found[0]


A, B = "acct-ra-" + uuid.uuid4().hex[:6], "acct-rb-" + uuid.uuid4().hex[:6]
on_session_loop = pytest.mark.asyncio(loop_scope="session")


@dataclass(frozen=True)
class Seeded:
    account: str
    team_id: str
    user_id: str
    token: str
    model: str
    spend: float
    request_id: str


TODAY = datetime.now(timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0, tzinfo=None)
SHARED_IDP_SUBJECT = "idp-sub-" + uuid.uuid4().hex[:6]


async def _seed_account(db, account: str, spend: float) -> Seeded:
    """A team, a user (IdP subject shared with the other account), a key and one request,
    written the way LiteLLM writes them: through the guard in the account's scope, and the
    spend rows by the background writers in system scope."""
    from litellm.proxy.db.daily_spend_bulk_upsert import DAILY_SPEND_TABLES, build_bulk_upsert, merge_by_conflict_key

    tag = account[-6:]
    team_id, user_id = f"team-{tag}-{uuid.uuid4().hex[:6]}", f"user-{tag}-{uuid.uuid4().hex[:6]}"
    token = hashlib.sha256(f"sk-{account}".encode()).hexdigest()
    model, request_id = f"model-{tag}", f"req-{tag}-{uuid.uuid4().hex[:6]}"
    with tenant_context(account):
        await db.litellm_teamtable.create(data={"team_id": team_id, "team_alias": f"team-{tag}",
                                                "members": [user_id]})
        await db.litellm_usertable.create(data={"user_id": user_id, "sso_user_id": SHARED_IDP_SUBJECT,
                                                "user_email": f"{tag}@example.com", "teams": [team_id]})
        await db.litellm_verificationtoken.create(data={"token": token, "team_id": team_id, "user_id": user_id,
                                                        "key_alias": f"alias-{tag}"})
    with system_context("test: LiteLLM's background spend writers"):
        await db.execute_raw(
            'INSERT INTO "LiteLLM_SpendLogs" (request_id, call_type, api_key, spend, model, "user", team_id, '
            '"startTime", "endTime", session_id, status) VALUES ($1, \'acompletion\', $2, $3, $4, $5, $6, $7, $7, $8, '
            "'success')", request_id, token, spend, model, user_id, team_id, TODAY, f"session-{request_id}")
        table = DAILY_SPEND_TABLES["user"]
        row = {"user_id": user_id, "date": TODAY.strftime("%Y-%m-%d"), "api_key": token, "model": model,
               "custom_llm_provider": "openai", "spend": spend, "api_requests": 1, "successful_requests": 1,
               "prompt_tokens": 3, "completion_tokens": 4}
        sql, params = build_bulk_upsert(table=table, batch=merge_by_conflict_key(table=table, transactions=(row,)))
        await db.execute_raw(sql, *params)
    return Seeded(account, team_id, user_id, token, model, spend, request_id)


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def seeded(db):
    a = await _seed_account(db, A, 1.25)
    b = await _seed_account(db, B, 7.5)
    with tenant_context(A):  # A's SCIM placeholder: a user whose id is another user's IdP subject
        await db.litellm_usertable.create(data={"user_id": SHARED_IDP_SUBJECT, "teams": [a.team_id]})
    return {A: a, B: b}


def _each(seeded):
    return [(seeded[A], seeded[B]), (seeded[B], seeded[A])]


@on_session_loop
async def test_background_spend_rows_are_stamped_with_the_key_owner(db, seeded):
    with system_context("test: read raw rows"):
        for s in seeded.values():
            rows = await db.query_raw('SELECT account_id FROM "LiteLLM_DailyUserSpend" WHERE api_key = $1', s.token)
            assert [r["account_id"] for r in rows] == [s.account]


@on_session_loop
async def test_key_lookup_combined_view(db, seeded):
    sql = sql_in("proxy/utils.py", "get_data", 'FROM "LiteLLM_VerificationToken" AS v')
    for own, other in _each(seeded):
        with tenant_context(own.account):
            row = await db.query_first(sql, own.token)
            assert row["team_id"] == own.team_id and row["team_alias"] == f"team-{own.account[-6:]}"
            assert await db.query_first(sql, other.token) is None


@on_session_loop
async def test_spend_analytics(db, seeded):
    from litellm.proxy.analytics_endpoints.cache_activity import get_cache_activity

    per_team = sql_in("proxy/spend_tracking/spend_management_endpoints.py", "global_spend_per_team",
                      "t.team_alias as team_alias")
    client = SimpleNamespace(db=db)
    day = TODAY.replace(hour=0)
    for own, other in _each(seeded):
        with tenant_context(own.account):
            activity = await get_cache_activity(client, day, day, [], [])
            assert activity.filter_options.models == [own.model]
            assert activity.filter_options.key_aliases == [f"alias-{own.account[-6:]}"]
            assert {r["team_alias"] for r in await db.query_raw(per_team)} == {f"team-{own.account[-6:]}"}
            monthly = await db.query_raw('SELECT * FROM "MonthlyGlobalSpend"')  # LiteLLM's view, tenant copy
            assert sum(r["spend"] for r in monthly) == pytest.approx(own.spend)


@on_session_loop
async def test_team_spend_by_user(db, seeded):
    from litellm.proxy.management_endpoints.team_endpoints import _team_user_spend_sql

    sql = _team_user_spend_sql(team_count=2, restrict_to_user=False)
    day = TODAY.strftime("%Y-%m-%d")
    for own, other in _each(seeded):
        with tenant_context(own.account):
            rows = await db.query_raw(sql, day, day, own.team_id, other.team_id)
        assert [(r["team_id"], r["user_id"]) for r in rows] == [(own.team_id, own.user_id)]
        assert rows[0]["spend"] == pytest.approx(own.spend)


@on_session_loop
async def test_daily_activity_aggregate(db, seeded):
    from litellm.proxy.management_endpoints.common_daily_activity import _build_aggregated_sql_query

    day = TODAY.strftime("%Y-%m-%d")
    sql, params = _build_aggregated_sql_query(table_name="litellm_dailyuserspend", entity_id_field="user_id",
                                              entity_id=None, start_date=day, end_date=day, model=None, api_key=None)
    for own, other in _each(seeded):
        with tenant_context(own.account):
            rows = await db.query_raw(sql, *params)
        assert {r["api_key"] for r in rows if r.get("api_key")} == {own.token}
        assert {r["model"] for r in rows if r.get("model")} == {own.model}


@on_session_loop
async def test_writes_reach_only_the_account(db, seeded):
    from litellm.proxy.management_endpoints.team_endpoints import _sweep_deleted_team_references_tx

    add_models = sql_in("proxy/management_endpoints/team_endpoints.py", "team_model_add", "all-proxy-models")
    a, b = seeded[A], seeded[B]
    with tenant_context(B):
        assert await db.execute_raw(add_models, ["gpt-x"], a.team_id) == 0
        async with db.tx() as tx:
            await _sweep_deleted_team_references_tx(team_ids=[a.team_id], tx=tx)
    with system_context("test: read raw rows"):
        assert (await db.litellm_usertable.find_unique(where={"user_id": a.user_id})).teams == [a.team_id]
        assert (await db.litellm_teamtable.find_unique(where={"team_id": a.team_id})).models == []
    with tenant_context(A):
        assert await db.execute_raw(add_models, ["gpt-x"], a.team_id) == 1
    with system_context("test: read raw rows"):
        assert sorted((await db.litellm_teamtable.find_unique(where={"team_id": a.team_id})).models) == [
            "all-proxy-models", "gpt-x"]
        assert (await db.litellm_teamtable.find_unique(where={"team_id": b.team_id})).models == []


@on_session_loop
async def test_namespaced_sso_id_join_and_previous_response_lookup(db, seeded):
    from litellm.repositories.user_repository import _SHADOWING_PLACEHOLDERS_SQL

    responses_sql = sql_in("responses/litellm_completion_transformation/session_handler.py",
                           "get_all_spend_logs_for_previous_response_id", "WITH matching_session AS (")
    a, b = seeded[A], seeded[B]
    with tenant_context(A):  # stored as "<A>::<subject>", compared as the bare subject
        rows = await db.query_raw(_SHADOWING_PLACEHOLDERS_SQL)
        assert [(r["placeholder_user_id"], r["resolved_user_ids"]) for r in rows] == [
            (SHARED_IDP_SUBJECT, [a.user_id])]
    with tenant_context(B):  # B's user has the same IdP subject, but the placeholder is A's
        assert await db.query_raw(_SHADOWING_PLACEHOLDERS_SQL) == []
    for own, other in _each(seeded):
        with tenant_context(own.account):
            assert [r["request_id"] for r in await db.query_raw(responses_sql, own.request_id)] == [own.request_id]
            assert await db.query_raw(responses_sql, other.request_id) == []
