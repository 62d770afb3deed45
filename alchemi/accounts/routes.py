"""Account administration API (platform super admin only). Thin: the service decides."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from alchemi.accounts import service
from alchemi.accounts.schemas import (
    Account,
    AddAdminRequest,
    AdminInvitation,
    NewAccountRequest,
    NewApiKeyRequest,
    UpdateAccountRequest,
)
from alchemi.identity.deps import SuperAdminDep

router = APIRouter(prefix="/account", tags=["accounts"])


def _error(e: service.AccountError) -> JSONResponse:
    return JSONResponse(status_code=e.status, content={"error": {"message": str(e), "code": str(e.status)}})


@router.post("/new", response_model=Account)
async def new_account(req: NewAccountRequest, actor: SuperAdminDep):
    try:
        return await service.create_account(req, actor=actor)
    except service.AccountError as e:
        return _error(e)


@router.get("/list")
async def list_accounts(actor: SuperAdminDep, search: str | None = Query(default=None, max_length=200),
                        status: Literal["active", "suspended"] | None = None,
                        page: int = Query(default=1, ge=1), page_size: int = Query(default=50, ge=1, le=500)):
    return await service.list_accounts(search=search, status=status, page=page, page_size=page_size)


@router.get("/{account_id}", response_model=Account)
async def get_account(account_id: str, actor: SuperAdminDep):
    try:
        return await service.get_account(account_id)
    except service.AccountError as e:
        return _error(e)


@router.put("/{account_id}", response_model=Account)
async def update_account(account_id: str, req: UpdateAccountRequest, actor: SuperAdminDep):
    try:
        return await service.update_account(account_id, req, actor=actor)
    except service.AccountError as e:
        return _error(e)


@router.delete("/{account_id}", response_model=Account)
async def suspend_account(account_id: str, actor: SuperAdminDep):
    """Suspends the account: nothing is deleted; its keys and sessions get 403."""
    try:
        return await service.suspend_account(account_id, actor=actor)
    except service.AccountError as e:
        return _error(e)


@router.post("/{account_id}/admin", response_model=AdminInvitation)
async def add_admin(account_id: str, req: AddAdminRequest, actor: SuperAdminDep, request: Request):
    """Invites an admin: the link is always returned here, and mailed when SMTP is configured."""
    from alchemi.identity import invitations

    try:
        await service.add_admin(account_id, req.email, actor=actor)
    except service.AccountError as e:
        return _error(e)
    return await invitations.invite_admin(account_id, req.email, actor=actor, base_url=str(request.base_url))


@router.delete("/{account_id}/admin/{email}", response_model=Account)
async def remove_admin(account_id: str, email: str, actor: SuperAdminDep):
    try:
        return await service.remove_admin(account_id, email.strip().lower(), actor=actor)
    except service.AccountError as e:
        return _error(e)


@router.post("/{account_id}/api-key")
async def new_api_key(account_id: str, actor: SuperAdminDep, req: NewApiKeyRequest | None = None):
    """An account-admin API key, shown once (provisioning, service clients such as alchemi-web)."""
    req = req or NewApiKeyRequest()
    try:
        return await service.issue_api_key(account_id, key_alias=req.key_alias, purpose=req.purpose, actor=actor)
    except service.AccountError as e:
        return _error(e)
