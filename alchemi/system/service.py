"""What the status endpoint reports, computed from the running process."""
from __future__ import annotations

import asyncio
import os
from importlib.metadata import version

from alchemi import seams


async def status() -> dict:
    from alchemi.db.migrate import pending

    problems = {s.name: p for s in seams.SEAMS if (p := s.problem())}
    url = os.environ.get("DATABASE_URL")
    try:
        waiting = [m.name for m in await asyncio.to_thread(pending, url)] if url else None
    except Exception as e:  # report, don't fail the status call
        waiting = f"unknown: {e}"
    return {
        "alchemi": version("alchemi-console"),
        "worker_pid": os.getpid(),
        "litellm": version("litellm"),
        "prisma_client_py": version("prisma"),
        "seams": {"total": len(seams.SEAMS), "broken": problems},
        "pending_migrations": waiting,
    }
