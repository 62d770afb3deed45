"""`prisma.types`, built on first use.

The generated `prisma/types.py` defines ~24,000 TypedDicts (for the 77 LiteLLM models and ours,
every `<Model>IncludeFrom<Other>` pair): executing it is a third of importing LiteLLM's proxy
(~2.5 s on a quiet machine, in every worker, CLI and test server). They exist for type
checkers: LiteLLM names them in annotations that are never evaluated, or under TYPE_CHECKING,
and at run time imports only the aliases at the top of the module (`HttpConfig`,
`DatasourceOverride`, `MetricsFormat`, ...).

After `prisma generate`, `make_lazy` keeps the generated module, unchanged, as
`prisma/_types_full.py`, and rewrites `prisma/types.py` as its leading imports and aliases
(copied verbatim) plus a module `__getattr__`: the first access to any other name imports the
full module and copies its names in, so every name resolves exactly as before, just later.
`tests/db/test_lazy_types.py` checks that the two modules offer the same names.
"""
from __future__ import annotations

import ast
from pathlib import Path

FULL_MODULE = "_types_full"
MARKER = "# alchemi: lazy prisma.types"

_TAIL = f'''
{MARKER} (alchemi/db/lazy_types.py). The generated module is prisma/{FULL_MODULE}.py;
# the names above are what LiteLLM uses at run time; any other name loads the rest.

if TYPE_CHECKING:
    from .{FULL_MODULE} import *  # noqa: F401,F403


def __getattr__(name: str) -> Any:
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(name)
    import importlib

    full = importlib.import_module(".{FULL_MODULE}", __package__)
    globals().update({{k: v for k, v in vars(full).items() if not (k.startswith("__") and k.endswith("__"))}})
    try:
        return globals()[name]
    except KeyError:
        raise AttributeError(f"module {{__name__!r}} has no attribute {{name!r}}") from None


def __dir__() -> list:
    import importlib

    return sorted(set(globals()) | set(dir(importlib.import_module(".{FULL_MODULE}", __package__))))
'''


def _is_alias(node: ast.stmt) -> bool:
    """`Name = _types.Name`: an alias of prisma's own (hand-written) types."""
    return (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Attribute) and isinstance(node.value.value, ast.Name))


def eager_head(source: str) -> str:
    """The module's leading imports and aliases, verbatim (comments included), up to the first
    statement that is neither."""
    tree = ast.parse(source)
    end = 0
    for node in tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)) and not _is_alias(node):
            break
        end = node.end_lineno or end
    if end == 0:
        raise ValueError("prisma/types.py does not start with imports: unexpected generator output")
    return "".join(source.splitlines(keepends=True)[:end])


def make_lazy(package_dir: Path) -> bool:
    """Split the freshly generated `prisma/types.py`; returns False if it was split already."""
    types_py = package_dir / "types.py"
    source = types_py.read_text()
    if MARKER in source:
        return False
    head = eager_head(source)
    for needed in ("TYPE_CHECKING", "Any"):
        if needed not in head:
            raise ValueError(f"prisma/types.py no longer imports {needed} at the top: unexpected generator output")
    (package_dir / f"{FULL_MODULE}.py").write_text(source)
    types_py.write_text(head + _TAIL)
    return True
