"""Typed dependencies for our routers (`SuperAdminDep`, `AccountAdminDep`, `PrincipalDep`)."""
from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from alchemi.identity.roles import Principal, principal


def _super_admin(request: Request) -> str:
    """The platform super admin: resolved by the tenant middleware from the master key or a
    super-admin console session."""
    caller = request.scope.get("state", {}).get("alchemi_caller")
    if caller is None or caller.kind in ("anonymous", "unknown"):
        raise HTTPException(status_code=401, detail="Authentication required: use the platform master key")
    if caller.kind != "super_admin":
        raise HTTPException(status_code=403, detail="Only the platform administrator may manage accounts")
    return "super_admin"


async def _principal(request: Request) -> Principal:
    found = await principal(request)
    if found is None:
        raise HTTPException(status_code=401, detail="Authentication required: sign in or present an API key")
    return found


async def _account_admin(account_id: str, request: Request) -> Principal:
    """The super admin (any account), or an admin of `account_id` itself (a person who is
    account admin, or the account's API key)."""
    found = await _principal(request)
    if found.role == "super_admin":
        return found
    if found.account_id != account_id or found.role not in ("account_admin", "service_client"):
        raise HTTPException(status_code=403, detail="Only the platform administrator or this account's "
                                                    "admins may manage its single sign-on")
    return found


def actor_name(p: Principal) -> str:
    """How the audit log names who acted."""
    if p.role == "super_admin":
        return "super_admin"
    return f"{p.role}:{p.email or p.user_id or p.account_id}"


SuperAdminDep = Annotated[str, Depends(_super_admin)]
PrincipalDep = Annotated[Principal, Depends(_principal)]
AccountAdminDep = Annotated[Principal, Depends(_account_admin)]
