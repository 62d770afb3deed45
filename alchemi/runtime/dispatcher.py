"""`llm_router` and `llm_model_list` as LiteLLM's code sees them: the current account's.

LiteLLM reads both module globals of proxy_server inside functions (`from proxy_server import
llm_router`, `global llm_router`), never at import, so one object installed in each global is
enough. `RouterDispatcher` forwards every attribute read and write to the router of the
account in scope (`RuntimeRegistry.router_for_scope`) and reports `litellm.Router` as its
class, so `isinstance(llm_router, Router)` holds. `AccountModelList` is a list whose contents
are the current account's deployments at the moment it is read.
"""
from __future__ import annotations

import copy
from typing import Any

import litellm


class RouterDispatcher:
    """Stands in for proxy_server.llm_router."""

    __slots__ = ("_registry", "_model_list")

    def __init__(self, registry: Any) -> None:
        object.__setattr__(self, "_registry", registry)
        object.__setattr__(self, "_model_list", AccountModelList(registry))

    @property
    def __class__(self):  # noqa: D401 - isinstance(llm_router, litellm.Router) must hold
        return litellm.Router

    def target(self) -> litellm.Router:
        """The router this stands for right now."""
        return object.__getattribute__(self, "_registry").router_for_scope()

    def get_model_list(self, *args: Any, **kwargs: Any) -> list:
        """With no arguments, the live per-account list: LiteLLM assigns exactly this call's
        result to the `llm_model_list` global after each reconcile, which must keep answering
        for whichever account reads it. With arguments, the account router's own answer."""
        if not args and not kwargs:
            return object.__getattribute__(self, "_model_list")
        return self.target().get_model_list(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.target(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self.target(), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(self.target(), name)

    def __repr__(self) -> str:
        return f"<RouterDispatcher -> {self.target()!r}>"


class AccountModelList(list):
    """The `llm_model_list` global: the current account's deployments, read at each access.

    Python-level list operations are answered from the current router; the list's own C storage
    stays empty, so C code that bypasses the methods sees no model rather than another
    account's. In-place writes are not seen by later reads (LiteLLM replaces the global
    wholesale rather than editing it)."""

    def __init__(self, registry: Any) -> None:
        super().__init__()
        self._registry = registry

    def _current(self) -> list:
        return self._registry.router_for_scope().get_model_list() or []

    def __iter__(self):
        return iter(self._current())

    def __len__(self) -> int:
        return len(self._current())

    def __bool__(self) -> bool:
        return bool(self._current())

    def __getitem__(self, index):
        return self._current()[index]

    def __contains__(self, item) -> bool:
        return item in self._current()

    def __reversed__(self):
        return reversed(self._current())

    def __eq__(self, other) -> bool:
        return self._current() == (list(other) if isinstance(other, AccountModelList) else other)

    def __ne__(self, other) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other):
        return self._current() + list(other)

    def __radd__(self, other):
        return list(other) + self._current()

    def __repr__(self) -> str:
        return repr(self._current())

    def copy(self) -> list:
        return list(self._current())

    def __copy__(self) -> list:
        return list(self._current())

    def __deepcopy__(self, memo) -> list:
        return copy.deepcopy(self._current(), memo)

    def __reduce__(self):
        return (list, (self._current(),))

    def index(self, *args):
        return self._current().index(*args)

    def count(self, item) -> int:
        return self._current().count(item)
