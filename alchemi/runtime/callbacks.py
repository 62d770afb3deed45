"""One set of router usage and cooldown callbacks for every account's router.

Every `litellm.Router.__init__` appends four bound methods to litellm's process-global callback
lists (usage tracking and cooldowns). With one router per account that breaks three ways: the
lists are capped at MAX_CALLBACKS (100; past it the add is refused with a warning and the
account silently loses usage tracking and cooldowns), every call fans out to every router's
callbacks, and a list entry keeps its router alive. So each account router's four methods are
taken off the lists as soon as it is built, and one shared object, registered once, forwards
each event to the router that served the call: the router of the account in scope, else the
live router that holds the deployment (sync callbacks run in a thread pool without the
request's context; deployment ids of database models are row ids, unique across accounts).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

import litellm

# (global list, Router method it holds, LoggingCallbackManager method that adds it)
ROUTER_CALLBACKS: tuple[tuple[str, str, str], ...] = (
    ("_async_success_callback", "deployment_callback_on_success", "add_litellm_async_success_callback"),
    ("success_callback", "sync_deployment_callback_on_success", "add_litellm_success_callback"),
    ("_async_failure_callback", "async_deployment_callback_on_failure", "add_litellm_async_failure_callback"),
    ("failure_callback", "deployment_callback_on_failure", "add_litellm_failure_callback"),
)

RouterFinder = Callable[[str | None], Any]


def deployment_id(kwargs: dict) -> str | None:
    """The deployment that served a call, as LiteLLM's router callbacks find it."""
    params = kwargs.get("litellm_params") or {}
    info = params.get("model_info") or {}
    value = info.get("id") if isinstance(info, dict) else None
    return None if value is None else str(value)


class SharedRouterCallbacks:
    """Stands in every account router's four callbacks; method names match the Router's so
    LiteLLM's callback filters (e.g. its 'internal callback' names) treat them alike."""

    def __init__(self, find_router: RouterFinder) -> None:
        self._find_router = find_router

    async def deployment_callback_on_success(self, kwargs, completion_response, start_time, end_time):
        router = self._find_router(deployment_id(kwargs))
        if router is not None:
            return await router.deployment_callback_on_success(kwargs, completion_response, start_time, end_time)
        return None

    def sync_deployment_callback_on_success(self, kwargs, completion_response, start_time, end_time):
        router = self._find_router(deployment_id(kwargs))
        if router is not None:
            return router.sync_deployment_callback_on_success(kwargs, completion_response, start_time, end_time)
        return None

    async def async_deployment_callback_on_failure(self, kwargs, completion_response, start_time, end_time):
        router = self._find_router(deployment_id(kwargs))
        if router is not None:
            return await router.async_deployment_callback_on_failure(kwargs, completion_response, start_time,
                                                                     end_time)
        return None

    def deployment_callback_on_failure(self, kwargs, completion_response, start_time, end_time):
        router = self._find_router(deployment_id(kwargs))
        if router is not None:
            return router.deployment_callback_on_failure(kwargs, completion_response, start_time, end_time)
        return False


def detach(router: Any) -> None:
    """Take a router's own four callbacks off litellm's global lists (its other callbacks,
    e.g. strategy selectors some routing strategies add to `litellm.callbacks`, stay)."""
    manager = litellm.logging_callback_manager
    for list_name, _, _ in ROUTER_CALLBACKS:
        manager.remove_callback_from_list_by_object(getattr(litellm, list_name), router)


def attach(shared: SharedRouterCallbacks) -> None:
    """Register the shared callbacks once (idempotent; safe after LiteLLM resets its lists)."""
    manager = litellm.logging_callback_manager
    for list_name, method_name, add_name in ROUTER_CALLBACKS:
        bound = getattr(shared, method_name)
        current = getattr(litellm, list_name)
        if not isinstance(current, list):
            setattr(litellm, list_name, [bound])
        elif bound not in current:
            getattr(manager, add_name)(bound)


def callback_list_sizes() -> dict[str, int]:
    """Length of each global list the routers register into (for status and tests)."""
    names = {name for name, _, _ in ROUTER_CALLBACKS} | {"callbacks", "input_callback", "service_callback"}
    return {name: len(getattr(litellm, name) or []) for name in sorted(names)}
