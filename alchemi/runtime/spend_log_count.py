"""The spend-log row count the dashboard sees is the account's own.

LiteLLM stores an estimate of the spend-log table's rows (pg_class.reltuples: every account's
logs) in the process-wide `proxy_state` at start-up, and `/sso/get/ui_settings` serves it to every
caller as NUM_SPEND_LOGS_ROWS and derives DISABLE_EXPENSIVE_DB_QUERIES from it: a platform-wide
traffic figure shown to each account, and one big account switching the expensive dashboard
queries off for all.

In an account's scope `ProxyState.get_proxy_state_variable("spend_logs_row_count")` answers the
account's own count instead: its rows counted through the tenant views, capped just above
MAX_SPENDLOG_ROWS_TO_QUERY (all the dashboard needs to decide), cached per account and refreshed in
the background when older than ALCHEMI_RUNTIME_SPEND_LOG_COUNT_SECONDS (default 60) (the getter is synchronous: until the first count
lands it answers 0, as LiteLLM does before its own start-up count). Platform work keeps LiteLLM's
value.
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from alchemi.runtime.registry import account_in_scope
from alchemi.seamlib import replace_once
from alchemi.tenancy.context import tenant_context

log = logging.getLogger("alchemi.runtime")
VARIABLE = "spend_logs_row_count"
_refresh_seconds = 60.0
_COUNT_SQL = 'SELECT count(*) AS n FROM (SELECT 1 FROM "LiteLLM_SpendLogs" LIMIT $1) s'

_counts: dict[str, tuple[int, float]] = {}  # account -> (count, counted at)
_refreshing: set[str] = set()
_tasks: set[asyncio.Task] = set()
_original: Any = None


async def count(account_id: str) -> int:
    """The account's spend-log rows, capped at MAX_SPENDLOG_ROWS_TO_QUERY + 1; cached."""
    from litellm.constants import MAX_SPENDLOG_ROWS_TO_QUERY
    from litellm.proxy.proxy_server import prisma_client

    if prisma_client is None:
        return 0
    with tenant_context(account_id):
        rows = await prisma_client.db.query_raw(_COUNT_SQL, MAX_SPENDLOG_ROWS_TO_QUERY + 1)
    n = int(rows[0]["n"]) if rows else 0
    _counts[account_id] = (n, time.monotonic())
    return n


async def _refresh(account_id: str) -> None:
    try:
        await count(account_id)
    except Exception:  # a failed count leaves the last one; the next read tries again
        log.exception("account %s: counting its spend logs failed", account_id)
    finally:
        _refreshing.discard(account_id)


def _schedule_refresh(account_id: str) -> None:
    if account_id in _refreshing:
        return
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    _refreshing.add(account_id)
    task = loop.create_task(_refresh(account_id))
    _tasks.add(task)
    task.add_done_callback(_tasks.discard)


def get_proxy_state_variable(self: Any, variable_name: str) -> Any:
    """Wraps ProxyState.get_proxy_state_variable: the spend-log row count is the account's own."""
    account_id = account_in_scope()
    if variable_name != VARIABLE or account_id is None:
        return _original(self, variable_name)
    n, at = _counts.get(account_id, (0, float("-inf")))
    if time.monotonic() - at > _refresh_seconds:
        _schedule_refresh(account_id)
    return n


def forget(account_id: str) -> None:
    _counts.pop(account_id, None)


def install(refresh_seconds: float) -> None:
    global _original, _refresh_seconds
    _refresh_seconds = refresh_seconds
    from litellm.proxy.common_utils.proxy_state import ProxyState

    _original = replace_once(ProxyState, "get_proxy_state_variable", get_proxy_state_variable)
