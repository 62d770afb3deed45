"""Logging callbacks an account configures receive only its own events.

LiteLLM keeps one set of callback lists per process (`litellm.callbacks`, `success_callback`,
`_async_success_callback`, ...). An account's `litellm_settings` callbacks, alerting loggers and
the loggers its guardrails and prompts create are added to those lists in its scope (its
reconcile, its registry load), and LiteLLM then hands every account's requests and responses to
them: one account's Langfuse or webhook logger would receive another account's prompts.

Every `CustomLogger` first added to a callback list in an account's scope is *confined*: it records
the account, and its event-logging methods (the ones that only observe: success, failure,
stream, pre/post API call, fallback and rate-limit events) are shadowed on the instance by
wrappers that do nothing for any other account's events. Its `async_pre_call_hook` (which may
rewrite a request: the MCP semantic tool filter, for one) answers None, "request unchanged", for
another account's requests; guardrails, whose hooks are many, are confined by
alchemi/runtime/guardrails.py instead. Events delivered with no account known (sync handlers in
LiteLLM's thread pool) still reach the logger, as before.

LiteLLM replaces some loggers by type (`remove_callbacks_by_type`, e.g. the semantic filter's
reload): in an account's scope only that account's loggers of the type are removed.
"""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from alchemi.runtime.registry import account_in_scope
from alchemi.seamlib import replace_once

OWNER_ATTR = "_alchemi_account"
EVENT_METHODS = (
    "log_pre_api_call", "log_post_api_call", "log_stream_event", "log_success_event", "log_failure_event",
    "async_log_stream_event", "async_log_pre_api_call", "async_log_success_event", "async_log_failure_event",
    "log_model_group_rate_limit_error", "log_success_fallback_event", "log_failure_fallback_event",
    "log_input_event", "async_log_input_event", "log_event", "async_log_event",
)
# hooks that may change a request; None from them means "unchanged"
HOOK_METHODS = ("async_pre_call_hook",)
_original_add: Callable[..., Any] | None = None


def _foreign(owner: str) -> bool:
    current = account_in_scope()
    return current is not None and current != owner


def _confined(method: Callable[..., Any], owner: str) -> Callable[..., Any]:
    if inspect.iscoroutinefunction(method):
        @functools.wraps(method)
        async def async_event(*args: Any, **kwargs: Any) -> Any:
            if _foreign(owner):
                return None
            return await method(*args, **kwargs)
        return async_event

    @functools.wraps(method)
    def event(*args: Any, **kwargs: Any) -> Any:
        if _foreign(owner):
            return None
        return method(*args, **kwargs)
    return event


def confine(logger: Any, account_id: str) -> None:
    """Make `logger` observe (and pre-process) only `account_id`'s events (idempotent)."""
    from litellm.integrations.custom_guardrail import CustomGuardrail

    state = getattr(logger, "__dict__", None)
    if state is None or state.get(OWNER_ATTR) is not None:
        return
    state[OWNER_ATTR] = account_id
    hooks = () if isinstance(logger, CustomGuardrail) else HOOK_METHODS
    for name in (*EVENT_METHODS, *hooks):
        method = getattr(logger, name, None)
        if callable(method):
            state[name] = _confined(method, account_id)


def owner_of(logger: Any) -> str | None:
    state = getattr(logger, "__dict__", None)
    return state.get(OWNER_ATTR) if isinstance(state, dict) else None


# one wrapper per (account, callback), so LiteLLM's `callback not in list` de-duplication holds
_CONFINED_FUNCTIONS: dict[tuple[str, Any], Callable[..., Any]] = {}


def confined_function(callback: Callable[..., Any], account_id: str) -> Callable[..., Any]:
    """A plain callback function (e.g. an alerter's bound method) that runs only for
    `account_id`'s events."""
    key = (account_id, callback)
    wrapper = _CONFINED_FUNCTIONS.get(key)
    if wrapper is None:
        wrapper = _CONFINED_FUNCTIONS[key] = _confined(callback, account_id)
        wrapper.__dict__[OWNER_ATTR] = account_id
        if hasattr(callback, "__self__"):  # LiteLLM removes a method's callbacks by their object
            wrapper.__dict__["__self__"] = callback.__self__
    return wrapper


def _safe_add_callback_to_list(self: Any, callback: Any, parent_list: Any) -> Any:
    """Wraps LoggingCallbackManager._safe_add_callback_to_list: loggers and callback functions
    added in an account's scope are confined to it."""
    from litellm.integrations.custom_logger import CustomLogger

    account_id = account_in_scope()
    if account_id is not None and not _registered(callback):
        if isinstance(callback, CustomLogger):
            confine(callback, account_id)
        elif callable(callback) and owner_of(callback) is None and not _of_a_router(callback):
            callback = confined_function(callback, account_id)
    return _original_add(self, callback=callback, parent_list=parent_list)


CALLBACK_LISTS = ("callbacks", "input_callback", "success_callback", "failure_callback", "service_callback",
                  "_async_input_callback", "_async_success_callback", "_async_failure_callback")


def _registered(callback: Any) -> bool:
    """Already in one of LiteLLM's callback lists: a re-registration, which keeps the callback's
    owner. LiteLLM's `function_setup` re-adds every `litellm.callbacks` entry to the success and
    failure lists on each call, in the request's scope; confining the platform's own loggers
    there (spend tracking, budget and rate limiters) tied them to whichever account called
    first, which then had each request charged twice."""
    import litellm

    return any(any(c is callback for c in getattr(litellm, name, ()) or ()) for name in CALLBACK_LISTS)


def _of_a_router(callback: Any) -> bool:
    """An account router's own usage/cooldown callbacks: taken off the lists as soon as the router
    is built and served per account by alchemi/runtime/callbacks.py, so not confined here."""
    import litellm

    return isinstance(getattr(callback, "__self__", None), litellm.Router)


def _get_custom_logger_key(self: Any, custom_logger: Any) -> str:
    """Wraps LoggingCallbackManager._get_custom_logger_key (its de-duplication key: class name and
    public plain attributes): the owning account is part of it, so an account's logger is never
    refused as a duplicate of another account's identical one."""
    key = _original_key(self, custom_logger)
    owner = owner_of(custom_logger)
    return key if owner is None else f"{key}-alchemi_account={owner}"


_original_key: Callable[..., Any] | None = None


def _remove_callbacks_by_type(self: Any, callback_list: Any, callback_type: Any) -> Any:
    """Wraps LoggingCallbackManager.remove_callbacks_by_type: in an account's scope, only that
    account's loggers of the type leave the list."""
    account_id = account_in_scope()
    if account_id is None or not isinstance(callback_list, list):
        return _original_remove(self, callback_list, callback_type)
    callback_list[:] = [c for c in callback_list
                        if not (isinstance(c, callback_type) and owner_of(c) == account_id)]
    return None


_original_remove: Callable[..., Any] | None = None


def forget(account_id: str) -> None:
    """An evicted account's loggers and callback functions leave litellm's callback lists (its
    rebuild adds them again, from its settings)."""
    import litellm

    for name in CALLBACK_LISTS:
        lst = getattr(litellm, name, None)
        if isinstance(lst, list):
            lst[:] = [cb for cb in lst if owner_of(cb) != account_id]
    for key in [k for k in _CONFINED_FUNCTIONS if k[0] == account_id]:
        del _CONFINED_FUNCTIONS[key]


CALLBACK_LISTS = ("callbacks", "input_callback", "success_callback", "failure_callback", "service_callback",
                  "_async_input_callback", "_async_success_callback", "_async_failure_callback")


def install() -> None:
    global _original_add, _original_key, _original_remove
    from litellm.litellm_core_utils.logging_callback_manager import LoggingCallbackManager

    _original_add = replace_once(LoggingCallbackManager, "_safe_add_callback_to_list", _safe_add_callback_to_list)
    _original_key = replace_once(LoggingCallbackManager, "_get_custom_logger_key", _get_custom_logger_key)
    _original_remove = replace_once(LoggingCallbackManager, "remove_callbacks_by_type", _remove_callbacks_by_type)
