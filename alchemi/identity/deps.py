"""Typed dependencies for our routers (`SuperAdminDep`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request


def _super_admin(request: Request) -> str:
    """The platform super admin: resolved by the tenant middleware from the master key."""
    caller = request.scope.get("state", {}).get("alchemi_caller")
    if caller is None or caller.kind in ("anonymous", "unknown"):
        raise HTTPException(status_code=401, detail="Authentication required: use the platform master key")
    if caller.kind != "super_admin":
        raise HTTPException(status_code=403, detail="Only the platform administrator may manage accounts")
    return "super_admin"


SuperAdminDep = Annotated[str, Depends(_super_admin)]
