"""LiteLLM background work that acts on one account's rows runs in that account's scope.

LiteLLM's scheduled jobs start in system scope (they inherit it from start-up). Jobs that
sweep every account's rows and only update them in place (budget resets, expired-key
cleanup) are right there. Jobs that act on one row at a time and then create rows through
code written for requests are wrapped here, so what they create belongs to the row's account:

- key rotation (`KeyRotationManager._rotate_key`): regenerating a key writes the grace-period
  row of the old key, which must belong to the key's account.

The spend writer queues a request's spend in that request's scope and flushes the queue later
as system work, aggregated across accounts by entity id. End-user ids are chosen by callers
and repeat across accounts, so the end user is queued under its namespaced id
(`DBSpendUpdateWriter._update_user_db`): the flush then upserts the account's own row, and a
database trigger gives a row it creates the account named by the prefix. Request tags are
queued the same way (`_update_tag_db`): tag names are namespaced keys, so the flush's
update by plain name would find no row and the account's tag spend (and tag budgets) would
never move.

Scheduled jobs themselves must not inherit a request's scope: APScheduler's asyncio scheduler
runs jobs in the context of whoever last called `add_job`, and LiteLLM reschedules jobs from
requests (e.g. /config/update -> the spend-log cleanup job). Every job added is therefore
wrapped to run as system work, whoever added it.
"""
from __future__ import annotations

import functools
import inspect
import json

from alchemi.tenancy.context import current_account_id, system_context, tenant_context
from alchemi.tenancy.scoping import SEPARATOR, namespaced


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


def end_user_of_account(end_user_id, account_id: str | None):
    """The id the end user's row has in `account_id` (as the tenant guard would store it)."""
    if not end_user_id or not account_id or not isinstance(end_user_id, str):
        return end_user_id
    if end_user_id.startswith(f"{account_id}{SEPARATOR}"):
        return end_user_id
    return namespaced(account_id, end_user_id)


def tags_of_account(request_tags, account_id: str | None):
    """The request's tags (a JSON list or a list) as the account's tag rows name them."""
    if not account_id or request_tags is None:
        return request_tags
    tags = request_tags
    if isinstance(request_tags, str):
        try:
            tags = json.loads(request_tags)
        except ValueError:
            return request_tags
    if not isinstance(tags, list):
        return request_tags
    mapped = [end_user_of_account(t, account_id) if isinstance(t, str) and t else t for t in tags]
    return json.dumps(mapped) if isinstance(request_tags, str) else mapped


def _install_end_user_spend() -> None:
    from litellm.proxy.db.db_spend_update_writer import DBSpendUpdateWriter

    original = DBSpendUpdateWriter._update_user_db
    if getattr(original, "_alchemi_scoped", False):
        return

    @functools.wraps(original)
    async def _update_user_db(self, *args, **kwargs):
        if kwargs.get("end_user_id"):
            kwargs["end_user_id"] = end_user_of_account(kwargs["end_user_id"], current_account_id())
        return await original(self, *args, **kwargs)

    _update_user_db._alchemi_scoped = True  # type: ignore[attr-defined]
    DBSpendUpdateWriter._update_user_db = _update_user_db

    original_tags = DBSpendUpdateWriter._update_tag_db

    @functools.wraps(original_tags)
    async def _update_tag_db(self, *args, **kwargs):
        if kwargs.get("request_tags") is not None:
            kwargs["request_tags"] = tags_of_account(kwargs["request_tags"], current_account_id())
        return await original_tags(self, *args, **kwargs)

    DBSpendUpdateWriter._update_tag_db = _update_tag_db


def install() -> None:
    _install_scheduler()
    _install_end_user_spend()
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
