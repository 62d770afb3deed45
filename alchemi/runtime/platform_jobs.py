"""Scheduled jobs that would read or act across accounts, confined.

Some of LiteLLM's scheduled work reads every account's rows through raw SQL and sends the result
to one destination, or lets one account's settings change platform behaviour
(docs/tenancy.md, raw SQL table, "account-only" and "platform setting" rows):

- **Spend reports and exports** (Slack weekly/monthly spend reports and per-user spend alerts;
  CloudZero, FOCUS, Vantage and Mavvrik exports): their scheduled runs are platform work and would
  sum every account's spend into the one destination configured last. They run only in an
  account's scope (an account's own export route, e.g. POST /cloudzero/export, where the raw SQL
  reads its tenant views); a scheduled run as platform work is skipped with a warning.
- **Spend-log retention** (cleanup job and partition drops): the platform's retention settings
  decide. An account's settings update no longer reschedules the cleanup job with its own
  retention period or cron; the job runs as platform work and reads the platform's settings.
"""
from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable
from typing import Any

from alchemi.runtime.registry import account_in_scope
from alchemi.seamlib import replace_once

log = logging.getLogger("alchemi.runtime")

# (module, class, method) of scheduled jobs that may run only in an account's scope
ACCOUNT_ONLY_JOBS = (
    ("litellm.integrations.SlackAlerting.slack_alerting", "SlackAlerting", "send_weekly_spend_report"),
    ("litellm.integrations.SlackAlerting.slack_alerting", "SlackAlerting", "send_monthly_spend_report"),
    ("litellm.integrations.SlackAlerting.slack_alerting", "SlackAlerting", "send_user_spend_alerts"),
    ("litellm.integrations.cloudzero.cloudzero", "CloudZeroLogger", "initialize_cloudzero_export_job"),
    ("litellm.integrations.focus.focus_logger", "FocusLogger", "initialize_focus_export_job"),
    ("litellm.integrations.vantage.vantage_logger", "VantageLogger", "initialize_focus_export_job"),
    ("litellm.integrations.mavvrik_focus.mavvrik_focus_logger", "MavvrikFocusLogger",
     "initialize_mavvrik_focus_export_job"),
)
# (module, class, method) of platform settings an account's scope must not change
PLATFORM_ONLY = (
    ("litellm.proxy.proxy_server", "ProxyConfig", "_reschedule_spend_log_cleanup_job"),
)

_warned: set[str] = set()


def _account_only(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    async def job(*args: Any, **kwargs: Any) -> Any:
        if not account_in_scope() is not None:
            if name not in _warned:
                _warned.add(name)
                log.warning("%s skipped: as platform work it would read every account's spend into one "
                            "destination; accounts run it in their own scope", name)
            return None
        return await original(*args, **kwargs)
    return job


def _platform_only(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(original)
    async def setting(*args: Any, **kwargs: Any) -> Any:
        if account_in_scope() is not None:
            log.debug("%s ignored in an account's scope: a platform setting", name)
            return None
        return await original(*args, **kwargs)
    return setting


def _target(module: str, cls: str) -> Any:
    return getattr(importlib.import_module(module), cls)


def install() -> None:
    """Wrap the jobs (idempotent)."""
    for jobs, wrap in ((ACCOUNT_ONLY_JOBS, _account_only), (PLATFORM_ONLY, _platform_only)):
        for module, cls, method in jobs:
            owner = _target(module, cls)
            original = getattr(owner, method)
            if not hasattr(original, "_alchemi_replaces"):
                replace_once(owner, method, wrap(f"{cls}.{method}", original))
