"""Account lifecycle: create, read, update, suspend, administrators, account API keys.

Plain async functions over LiteLLM's Prisma client. They are platform work (the account
tables are not tenant data), except issuing an account's API key, which runs inside that
account. Every change is written to the platform audit table.
"""
from __future__ import annotations

from typing import Any

from alchemi.accounts.schemas import Account, AccountAdmin, NewAccountRequest, UpdateAccountRequest
from alchemi.tenancy.context import system_context, tenant_context


class AccountError(Exception):
    """A request the service refuses; `status` is the HTTP status it maps to."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _db():
    from litellm.proxy.proxy_server import prisma_client

    if prisma_client is None:
        raise AccountError(503, "the database is not connected")
    return prisma_client.db


_INCLUDE = {"admins": True, "domains": True}


def _to_account(row: Any) -> Account:
    return Account(
        account_id=row.account_id, account_name=row.account_name, status=row.status,
        domains=sorted(d.domain for d in (row.domains or [])), zitadel_org_id=row.zitadel_org_id,
        max_budget=row.max_budget, budget_duration=row.budget_duration, spend=row.spend,
        metadata=row.metadata if isinstance(row.metadata, dict) else {},
        admins=[AccountAdmin(email=a.email, status=a.status, invited_by=a.invited_by, created_at=a.created_at)
                for a in sorted(row.admins or [], key=lambda a: a.email) if a.status != "removed"],
        created_at=row.created_at, created_by=row.created_by, updated_at=row.updated_at)


async def _audit(db, *, actor: str, action: str, account_id: str | None, target: str | None = None,
                 details: dict | None = None) -> None:
    from prisma import Json

    await db.alchemi_platformaudittable.create(data={
        "actor": actor, "action": action, "account_id": account_id, "target": target,
        "details": Json(details or {})})


async def _check_name_free(db, name: str, except_id: str | None = None) -> None:
    where: dict = {"account_name": {"equals": name, "mode": "insensitive"}}
    if except_id:
        where["NOT"] = {"account_id": except_id}
    if await db.alchemi_accounttable.find_first(where=where):
        raise AccountError(409, f"an account named {name!r} already exists")


async def _check_domains_free(db, domains: list[str], except_id: str | None = None) -> None:
    if not domains:
        return
    taken = await db.alchemi_accountdomaintable.find_many(where={"domain": {"in": domains}})
    clash = sorted(d.domain for d in taken if d.account_id != except_id)
    if clash:
        raise AccountError(409, f"domain(s) already belong to another account: {', '.join(clash)}")


async def get_account(account_id: str) -> Account:
    with system_context("read an account"):
        row = await _db().alchemi_accounttable.find_unique(where={"account_id": account_id}, include=_INCLUDE)
    if row is None:
        raise AccountError(404, f"account {account_id} not found")
    return _to_account(row)


async def list_accounts(*, search: str | None = None, status: str | None = None,
                        page: int = 1, page_size: int = 50) -> dict:
    where: dict = {}
    if search:
        where["OR"] = [{"account_name": {"contains": search, "mode": "insensitive"}},
                       {"domains": {"some": {"domain": {"contains": search.lower()}}}}]
    if status:
        where["status"] = status
    with system_context("list accounts"):
        db = _db()
        total = await db.alchemi_accounttable.count(where=where)
        rows = await db.alchemi_accounttable.find_many(where=where, include=_INCLUDE, order={"account_name": "asc"},
                                                       skip=(page - 1) * page_size, take=page_size)
    return {"accounts": [_to_account(r) for r in rows], "total": total, "page": page, "page_size": page_size}


async def create_account(req: NewAccountRequest, *, actor: str) -> Account:
    from prisma import Json
    from prisma.errors import UniqueViolationError

    with system_context("create an account"):
        db = _db()
        await _check_name_free(db, req.account_name)
        await _check_domains_free(db, req.domains)
        try:
            async with db.tx() as tx:
                row = await tx.alchemi_accounttable.create(data={
                    "account_name": req.account_name, "zitadel_org_id": req.zitadel_org_id,
                    "max_budget": req.max_budget, "budget_duration": req.budget_duration,
                    "metadata": Json(req.metadata), "created_by": actor})
                for domain in req.domains:
                    await tx.alchemi_accountdomaintable.create(data={"domain": domain, "account_id": row.account_id})
                for email in req.admins:
                    await tx.alchemi_accountadmintable.create(data={
                        "account_id": row.account_id, "email": email, "invited_by": actor})
                await _audit(tx, actor=actor, action="account.create", account_id=row.account_id,
                             details={"account_name": req.account_name, "domains": req.domains, "admins": req.admins})
        except UniqueViolationError as e:  # lost a race with a concurrent create
            raise AccountError(409, f"account name or domain already taken ({e})") from None
    return await get_account(row.account_id)


async def update_account(account_id: str, req: UpdateAccountRequest, *, actor: str) -> Account:
    from prisma import Json
    from prisma.errors import UniqueViolationError

    current = await get_account(account_id)
    changes = req.model_dump(exclude_unset=True)
    data: dict[str, Any] = {k: v for k, v in changes.items() if k not in ("domains", "metadata")}
    if "metadata" in changes:
        data["metadata"] = Json(changes["metadata"] or {})
    with system_context("update an account"):
        db = _db()
        if req.account_name and req.account_name.lower() != current.account_name.lower():
            await _check_name_free(db, req.account_name, except_id=account_id)
        if req.domains is not None:
            await _check_domains_free(db, req.domains, except_id=account_id)
        try:
            async with db.tx() as tx:
                if data:
                    await tx.alchemi_accounttable.update(where={"account_id": account_id}, data=data)
                if req.domains is not None:
                    await tx.alchemi_accountdomaintable.delete_many(
                        where={"account_id": account_id, "domain": {"not_in": req.domains}})
                    for domain in set(req.domains) - set(current.domains):
                        await tx.alchemi_accountdomaintable.create(data={"domain": domain, "account_id": account_id})
                await _audit(tx, actor=actor, action="account.update", account_id=account_id,
                             details={k: v for k, v in changes.items()})
        except UniqueViolationError as e:
            raise AccountError(409, f"account name or domain already taken ({e})") from None
    from alchemi.tenancy.resolver import forget_account

    forget_account(account_id)
    return await get_account(account_id)


async def suspend_account(account_id: str, *, actor: str) -> Account:
    """Suspend (never delete): keys and sessions of the account get 403 until reactivated."""
    return await update_account(account_id, UpdateAccountRequest(status="suspended"), actor=actor)


async def add_admin(account_id: str, email: str, *, actor: str) -> Account:
    await get_account(account_id)
    with system_context("add an account admin"):
        db = _db()
        await db.alchemi_accountadmintable.upsert(
            where={"account_id_email": {"account_id": account_id, "email": email}},
            data={"create": {"account_id": account_id, "email": email, "invited_by": actor},
                  "update": {"status": "invited", "invited_by": actor}})
        await _audit(db, actor=actor, action="account.admin.add", account_id=account_id, target=email)
    return await get_account(account_id)


async def remove_admin(account_id: str, email: str, *, actor: str) -> Account:
    with system_context("remove an account admin"):
        db = _db()
        row = await db.alchemi_accountadmintable.find_unique(
            where={"account_id_email": {"account_id": account_id, "email": email}})
        if row is None or row.status == "removed":
            raise AccountError(404, f"{email} is not an admin of account {account_id}")
        await db.alchemi_accountadmintable.update(where={"id": row.id}, data={"status": "removed"})
        # Pending invitations stop working.
        from datetime import datetime, timezone

        await db.alchemi_invitationtable.update_many(
            where={"account_id": account_id, "email": email, "used_at": None},
            data={"used_at": datetime.now(timezone.utc)})
        await _audit(db, actor=actor, action="account.admin.remove", account_id=account_id, target=email)
    # The person stays a user of the account, without admin rights.
    with tenant_context(account_id):
        await db.litellm_usertable.update_many(
            where={"user_email": {"equals": email, "mode": "insensitive"}, "user_role": "proxy_admin"},
            data={"user_role": "internal_user"})
    return await get_account(account_id)


def account_admin_user_id(account_id: str) -> str:
    """The LiteLLM user that an account's service keys belong to (proxy_admin of the account)."""
    return f"account-admin:{account_id}"


async def issue_api_key(account_id: str, *, key_alias: str | None, purpose: str | None, actor: str) -> dict:
    """A new account-admin API key (shown once): for provisioning and service clients."""
    from litellm.proxy._types import LitellmUserRoles
    from litellm.proxy.management_endpoints.key_management_endpoints import generate_key_helper_fn

    account = await get_account(account_id)
    if account.status != "active":
        raise AccountError(409, f"account {account_id} is {account.status}")
    user_id = account_admin_user_id(account_id)
    with tenant_context(account_id):
        result = await generate_key_helper_fn(
            request_type="user", user_id=user_id, user_role=LitellmUserRoles.PROXY_ADMIN.value,
            key_alias=key_alias, metadata={"alchemi_purpose": purpose or "account api key"},
            created_by=actor, table_name=None)
    with system_context("audit an issued account key"):
        await _audit(_db(), actor=actor, action="account.api_key.issue", account_id=account_id,
                     target=result.get("token_id") or result.get("token"),
                     details={"key_alias": key_alias, "purpose": purpose})
    return {"key": result["token"], "key_alias": key_alias, "account_id": account_id, "user_id": user_id}
