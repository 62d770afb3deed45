"""Scheduled spend reports and exports run only in an account's scope; retention is the platform's."""
from __future__ import annotations

import asyncio
import importlib

from alchemi.runtime import platform_jobs
from alchemi.tenancy.context import system_context, tenant_context


def test_an_account_only_job_is_skipped_as_platform_work():
    calls = []

    async def report(*args, **kwargs):
        calls.append(args)
        return "sent"

    job = platform_jobs._account_only("Test.report", report)
    with system_context("scheduler"):
        assert asyncio.run(job("x")) is None
    with tenant_context("acct-a"):
        assert asyncio.run(job("a")) == "sent"
    assert calls == [("a",)]


def test_a_platform_setting_is_ignored_in_an_accounts_scope():
    calls = []

    async def reschedule(*args):
        calls.append(args)

    setting = platform_jobs._platform_only("Test.reschedule", reschedule)
    with tenant_context("acct-a"):
        asyncio.run(setting("a"))
    with system_context("start-up"):
        asyncio.run(setting("platform"))
    assert calls == [("platform",)]


def test_every_job_is_wrapped_once():
    platform_jobs.install()
    platform_jobs.install()
    for module, cls, method in (*platform_jobs.ACCOUNT_ONLY_JOBS, *platform_jobs.PLATFORM_ONLY):
        installed = getattr(getattr(importlib.import_module(module), cls), method)
        original = installed._alchemi_replaces
        assert not hasattr(original, "_alchemi_replaces"), f"{cls}.{method} wrapped twice"
        assert installed.__wrapped__ is original
