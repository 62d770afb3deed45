"""What a seam is: a declared LiteLLM internal, its contract, and checks for it.

The list of seams lives in alchemi/seams.py; capability packages that declare seams beside
their own code (branding, runtime) import the building blocks from here.
"""
from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["read", "extend", "wrap", "replace"]


class SeamError(RuntimeError):
    """A seam no longer matches the installed LiteLLM (usually after an upgrade)."""


@dataclass(frozen=True)
class Seam:
    name: str
    target: str  # "package.module:attr.attr"
    kind: Kind
    contract: str
    check: Callable[[Any], str | None]

    def resolve(self) -> Any:
        module_name, _, attr_path = self.target.partition(":")
        obj: Any = importlib.import_module(module_name)
        for part in attr_path.split(".") if attr_path else ():
            obj = getattr(obj, part)
        return obj

    def problem(self) -> str | None:
        """None when the contract holds, else what is wrong."""
        try:
            obj = self.resolve()
        except (ImportError, AttributeError) as e:
            return f"{self.target} not found ({e})"
        try:
            return self.check(obj)
        except Exception as e:  # a check must never crash start-up without saying which seam
            return f"check raised {e!r}"


def is_callable_with(*params: str) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        if not callable(obj):
            return "is not callable"
        names = list(inspect.signature(obj).parameters)
        missing = [p for p in params if p not in names]
        return f"parameters {missing} missing (has {names})" if missing else None
    return check


def is_instance_of(type_path: str) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        module_name, _, name = type_path.rpartition(".")
        cls = getattr(importlib.import_module(module_name), name)
        return None if isinstance(obj, cls) else f"is {type(obj).__name__}, expected {name}"
    return check


def has_attrs(*names: str) -> Callable[[Any], str | None]:
    def check(obj: Any) -> str | None:
        missing = [n for n in names if not hasattr(obj, n)]
        return f"attributes {missing} missing" if missing else None
    return check


_MARK = "_alchemi_replaces"


def source_mentions(*fragments: str) -> Callable[[Any], str | None]:
    """A check that the function's source (the original, once we wrap it) still contains each
    fragment: for seams that rely on what a LiteLLM function does inside."""
    def check(obj: Any) -> str | None:
        obj = getattr(obj, "_alchemi_replaces", obj)  # after install: the original we wrap
        source = inspect.getsource(obj)
        missing = [f for f in fragments if f not in source]
        return f"no longer calls {missing}" if missing else None
    return check


def replace_once(owner: Any, name: str, replacement: Callable[..., Any]) -> Callable[..., Any]:
    """Put `replacement` at `owner.name` unless it (or another of ours) is already there; returns
    what it replaced (the original, also on a second call), also kept on the replacement as
    `_alchemi_replaces`. For wraps that call the original: `original = replace_once(...)`."""
    current = getattr(owner, name)
    if hasattr(current, _MARK):
        return getattr(current, _MARK)
    setattr(replacement, _MARK, current)
    setattr(owner, name, replacement)
    return current


# ---- subclass swaps ------------------------------------------------------------------------------
_SUBCLASSES: dict[tuple, type] = {}


def subclass_for(base: type, make: Callable[..., type], *key: Any, prefix: str) -> type:
    """`make(base, *key)`, built once per (base, make, key), named `<prefix><base name>` and placed
    in base's module (so reprs and pickling paths look like LiteLLM's own class)."""
    index = (base, make, key)
    sub = _SUBCLASSES.get(index)
    if sub is None:
        sub = make(base, *key)
        sub.__name__ = sub.__qualname__ = f"{prefix}{base.__name__}"
        sub.__module__ = base.__module__
        sub._alchemi_swap = (make, key)  # type: ignore[attr-defined]
        _SUBCLASSES[index] = sub
    return sub


def swap_class(obj: Any, make: Callable[..., type], *key: Any, prefix: str) -> bool:
    """Give `obj` (identity and state kept) the subclass of its class that `make` builds; False
    when it already has it (idempotent)."""
    if getattr(type(obj), "_alchemi_swap", None) == (make, key):
        return False
    obj.__class__ = subclass_for(type(obj), make, *key, prefix=prefix)
    return True
