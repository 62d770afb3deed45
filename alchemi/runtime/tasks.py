"""The runtime's background work in each process: change detection and idle eviction."""
from __future__ import annotations

import asyncio
import logging

from alchemi.runtime import reconcile
from alchemi.runtime.config import RuntimeSettings
from alchemi.runtime.registry import RuntimeRegistry

log = logging.getLogger("alchemi.runtime")


async def watch_database(interval: float) -> None:
    """Reconcile live runtimes whose rows another process changed (see reconcile.sync_changed)."""
    while True:
        await asyncio.sleep(interval)
        try:
            changed = await reconcile.sync_changed()
            if changed:
                log.info("reconciled account runtimes after database changes: %s", changed)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("checking live account runtimes against the database failed")


async def sweep_idle(registry: RuntimeRegistry, settings: RuntimeSettings) -> None:
    """Evict runtimes idle longer than the TTL (and the oldest beyond max_accounts)."""
    while True:
        await asyncio.sleep(settings.sweep_seconds)
        try:
            evicted = registry.evict_idle(idle_ttl=settings.idle_ttl_seconds, max_accounts=settings.max_accounts)
            if evicted:
                log.info("evicted %d idle account runtimes", len(evicted))
        except Exception:
            log.exception("evicting idle account runtimes failed")
