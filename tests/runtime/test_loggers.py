"""A logger added in an account's scope observes only that account's events."""
from __future__ import annotations

import asyncio

import litellm
import pytest
from litellm.integrations.custom_logger import CustomLogger

from alchemi.runtime import loggers
from alchemi.tenancy.context import system_context, tenant_context


class Recorder(CustomLogger):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def log_success_event(self, kwargs, response_obj, start_time, end_time):
        self.seen.append(f"sync:{kwargs['who']}")

    async def async_log_success_event(self, kwargs, response_obj, start_time, end_time):
        self.seen.append(f"async:{kwargs['who']}")

    async def async_pre_call_hook(self, *args, **kwargs):  # may change the request: confined too
        self.seen.append("hook")


@pytest.fixture
def recorder():
    loggers.install()
    rec = Recorder()
    with tenant_context("acct-a"):
        litellm.logging_callback_manager.add_litellm_callback(rec)
    yield rec
    if rec in litellm.callbacks:
        litellm.callbacks.remove(rec)


def _events(rec: Recorder, who: str) -> None:
    rec.log_success_event({"who": who}, None, None, None)
    asyncio.run(rec.async_log_success_event({"who": who}, None, None, None))


def test_only_the_owners_events_reach_it(recorder):
    assert loggers.owner_of(recorder) == "acct-a"
    with tenant_context("acct-a"):
        _events(recorder, "a")
    with tenant_context("acct-b"):
        _events(recorder, "b")
        asyncio.run(recorder.async_pre_call_hook())  # B's request: A's hook does not run
    with tenant_context("acct-a"):
        asyncio.run(recorder.async_pre_call_hook())
    with system_context("test"):
        _events(recorder, "platform")  # no account known: delivered, as before
    assert recorder.seen == ["sync:a", "async:a", "hook", "sync:platform", "async:platform"]


def test_loggers_added_as_platform_work_are_not_confined():
    loggers.install()
    rec = Recorder()
    with system_context("test"):
        litellm.logging_callback_manager.add_litellm_callback(rec)
    try:
        assert loggers.owner_of(rec) is None
        with tenant_context("acct-b"):
            _events(rec, "b")
        assert rec.seen == ["sync:b", "async:b"]
    finally:
        litellm.callbacks.remove(rec)


def test_two_accounts_identical_loggers_are_both_kept_and_leave_with_their_account():
    """LiteLLM de-duplicates loggers by class and public plain attributes: not across accounts."""
    loggers.install()
    a, b = Recorder(), Recorder()
    with tenant_context("acct-a"):
        litellm.logging_callback_manager.add_litellm_callback(a)
    with tenant_context("acct-b"):
        litellm.logging_callback_manager.add_litellm_callback(b)
        litellm.logging_callback_manager.add_litellm_callback(Recorder())  # B's duplicate: refused
    try:
        assert [cb for cb in litellm.callbacks if isinstance(cb, Recorder)] == [a, b]
        loggers.forget("acct-b")  # B's runtime was evicted
        assert [cb for cb in litellm.callbacks if isinstance(cb, Recorder)] == [a]
    finally:
        loggers.forget("acct-a")
    assert not any(isinstance(cb, Recorder) for cb in litellm.callbacks)


def test_a_callback_function_added_in_an_accounts_scope_runs_only_for_its_events():
    loggers.install()
    seen: list[str] = []

    class Alerter:  # e.g. SlackAlerting.response_taking_too_long_callback, a bound method
        def too_slow(self, kwargs, completion_response, start_time, end_time):
            seen.append(kwargs["who"])

    alerter = Alerter()
    with tenant_context("acct-a"):
        litellm.logging_callback_manager.add_litellm_success_callback(alerter.too_slow)
        litellm.logging_callback_manager.add_litellm_success_callback(alerter.too_slow)  # again: once
    try:
        added = [cb for cb in litellm.success_callback if loggers.owner_of(cb) == "acct-a"]
        assert len(added) == 1
        for who in ("a", "b"):
            with tenant_context(f"acct-{who}"):
                added[0]({"who": who}, None, None, None)
        assert seen == ["a"]
    finally:
        loggers.forget("acct-a")
    assert not any(loggers.owner_of(cb) == "acct-a" for cb in litellm.success_callback)


def test_an_accounts_pre_call_hook_leaves_other_accounts_requests_alone_and_type_removal_is_scoped():
    """E.g. the MCP semantic tool filter: registered from A's settings, it rewrites A's requests only,
    and A's reload (remove_callbacks_by_type, then add) never drops B's filter."""
    loggers.install()

    class Filter(CustomLogger):
        async def async_pre_call_hook(self, user_api_key_dict, cache, data, call_type):
            return {**data, "tools": ["narrowed"]}

    fa, fb = Filter(), Filter()
    with tenant_context("acct-a"):
        litellm.logging_callback_manager.add_litellm_callback(fa)
    with tenant_context("acct-b"):
        litellm.logging_callback_manager.add_litellm_callback(fb)
    try:
        with tenant_context("acct-b"):
            assert asyncio.run(fa.async_pre_call_hook(None, None, {"tools": ["all"]}, "completion")) is None
            assert asyncio.run(fb.async_pre_call_hook(None, None, {"tools": ["all"]}, "completion")) == {
                "tools": ["narrowed"]}
        with tenant_context("acct-a"):
            litellm.logging_callback_manager.remove_callbacks_by_type(litellm.callbacks, Filter)
        assert [c for c in litellm.callbacks if isinstance(c, Filter)] == [fb]
    finally:
        loggers.forget("acct-a"), loggers.forget("acct-b")
