"""Background work on one account's rows runs in that account; rotated keys keep their account."""
from __future__ import annotations

import types

import httpx
import pytest

from alchemi.tenancy.context import current_account_id


@pytest.mark.asyncio
async def test_key_rotation_runs_in_the_keys_account(monkeypatch):
    from litellm.proxy.common_utils.key_rotation_manager import KeyRotationManager

    from alchemi.tenancy import background

    seen = []

    async def recorder(self, key):
        seen.append(current_account_id())

    monkeypatch.setattr(KeyRotationManager, "_rotate_key", recorder)
    background.install()
    await KeyRotationManager._rotate_key(None, types.SimpleNamespace(account_id="acct-x"))
    await KeyRotationManager._rotate_key(None, types.SimpleNamespace(account_id=None))
    assert seen == ["acct-x", None]


def test_regenerated_key_and_its_grace_period_stay_in_the_account(live_proxy, admin, account_factory):
    old = admin.post("/key/generate", json={"key_alias": "rotating"}).json()
    r = admin.post(f"/key/{old['key']}/regenerate", json={"grace_period": "1h"})
    assert r.status_code == 200, r.text
    new_key = r.json()["key"]
    for key in (old["key"], new_key):  # the old key works until its grace period ends
        info = httpx.get(f"{live_proxy.url}/key/info", headers={"Authorization": f"Bearer {key}"})
        assert info.status_code == 200, (key == new_key, info.text)
    other = account_factory("rotation-other")
    seen = httpx.get(f"{live_proxy.url}/key/list", headers={"Authorization": f"Bearer {other['key']}"}).json()
    assert r.json()["token_id"] not in str(seen)


@pytest.mark.asyncio
async def test_scheduled_jobs_run_as_system_work_even_when_added_from_a_request():
    import asyncio

    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from alchemi.tenancy import background
    from alchemi.tenancy.context import current_scope, tenant_context

    background.install()
    seen = []
    done = asyncio.Event()

    async def job():
        seen.append(current_scope())
        done.set()

    scheduler = AsyncIOScheduler()
    scheduler.start()
    try:
        with tenant_context("acct-that-added-the-job"):
            scheduler.add_job(job, "date", id="probe")
        await asyncio.wait_for(done.wait(), 10)
    finally:
        scheduler.shutdown(wait=False)
    assert seen[0].system and seen[0].account_id is None
