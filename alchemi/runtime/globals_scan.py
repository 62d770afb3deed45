"""Find, by reading its source, the process-global state the installed LiteLLM proxy uses.

Static analysis (the `ast` module; nothing is imported or run) over `litellm/proxy/**`:

- `proxy-global`: every name bound at module level in `proxy_server.py` (assignments, also
  inside module-level `if` / `try` / `with` blocks) or declared `global` in one of its
  functions.
- `litellm-setting`: every write to the `litellm` module done under `litellm/proxy/`:
  `litellm.X = ...`, `litellm.X += ...`, `litellm.X[k] = ...`, `litellm.X.attr = ...`,
  `del litellm.X...`, `setattr(litellm, ...)`, a mutating call on a module attribute
  (`litellm.X.append(...)`, `.update(...)`, ...) and the `litellm.logging_callback_manager.add_*`
  registrations (named after the list they fill). Named `attr @ function` (the innermost
  function or class doing the write, `<module>` at import), so a start-up write and the same
  write in an account's request are told apart; a computed name (`setattr(litellm, key, v)`)
  is `{key} @ function`.
- `module-state`: in the other proxy modules, module-level names that hold state: an instance
  of a class (`Foo()`, `DualCache()`, `Router(...)`), a mutable container (`{}`, `[]`, `set()`,
  `defaultdict(...)`, locks, context variables), a name that looks like state
  (`*_cache`, `*_registry`, `*_manager`, `IN_MEMORY_*`, ...), a name the module mutates
  (`NAME[k] = v`, `NAME.append(...)`) or rebinds from a function (`global NAME`).
- `class-state`: `Class.attr` for class attributes holding state: a ClassVar (or a plain
  class's attribute) that is a container, lock or object, a name that looks like state, or an
  attribute assigned through the class (`Class.attr = v`, `cls.attr = v`); fields of data models
  (annotated, without ClassVar, in a class with bases) and enum members are skipped.
- `env-write`: `os.environ[k] = v`, `os.environ.pop/update/setdefault/clear`, `del
  os.environ[k]`, `os.putenv`, `os.unsetenv` under `litellm/proxy/`, named `VAR @ function`
  (`{expr} @ function` when the key is computed, `{update} @ function` for a bulk update).

Not scanned: `litellm.proxy.client` (the `litellm-proxy` CLI, its own program) and
`litellm.proxy.example_config_yaml` (sample files for operators' configs).

`scan()` returns a sorted tuple of `Global(kind, module, name, lines)`, one per (kind, module,
name), deterministic for a given source tree. What static reading cannot see: state reached
through other names (`from litellm import callbacks; callbacks.append(...)` with the list
imported under another name), attributes set on objects passed around or on instances.
alchemi/runtime/globals_table.py classifies every item; tests/runtime/test_globals_table.py
fails when an item is not classified.
"""
from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROXY_GLOBAL = "proxy-global"
LITELLM_SETTING = "litellm-setting"
MODULE_STATE = "module-state"
ENV_WRITE = "env-write"
CLASS_STATE = "class-state"
KINDS = (PROXY_GLOBAL, LITELLM_SETTING, MODULE_STATE, CLASS_STATE, ENV_WRITE)

PROXY_SERVER = "litellm.proxy.proxy_server"

# methods that change the container (or manager) they are called on
MUTATORS = frozenset({"append", "extend", "insert", "remove", "pop", "popitem", "clear", "update",
                      "setdefault", "add", "discard", "sort", "reverse", "appendleft", "extendleft"})
# litellm.logging_callback_manager.<method> -> the litellm list it fills
CALLBACK_MANAGER_LISTS = {
    "add_litellm_input_callback": "input_callback",
    "add_litellm_service_callback": "service_callback",
    "add_litellm_callback": "callbacks",
    "add_litellm_success_callback": "success_callback",
    "add_litellm_failure_callback": "failure_callback",
    "add_litellm_async_success_callback": "_async_success_callback",
    "add_litellm_async_failure_callback": "_async_failure_callback",
}
# module-level calls whose result is not state: loggers, route tables, typing helpers, regexes
NOT_STATE_CALLS = frozenset({
    "APIRouter", "TypeVar", "ParamSpec", "NewType", "namedtuple", "NamedTuple", "TypedDict", "Enum",
    "getLogger", "compile", "Field", "Depends", "Security", "APIKeyHeader", "HTTPBearer", "Query",
    "Header", "Path", "Body", "Form", "File", "frozenset", "tuple", "cast", "getenv", "get", "Literal",
    "Annotated", "Optional", "Union", "Jinja2Templates", "StaticFiles", "Template", "Decimal",
    "timedelta", "PurePosixPath", "object", "str", "int", "float", "bool", "len", "sorted",
    "TypeAdapter", "MappingProxyType", "Final", "ConfigDict", "SettingsConfigDict", "PrivateAttr",
})
# factories of mutable containers: always empty when built, or empty when called without arguments
EMPTY_FACTORIES = frozenset({"defaultdict", "deque", "WeakValueDictionary", "WeakKeyDictionary", "WeakSet",
                             "local", "ContextVar"})
STATE_FACTORIES = frozenset({"dict", "list", "set", "OrderedDict", "Counter", "bytearray"})
STATE_NAME = re.compile(r"(?i)(^in_memory_|_cache$|_caches$|_registry$|_registries$|_manager$|_managers$|"
                        r"_client$|_clients$|_instance$|_singleton$|_store$|_pool$|_locks?$|_queue$)")
# packages under litellm/proxy that never run in the server process: the `litellm-proxy` CLI
# client (its own program) and sample files for operators' configs
NOT_SERVER = ("litellm.proxy.client", "litellm.proxy.example_config_yaml")


@dataclass(frozen=True, order=True)
class Global:
    kind: str
    module: str  # dotted, e.g. litellm.proxy.proxy_server
    name: str
    lines: tuple[int, ...]

    @property
    def key(self) -> tuple[str, str, str]:
        return self.kind, self.module, self.name


def package_root() -> Path:
    """The installed litellm package directory (found without importing it)."""
    import importlib.util

    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("litellm is not installed")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _callee_name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Subscript):  # Foo[int]()
        return _callee_name(func.value)
    return ""


def _target_names(target: ast.expr) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for t in target.elts for n in _target_names(t)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    return []


def _chain(node: ast.expr) -> list[str] | None:
    """`a.b.c` -> ['a', 'b', 'c']; None for anything that is not a plain name/attribute chain."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return parts[::-1]


def _root_of_store(node: ast.expr) -> ast.expr:
    """`x[k].y[j]` (a store target) -> the expression that is mutated at the bottom: `x`."""
    while isinstance(node, ast.Subscript):
        node = node.value
    return node


class _Collector(ast.NodeVisitor):
    """Walks one module; `self.found[(kind, name)]` collects line numbers."""

    def __init__(self, module: str) -> None:
        self.module = module
        self.found: dict[tuple[str, str], set[int]] = defaultdict(set)
        self.functions: list[str] = []
        self.litellm_names = {"litellm"} if module.startswith("litellm.proxy") else set()
        self.os_names: set[str] = set()
        self.environ_names: set[str] = set()
        self.mutated: dict[str, set[int]] = defaultdict(set)  # module names mutated in place
        self.declared_global: dict[str, set[int]] = defaultdict(set)
        self.classes: list[str] = []
        self.class_stores: dict[tuple[str, str], set[int]] = defaultdict(set)  # Class.attr = ..., cls.attr = ...

    # ---- bookkeeping --------------------------------------------------------------------
    def _add(self, kind: str, target: str, line: int) -> None:
        """A write to `target`, named with the function that does it (a table entry can tell a
        start-up write from one done in an account's request)."""
        self.found[(kind, f"{target} @ {self._where()}")].add(line)

    def _where(self) -> str:
        return self.functions[-1] if self.functions else "<module>"

    def _dynamic(self, expr: ast.expr) -> str:
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return expr.value
        return "{" + ast.unparse(expr) + "}"

    # ---- imports ------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "litellm":
                self.litellm_names.add(alias.asname or "litellm")
            elif alias.name == "os":
                self.os_names.add(alias.asname or "os")
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.module == "os" and node.level == 0:
            self.environ_names.update(a.asname or a.name for a in node.names if a.name == "environ")
        self.generic_visit(node)

    # ---- scopes -------------------------------------------------------------------------
    def _visit_function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self.functions.append(node.name)
        self.generic_visit(node)
        self.functions.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = _visit_function

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.functions.append(node.name)
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()
        self.functions.pop()

    def visit_Global(self, node: ast.Global) -> None:
        for name in node.names:
            self.declared_global[name].add(node.lineno)

    # ---- what counts as a write ---------------------------------------------------------
    def _is_litellm(self, node: ast.expr) -> bool:
        return isinstance(node, ast.Name) and node.id in self.litellm_names

    def _is_environ(self, node: ast.expr) -> bool:
        chain = _chain(node)
        return chain is not None and ((len(chain) == 2 and chain[0] in self.os_names and chain[1] == "environ")
                                      or (len(chain) == 1 and chain[0] in self.environ_names))

    def _store(self, target: ast.expr, line: int) -> None:
        """A store (assignment, augmented assignment, del) to `target`."""
        if isinstance(target, (ast.Tuple, ast.List)):
            for t in target.elts:
                self._store(t, line)
            return
        if isinstance(target, ast.Starred):
            self._store(target.value, line)
            return
        base = _root_of_store(target)
        if isinstance(target, ast.Subscript) and self._is_environ(base):
            self._add(ENV_WRITE, self._dynamic(target.slice), line)
            return
        chain = _chain(base)
        if chain and len(chain) > 1:  # Class.attr = v (cls.attr in its methods): class state if Class is ours
            owner = self.classes[-1] if chain[0] == "cls" and self.classes else chain[0]
            self.class_stores[(owner, chain[1])].add(line)
        if chain and chain[0] in self.litellm_names and len(chain) > 1:
            self._add(LITELLM_SETTING, ".".join(chain[1:]), line)
        elif chain and (base is not target or len(chain) > 1):  # NAME[k] = v, NAME.attr = v
            self.mutated[chain[0]].add(line)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._store(target, node.lineno)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._store(node.target, node.lineno)
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self._store(node.target, node.lineno)
        self.generic_visit(node)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            if not isinstance(target, ast.Name):
                self._store(target, node.lineno)
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and node.args and self._is_litellm(node.args[0]):
            name = self._dynamic(node.args[1]) if len(node.args) > 1 else "{?}"
            self._add(LITELLM_SETTING, name, node.lineno)
        elif isinstance(func, ast.Attribute):
            chain = _chain(func.value)
            if self._is_environ(func.value) and func.attr in MUTATORS:
                key = self._dynamic(node.args[0]) if node.args and func.attr in ("pop", "setdefault") else \
                    "{" + func.attr + "}"
                self._add(ENV_WRITE, key, node.lineno)
            elif chain and chain[0] in self.os_names and len(chain) == 1 and func.attr in ("putenv", "unsetenv"):
                self._add(ENV_WRITE, self._dynamic(node.args[0]) if node.args else "{?}", node.lineno)
            elif chain and chain[0] in self.litellm_names and len(chain) > 1:
                attrs = chain[1:]
                if attrs == ["logging_callback_manager"] and func.attr in CALLBACK_MANAGER_LISTS:
                    self._add(LITELLM_SETTING, CALLBACK_MANAGER_LISTS[func.attr], node.lineno)
                elif func.attr in MUTATORS:
                    self._add(LITELLM_SETTING, ".".join(attrs), node.lineno)
            elif chain and len(chain) == 1 and func.attr in MUTATORS:
                self.mutated[chain[0]].add(node.lineno)
        self.generic_visit(node)


CONTAINER, INSTANCE = "container", "instance"


def _value_kind(value: ast.expr | None) -> str | None:
    """CONTAINER for an empty mutable container (filled later) or a lock, INSTANCE for another
    object built by a class, None for anything else (literals, comprehensions and containers
    built full at import, calls that build no state)."""
    if isinstance(value, ast.Dict):
        return CONTAINER if not value.keys else None
    if isinstance(value, ast.List):
        return CONTAINER if not value.elts else None
    if isinstance(value, ast.Call):
        callee = _callee_name(value.func)
        if callee in NOT_STATE_CALLS:
            return None
        if callee.endswith(("Lock", "Semaphore", "Event", "Condition", "Queue")) or callee in EMPTY_FACTORIES:
            return CONTAINER
        if callee in STATE_FACTORIES:
            return None if value.args else CONTAINER
        if callee[:1].isupper():
            return INSTANCE
    return None


def _module_level_bindings(tree: ast.Module) -> dict[str, tuple[set[int], set[str]]]:
    """Names bound by assignment at module level (into if/try/with/for, not def/class), with
    their lines and the kinds of value bound (see _value_kind)."""
    names: dict[str, tuple[set[int], set[str]]] = {}

    def bind(targets: list[ast.expr], value: ast.expr | None, line: int) -> None:
        for target in targets:
            for name in _target_names(target):
                lines, kinds = names.setdefault(name, (set(), set()))
                lines.add(line)
                kind = _value_kind(value)
                if kind:
                    kinds.add(kind)

    def walk(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.Assign):
                bind(stmt.targets, stmt.value, stmt.lineno)
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                bind([stmt.target], stmt.value, stmt.lineno)
            elif isinstance(stmt, ast.AugAssign):
                bind([stmt.target], None, stmt.lineno)
            elif isinstance(stmt, (ast.If, ast.For, ast.AsyncFor, ast.While)):
                walk(stmt.body)
                walk(stmt.orelse)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                walk(stmt.body)
            elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
                walk(stmt.body)
                for handler in stmt.handlers:
                    walk(handler.body)
                walk(stmt.orelse)
                walk(stmt.finalbody)

    walk(tree.body)
    return names


def _holds_state(name: str, kinds: set[str], collector: _Collector) -> bool:
    """A module-level name of a proxy submodule that holds process state. ALL_CAPS names built
    by a class are constants by convention (masks, adapters, sentinels) unless the module
    mutates or rebinds them or their name says they are a cache, registry, lock, ..."""
    if name == "__all__":
        return False
    if name in collector.mutated or name in collector.declared_global or STATE_NAME.search(name):
        return True
    return CONTAINER in kinds or (INSTANCE in kinds and not name.isupper())


def _classes(body: list[ast.stmt]) -> list[ast.ClassDef]:
    """Classes defined at import time: at module level, in module-level blocks, nested in classes
    (not classes created by calling a function)."""
    found: list[ast.ClassDef] = []
    for stmt in body:
        if isinstance(stmt, ast.ClassDef):
            found += [stmt, *_classes(stmt.body)]
        elif isinstance(stmt, (ast.If, ast.For, ast.While, ast.With, ast.Try)) or type(stmt).__name__ == "TryStar":
            for block in ("body", "orelse", "finalbody"):
                found += _classes(getattr(stmt, block, []))
            for handler in getattr(stmt, "handlers", []):
                found += _classes(handler.body)
    return found


def _class_state(tree: ast.Module, collector: _Collector) -> dict[str, set[int]]:
    """`Class.attr` -> lines, for class attributes that hold process state: a mutable container,
    lock or object (ClassVar or plain), a name that looks like state, or an attribute the module
    assigns through the class (`Class.attr = v`, `cls.attr = v`). Annotated attributes without
    ClassVar in a class with bases are fields of a data model (pydantic, TypedDict, dataclass),
    one per instance, and enum members are constants: both are skipped."""
    found: dict[str, set[int]] = defaultdict(set)
    for cls in _classes(tree.body):
        if any(_callee_name(b).endswith("Enum") for b in cls.bases):
            continue
        plain = not cls.bases and not cls.keywords
        for stmt in cls.body:
            if isinstance(stmt, ast.Assign):
                targets, value, annotation = stmt.targets, stmt.value, None
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value, annotation = [stmt.target], stmt.value, ast.unparse(stmt.annotation)
            else:
                continue
            if annotation is not None and "ClassVar" not in annotation and not plain:
                continue
            for name in (n for t in targets for n in _target_names(t)):
                if name.startswith("__") or name.isupper() and not STATE_NAME.search(name):
                    continue
                if _value_kind(value) or STATE_NAME.search(name) or (cls.name, name) in collector.class_stores:
                    found[f"{cls.name}.{name}"].add(stmt.lineno)
    return found


def scan_source(module: str, source: str) -> list[Global]:
    """The globals one module's source holds (see the module docstring for the rules)."""
    tree = ast.parse(source)
    collector = _Collector(module)
    collector.visit(tree)
    found = collector.found
    bindings = _module_level_bindings(tree)
    kind = PROXY_GLOBAL if module == PROXY_SERVER else MODULE_STATE
    for name, (lines, kinds) in bindings.items():
        if kind == PROXY_GLOBAL or _holds_state(name, kinds, collector):
            found[(kind, name)].update(lines)
    for name, lines in collector.declared_global.items():
        if name not in bindings:  # created by a function: `global NAME` then `NAME = ...`
            found[(kind, name)].update(lines)
    for name, lines in _class_state(tree, collector).items():
        found[(CLASS_STATE, name)].update(lines)
    return [Global(k, module, n, tuple(sorted(lines))) for (k, n), lines in found.items()]


@cache
def scan(root: Path | None = None) -> tuple[Global, ...]:
    """Every global found under `<root>/proxy` (root: the installed litellm package), sorted."""
    root = root or package_root()
    items: list[Global] = []
    for path in sorted((root / "proxy").rglob("*.py")):
        module = _module_name(root, path)
        if not module.startswith(NOT_SERVER):
            items += scan_source(module, path.read_text(encoding="utf-8"))
    return tuple(sorted(items))


def counts(items: tuple[Global, ...]) -> dict[str, int]:
    """Items per kind, in KINDS order."""
    return {kind: sum(1 for i in items if i.kind == kind) for kind in KINDS}
