"""Alerting per account: each account's alert settings and its own Slack/Teams alerter.

`proxy_logging_obj` (one ProxyLogging per process) holds both shared machinery (hooks, the spend
writer, the usage cache) and the alerting settings that `ProxyLogging.update_values` copies from
general_settings: `alerting`, `alerting_threshold`, `alert_types`, `alert_to_webhook_url`, and the
`SlackAlerting` instance that sends the alerts. An account's reconcile runs update_values in its
scope, so with one set of attributes the last account to reconcile decided where every account's
budget, outage and slow-request alerts went.

Those attributes are per account (`account_local.localize_attrs`): an account starts with
LiteLLM's defaults (no alerting) and its own `SlackAlerting`, sharing the process's usage cache
(whose keys carry the account, alchemi/runtime/counters.py) and routing through the dispatcher to
its own router. The alerter's webhook falls back to `SLACK_WEBHOOK_URL`, which an account sets in
its own environment layer (alchemi/runtime/environment.py). Callbacks update_values registers in
the account's scope are confined to its events (alchemi/runtime/loggers.py). Platform work keeps
the values LiteLLM set at start-up.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime import account_local

ALERT_THRESHOLD_SECONDS = 300  # ProxyLogging's own default


def _new_alerter() -> Any:
    from litellm.integrations.SlackAlerting.slack_alerting import SlackAlerting
    from litellm.proxy import proxy_server

    alerter = SlackAlerting(alerting_threshold=ALERT_THRESHOLD_SECONDS, alerting=None,
                            internal_usage_cache=proxy_server.proxy_logging_obj.internal_usage_cache.dual_cache)
    alerter.update_values(llm_router=proxy_server.llm_router)
    return alerter


def _default_alert_types() -> list:
    from litellm.proxy.utils import DEFAULT_ALERT_TYPES

    return list(DEFAULT_ALERT_TYPES)


FRESH = {
    "alerting": lambda: None,
    "alerting_threshold": lambda: ALERT_THRESHOLD_SECONDS,
    "alert_types": _default_alert_types,
    "alert_to_webhook_url": lambda: None,
    "deprecation_check_started": lambda: False,
    "slack_alerting_instance": _new_alerter,
}


def install() -> None:
    from litellm.proxy import proxy_server

    account_local.localize_attrs(proxy_server.proxy_logging_obj, FRESH, "proxy_logging_obj alerting")

