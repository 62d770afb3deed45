"""LiteLLM background work that acts on one account's rows runs in that account's scope.

LiteLLM's scheduled jobs start in system scope (they inherit it from start-up). Jobs that
sweep every account's rows and only update them in place (budget resets, expired-key
cleanup) are right there. Jobs that act on one row at a time and then create rows through
code written for requests are wrapped here, so what they create belongs to the row's account:

- key rotation (`KeyRotationManager._rotate_key`): regenerating a key writes the grace-period
  row of the old key, which must belong to the key's account.

Scheduled jobs themselves must not inherit a request's scope: APScheduler's asyncio scheduler
runs jobs in the context of whoever last called `add_job`, and LiteLLM reschedules jobs from
requests (e.g. /config/update -> the spend-log cleanup job). Every job added is therefore
wrapped to run as system work, whoever added it.
"""
from __future__ import annotations

import functools
import inspect

from alchemi.tenancy.context import system_context, tenant_context


def as_system_job(func, name: str):
    """`func` (sync or async), run in system scope whatever context calls it."""
    reason = f"scheduled job {name}"
    if inspect.iscoroutinefunction(func):
        async def run(*args, **kwargs):
            with system_context(reason):
                return await func(*args, **kwargs)
    else:
        def run(*args, **kwargs):
            with system_context(reason):
                return func(*args, **kwargs)
    functools.update_wrapper(run, func)
    run._alchemi_system_job = True  # type: ignore[attr-defined]
    return run


def _install_scheduler() -> None:
    from apscheduler.schedulers.base import BaseScheduler
    from apscheduler.util import ref_to_obj

    original = BaseScheduler.add_job
    if getattr(original, "_alchemi_scoped", False):
        return

    @functools.wraps(original)
    def add_job(self, func, *args, **kwargs):
        target = ref_to_obj(func) if isinstance(func, str) else func
        if not getattr(target, "_alchemi_system_job", False):
            target = as_system_job(target, kwargs.get("id") or getattr(target, "__name__", "job"))
        return original(self, target, *args, **kwargs)

    add_job._alchemi_scoped = True  # type: ignore[attr-defined]
    BaseScheduler.add_job = add_job


def install() -> None:
    _install_scheduler()
    from litellm.proxy.common_utils.key_rotation_manager import KeyRotationManager

    original = KeyRotationManager._rotate_key
    if getattr(original, "_alchemi_scoped", False):
        return

    @functools.wraps(original)
    async def _rotate_key(self, key):
        account_id = getattr(key, "account_id", None)
        if not account_id:  # a key from before accounts existed: leave it to platform scope
            return await original(self, key)
        with tenant_context(account_id):
            return await original(self, key)

    _rotate_key._alchemi_scoped = True  # type: ignore[attr-defined]
    KeyRotationManager._rotate_key = _rotate_key
