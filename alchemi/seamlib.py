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
