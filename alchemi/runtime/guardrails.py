"""Guardrails act only on their own account's traffic.

An initialised guardrail is a `CustomGuardrail` callback appended to the process-wide
`litellm.callbacks`; on every request LiteLLM asks each one `should_run_guardrail(data,
event_type)`, which answers from the request's metadata (guardrails named by the key, team or
request) or the guardrail's `default_on`. One account's `default_on` guardrail would therefore
run on every account's requests, and a request naming "pii" would reach whichever account's
"pii" answered first.

Each guardrail remembers the account it was created for (guardrails are created by the
per-account registry loads, in that account's scope: alchemi/runtime/registries.py) and answers
False for any other account's work. `should_run_guardrail` is wrapped on `CustomGuardrail` and on
every subclass that overrides it, as each subclass is first instantiated. Guardrails created as
platform work (none today: there is no config file) keep running for everyone.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from alchemi.runtime.registry import account_in_scope

OWNER_ATTR = "_alchemi_account"
_original_init: Callable[..., None] | None = None


def owner_of(guardrail: Any) -> str | None:
    return getattr(guardrail, "__dict__", {}).get(OWNER_ATTR)


def _owned(fn: Callable[..., bool]) -> Callable[..., bool]:
    @functools.wraps(fn)
    def should_run_guardrail(self: Any, *args: Any, **kwargs: Any) -> bool:
        owner = owner_of(self)
        if owner is not None and owner != account_in_scope():
            return False
        return fn(self, *args, **kwargs)

    should_run_guardrail._alchemi_runtime = True  # type: ignore[attr-defined]
    return should_run_guardrail


def _wrap_class(cls: type) -> None:
    for klass in cls.__mro__:
        fn = klass.__dict__.get("should_run_guardrail")
        if fn is not None and not getattr(fn, "_alchemi_runtime", False):
            setattr(klass, "should_run_guardrail", _owned(fn))


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    _original_init(self, *args, **kwargs)
    self.__dict__[OWNER_ATTR] = account_in_scope()
    _wrap_class(type(self))


def install() -> None:
    """Wrap CustomGuardrail (idempotent)."""
    global _original_init
    from litellm.integrations.custom_guardrail import CustomGuardrail

    if getattr(CustomGuardrail.__init__, "_alchemi_runtime", False):
        return
    _original_init = CustomGuardrail.__init__
    functools.update_wrapper(_init, _original_init)
    _init._alchemi_runtime = True  # type: ignore[attr-defined]
    CustomGuardrail.__init__ = _init
    _wrap_class(CustomGuardrail)
