"""An account's cached status is refreshed by one read, whatever the concurrency."""
from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from alchemi.tenancy import resolver


class _Accounts:
    """The account table as the resolver reads it: one row, a read takes `delay` seconds."""

    def __init__(self, status: str = "active", delay: float = 0.05) -> None:
        self.status, self.delay, self.reads, self.fail = status, delay, 0, False

    async def find_unique(self, where):
        self.reads += 1
        await asyncio.sleep(self.delay)
        if self.fail:
            raise RuntimeError("database unreachable")
        return SimpleNamespace(account_id=where["account_id"], status=self.status)


@pytest.fixture
def accounts(monkeypatch):
    table = _Accounts()
    monkeypatch.setattr(resolver, "_db", lambda: SimpleNamespace(alchemi_accounttable=table))
    monkeypatch.setattr(resolver, "_account_status", {})
    monkeypatch.setattr(resolver, "_status_reads", {})
    return table


async def _many(n: int = 32) -> list:
    return await asyncio.gather(*(resolver.account_status("acct") for _ in range(n)))


async def test_a_cold_status_is_read_once_for_all_callers(accounts):
    assert await _many() == ["active"] * 32
    assert accounts.reads == 1


async def test_an_expired_status_is_answered_while_one_read_refreshes_it(accounts):
    await resolver.account_status("acct")
    resolver._account_status["acct"] = ("active", 0.0)  # expired
    accounts.status = "suspended"
    assert await _many() == ["active"] * 32  # the previous value, at once
    assert accounts.reads == 2
    await asyncio.sleep(accounts.delay * 3)
    assert await resolver.account_status("acct") == "suspended"
    assert accounts.reads == 2


async def test_a_failed_read_fails_the_callers_that_wait_for_it(accounts):
    accounts.fail = True
    results = await asyncio.gather(*(resolver.account_status("acct") for _ in range(4)), return_exceptions=True)
    assert all(isinstance(r, RuntimeError) for r in results) and accounts.reads == 1


async def test_a_failed_refresh_keeps_the_previous_value_and_is_logged(accounts, caplog):
    await resolver.account_status("acct")
    resolver._account_status["acct"] = ("active", 0.0)
    accounts.fail = True
    with caplog.at_level(logging.WARNING, logger="alchemi.tenancy"):
        assert await resolver.account_status("acct") == "active"
        await asyncio.sleep(accounts.delay * 3)
    assert "database unreachable" in caplog.text
    assert resolver._status_reads == {}  # the next call tries again


async def test_forgetting_during_a_read_keeps_the_old_status_out(accounts):
    reading = asyncio.ensure_future(resolver.account_status("acct"))
    await asyncio.sleep(accounts.delay / 2)
    resolver.forget_account("acct")  # e.g. the account was suspended in this process meanwhile
    assert await reading == "active"
    assert "acct" not in resolver._account_status
