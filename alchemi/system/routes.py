"""GET /alchemi/status (platform super admin) and GET /alchemi/version (public)."""
from __future__ import annotations

from importlib.metadata import version

from fastapi import APIRouter

from alchemi.identity.deps import SuperAdminDep
from alchemi.system.service import status

router = APIRouter(prefix="/alchemi", tags=["alchemi"])


@router.get("/status")
async def get_status(actor: SuperAdminDep) -> dict:
    """What is running: versions, seams, pending migrations, this worker's pid."""
    return await status()


@router.get("/version")
async def get_version() -> dict:
    """Public: the product name and its version (not the dependency versions)."""
    return {"product": "Alchemi Studio Console", "version": version("alchemi-console")}
