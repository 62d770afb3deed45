"""GET /alchemi/status: what is running (versions, seams, migrations). Proxy admins only."""
from __future__ import annotations

from importlib.metadata import version

from fastapi import APIRouter, Depends, HTTPException

from alchemi.system.service import status

router = APIRouter(prefix="/alchemi", tags=["alchemi"])


def _require_admin():
    from litellm.proxy._types import LitellmUserRoles
    from litellm.proxy.auth.user_api_key_auth import user_api_key_auth

    async def dependency(auth=Depends(user_api_key_auth)):
        if auth.user_role != LitellmUserRoles.PROXY_ADMIN:
            raise HTTPException(status_code=403, detail="Only an administrator may read the system status")
        return auth
    return dependency


@router.get("/status")
async def get_status(_=Depends(_require_admin())) -> dict:
    return await status()


@router.get("/version")
async def get_version() -> dict:
    """Public: the product name and its version (not the dependency versions)."""
    return {"product": "Alchemi Studio Console", "version": version("alchemi-console")}
