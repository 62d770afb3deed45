"""Every process-global the installed LiteLLM proxy uses is found (globals_scan.py), classified
with its per-account strategy (globals_table.py), and documented in docs/tenancy.md."""
from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import textwrap
import types
from pathlib import Path

import pytest

from alchemi.runtime import globals_scan as scan_mod
from alchemi.runtime import globals_table as table
from alchemi.runtime.globals_scan import (CLASS_STATE, ENV_WRITE, LITELLM_SETTING, MODULE_STATE, PROXY_GLOBAL,
                                          PROXY_SERVER, Global, scan, scan_source)

ROOT = Path(__file__).resolve().parents[2]


def _describe(items) -> str:
    return "\n".join(f"  {i.kind} {i.module} {i.name!r} (lines {', '.join(map(str, i.lines))})" for i in items)


def _unclassified(items, entries=table.ENTRIES) -> list[Global]:
    return [i for i in items if not table.entries_for(i, entries)]


# ---- the table against the installed LiteLLM ---------------------------------------------------
def test_every_global_is_classified():
    missing = _unclassified(scan())
    assert not missing, (
        f"{len(missing)} process-global(s) of the installed LiteLLM have no entry in "
        f"alchemi/runtime/globals_table.py; classify each (per-account, shared-safe, platform, read-only "
        f"or pending), then run `python scripts/globals_doc.py`:\n{_describe(missing)}")


def test_no_global_has_two_entries():
    doubles = {i: [e.title for e in table.entries_for(i)] for i in scan() if len(table.entries_for(i)) > 1}
    assert not doubles, "globals covered by more than one entry:\n" + "\n".join(
        f"  {i.kind} {i.module} {i.name!r}: {titles}" for i, titles in doubles.items())


def test_no_stale_entry_or_pattern():
    """An entry (or one of its patterns) that matches nothing names a global the pinned LiteLLM no
    longer has (or a typo that would hide a new one)."""
    items = scan()
    stale = [f"  {e.title}: {c}" for e in table.ENTRIES for c in e.covers if not any(c.matches(i) for i in items)]
    assert not stale, "patterns in alchemi/runtime/globals_table.py that match no scanned global:\n" + "\n".join(stale)


def test_entries_are_complete():
    titles = [e.title for e in table.ENTRIES]
    assert len(titles) == len(set(titles)), "entry titles must be unique (coverage is keyed by title)"
    for entry in table.ENTRIES:
        assert entry.strategy.name in table.STRATEGIES, entry.title
        assert entry.covers, entry.title
        if entry.strategy.name == table.PER_ACCOUNT:
            modules = [m.strip() for m in entry.strategy.detail.split(",")]
            missing = [m for m in modules if not (ROOT / m).is_file()]
            assert not missing, f"{entry.title}: per-account entries name the alchemi module doing it; {missing}"
        elif entry.strategy.name == table.PENDING:
            assert len(entry.risk) > 40, f"{entry.title}: a pending entry says what can go wrong meanwhile"
        else:
            assert len(entry.strategy.detail) > 30, f"{entry.title}: say why ({entry.strategy.name})"


def test_pending_becomes_per_account_in_one_line():
    """The lead moves an entry from pending to per-account by replacing its `pending(),` with
    `per_account("alchemi/runtime/..."),`: one line of source per entry, nothing else."""
    source = inspect.getsource(table)
    entries = next(n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.AnnAssign)
                   and getattr(n.target, "id", None) == "ENTRIES").value
    calls = [c for c in entries.elts if isinstance(c, ast.Call)]
    assert len(calls) == len(table.ENTRIES)
    for call, entry in zip(calls, table.ENTRIES):
        strategy = call.args[2] if len(call.args) > 2 else next(k.value for k in call.keywords if k.arg == "strategy")
        if entry.strategy.name in (table.PENDING, table.PER_ACCOUNT):
            assert strategy.lineno == strategy.end_lineno, f"{entry.title}: keep its strategy on one line"
        if entry.strategy.name == table.PENDING:
            assert ast.unparse(strategy) == "pending()", entry.title
            moved = table.Entry(entry.title, entry.covers, table.per_account("alchemi/runtime/registry.py"),
                                entry.note, entry.risk)
            assert table.totals(scan(), (moved,))[table.PER_ACCOUNT] == len(
                table.coverage(scan(), (entry,))[entry.title])


def test_dropping_an_entry_leaves_its_globals_unclassified():
    items = scan()
    for entry in (table.ENTRIES[0], table.ENTRIES[-1]):
        rest = tuple(e for e in table.ENTRIES if e is not entry)
        assert set(_unclassified(items, rest)) == set(table.coverage(items, (entry,))[entry.title]) != set()


def test_totals_count_every_global_once():
    items = scan()
    counts = table.totals(items)
    assert sum(counts.values()) == len(items)
    assert counts[table.PER_ACCOUNT] >= 4
    # issue 4 is done when the table is complete: every global has a decided strategy
    assert counts.get(table.PENDING, 0) == 0, [e.title for e in table.ENTRIES if e.strategy.name == table.PENDING]


def test_docs_table_is_current():
    spec = importlib.util.spec_from_file_location("globals_doc", ROOT / "scripts" / "globals_doc.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    doc = (ROOT / "docs" / "tenancy.md").read_text()
    assert doc == script.render(doc), "docs/tenancy.md is stale: run `python scripts/globals_doc.py`"
    assert script.summary().split(":")[0] in doc


# ---- the scanner -----------------------------------------------------------------------------
def test_scan_is_sorted_and_deterministic():
    first = scan()
    assert list(first) == sorted(first)
    assert scan.__wrapped__() == first
    assert len({i.key for i in first}) == len(first)
    assert {i.kind for i in first} == set(scan_mod.KINDS)


def test_scan_sees_the_globals_we_already_replace():
    keys = {i.key for i in scan()}
    for name in ("llm_router", "llm_model_list", "general_settings", "user_api_key_cache", "prisma_client"):
        assert (PROXY_GLOBAL, PROXY_SERVER, name) in keys
    assert (MODULE_STATE, "litellm.proxy.utils", "litellm_config_cache") in keys
    assert (MODULE_STATE, "litellm.proxy._experimental.mcp_server.mcp_server_manager",
            "global_mcp_server_manager") in keys
    assert (MODULE_STATE, "litellm.proxy.guardrails.guardrail_registry", "IN_MEMORY_GUARDRAIL_HANDLER") in keys
    assert (LITELLM_SETTING, PROXY_SERVER, "{key} @ _update_config_fields") in keys
    assert (ENV_WRITE, PROXY_SERVER, "{k} @ _decrypt_and_set_db_env_variables") in keys


def _import_names(tree: ast.Module, package: str) -> set[str]:
    """Names a module binds by importing (star imports: the public names of their module)."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if any(a.name == "*" for a in node.names):
                source = importlib.import_module("." * node.level + (node.module or ""), package)
                names |= set(getattr(source, "__all__", None) or (n for n in vars(source) if not n.startswith("_")))
            names |= {a.asname or a.name for a in node.names}
    return names


def test_scan_finds_every_data_global_of_the_live_proxy_server():
    """Cross-check the static reading against the imported module: every data value in
    proxy_server's namespace that its own code binds (not imported, not a def/class) is found."""
    from litellm.proxy import proxy_server

    path = Path(proxy_server.__file__)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    defined = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
    bound_here = set(vars(proxy_server)) - _import_names(tree, "litellm.proxy") - defined
    live = {n for n in bound_here if not n.startswith("__")
            and not isinstance(vars(proxy_server)[n], (types.ModuleType, types.FunctionType, type))}
    found = {i.name for i in scan() if i.kind == PROXY_GLOBAL}
    assert live - found == set(), f"module globals of proxy_server the scan missed: {sorted(live - found)}"
    assert len(live) > 100


SYNTHETIC = textwrap.dedent('''
    import os
    import litellm
    import litellm as _litellm
    from os import environ
    from typing import Final
    from litellm.caching import DualCache

    NEW_TENANT_CACHE: Final = DualCache()        # a singleton at module level
    _seen_accounts = {}                          # an empty container filled later
    per_request_registry = SomeRegistry()
    MAX_THINGS: Final = 10                       # a constant: not state
    KNOWN: Final = {"a", "b"}                    # built full at import: not state
    _counter = 0

    def bump():
        global _counter
        _counter += 1

    def remember(key, value):
        CONSTANT_TABLE[key] = value

    CONSTANT_TABLE = {"x": 1}

    def configure(settings):
        litellm.brand_new_setting = settings["x"]
        _litellm.other_list.append(1)
        setattr(litellm, settings["name"], True)
        litellm.logging_callback_manager.add_litellm_success_callback(object())
        litellm.model_cost["m"] = {}
        os.environ["NEW_SECRET"] = "1"
        environ.update({"A": "1"})
        os.environ.pop(settings["var"], None)
        Tracker.hits = 1


    class Tracker:                               # a plain class: its attributes are shared state
        _per_tenant_cache: ClassVar[dict] = {}
        pending_rows: list = []
        hits = 0                                 # assigned through the class above
        LIMIT = 5

    class Payload(BaseModel):                    # a data model: fields are per instance
        items: list = []

    class Color(Enum):
        in_memory_red = 1
''')


def test_scanner_detects_a_synthetic_new_global():
    """Negative test: a module with new globals of every kind is found, item by item, and the
    table does not cover them, so test_every_global_is_classified would fail on them."""
    module = "litellm.proxy.brand_new_feature"
    items = scan_source(module, SYNTHETIC)
    found = {(i.kind, i.name) for i in items}
    assert found == {
        (MODULE_STATE, "NEW_TENANT_CACHE"), (MODULE_STATE, "_seen_accounts"),
        (MODULE_STATE, "per_request_registry"), (MODULE_STATE, "_counter"), (MODULE_STATE, "CONSTANT_TABLE"),
        (LITELLM_SETTING, "brand_new_setting @ configure"), (LITELLM_SETTING, "other_list @ configure"),
        (LITELLM_SETTING, "{settings['name']} @ configure"), (LITELLM_SETTING, "success_callback @ configure"),
        (LITELLM_SETTING, "model_cost @ configure"),
        (ENV_WRITE, "NEW_SECRET @ configure"), (ENV_WRITE, "{update} @ configure"),
        (ENV_WRITE, "{settings['var']} @ configure"),
        (CLASS_STATE, "Tracker._per_tenant_cache"), (CLASS_STATE, "Tracker.pending_rows"),
        (CLASS_STATE, "Tracker.hits"),
    }
    assert next(i for i in items if i.name == "NEW_TENANT_CACHE").lines == (9,)
    assert set(_unclassified(items)) == set(items)


def test_a_new_proxy_server_global_is_unclassified(tmp_path):
    """Negative test through the whole pipeline: a copy of the installed proxy package whose
    proxy_server.py gained one global scans with exactly that global unclassified."""
    root = scan_mod.package_root()
    fake = tmp_path / "litellm"
    (fake / "proxy").mkdir(parents=True)
    source = (root / "proxy" / "proxy_server.py").read_text(encoding="utf-8")
    (fake / "proxy" / "proxy_server.py").write_text(
        source + "\n\ntenant_blind_cache = DualCache()\n\n\ndef _late():\n    global late_global\n"
                 "    late_global = 1\n", encoding="utf-8")
    (fake / "proxy" / "client").mkdir()
    (fake / "proxy" / "client" / "cli.py").write_text("STATE = {}\n", encoding="utf-8")  # not the server
    items = scan.__wrapped__(fake)
    assert {i.module for i in items} == {PROXY_SERVER}
    missing = _unclassified(items)
    assert [(i.kind, i.name) for i in missing] == [(PROXY_GLOBAL, "late_global"),
                                                   (PROXY_GLOBAL, "tenant_blind_cache")]
    # the rest of proxy_server.py is still covered, entry for entry
    assert {i.key for i in items} - {i.key for i in missing} <= {i.key for i in scan()}


@pytest.mark.parametrize("name, kind", [
    ("litellm.x = 1", LITELLM_SETTING), ("litellm.x += [1]", LITELLM_SETTING), ("del litellm.x[1]", LITELLM_SETTING),
    ("litellm.x.y = 1", LITELLM_SETTING), ("litellm.x.update({})", LITELLM_SETTING),
    ("os.environ['A'] = 'b'", ENV_WRITE), ("os.environ.setdefault('A', 'b')", ENV_WRITE),
    ("os.putenv('A', 'b')", ENV_WRITE), ("del os.environ['A']", ENV_WRITE),
])
def test_scanner_write_forms(name, kind):
    items = scan_source("litellm.proxy.m", f"import os\nimport litellm\n\ndef f():\n    {name}\n")
    assert [i.kind for i in items] == [kind], name


def test_scanner_ignores_reads_and_locals():
    source = ("import os\nimport litellm\n\ndef f():\n    x = litellm.callbacks\n    y = os.environ.get('A')\n"
              "    local = {}\n    local['a'] = 1\n    litellm.completion(model='m')\n")
    assert scan_source("litellm.proxy.m", source) == []
