"""LiteLLM's registry read-throughs (models, guardrails, agents) answer per account.

A read-through resyncs a registry from the database when a lookup misses (a model, guardrail or
agent created on another replica a moment ago). Each keeps a 2 s negative cache of names that
missed and a resync budget (20 per 5 s), one per process: names repeat across accounts, so one
account's misses kept another account's just-created model from being found, and one account's
misses could spend every account's budget.

The three singletons have `__slots__` (no instance dict, so they cannot be adopted): their class
is swapped for a slot-compatible subclass whose budget check runs on the account's own window
(loaded into the slots for the synchronous check, saved after), and their negative cache's class
is swapped for the account-partitioned memory cache of alchemi/runtime/counters.py. The lock that
serialises resyncs stays shared (each resync works in its caller's scope).
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime import counters
from alchemi.runtime.registry import runtime_account_id
from alchemi.seamlib import swap_class

NAMES = ("model_registry_read_through", "guardrail_registry_read_through", "agent_registry_read_through")
# keyed by the read-through itself (not its id, which a collected object's successor may reuse)
_WINDOWS: dict[tuple[Any, str | None], tuple[float, int]] = {}


def _class(base: type) -> type:
    class AccountReadThrough(base):  # type: ignore[misc, valid-type]
        __slots__ = ()

        def _consume_resync_budget(self) -> bool:
            key = (self, runtime_account_id())
            self._window_started_at, self._window_resyncs = _WINDOWS.get(key, (float("-inf"), 0))
            try:
                return super()._consume_resync_budget()
            finally:  # no await in between: nothing else runs on the slots meanwhile
                _WINDOWS[key] = (self._window_started_at, self._window_resyncs)

    return AccountReadThrough


def install() -> None:
    from litellm.proxy.common_utils import registry_read_through as module

    for name in NAMES:
        obj = getattr(module, name)
        swap_class(obj, _class, prefix="Account")
        counters.partition_memory(obj._recent_misses, counters.usage_key)


def forget(account_id: str) -> None:
    for key in [k for k in _WINDOWS if k[1] == account_id]:
        del _WINDOWS[key]
