"""Where a person belongs: the account of an email, and that account's user rows.

Account tables are platform data (read as system work); user rows are the account's own
LiteLLM users (read and written inside the account). User ids are platform-unique in
LiteLLM's schema, so people who sign up through SSO get a fresh uuid, never their IdP subject.
"""
from __future__ import annotations

import uuid
from typing import Any

from alchemi.identity.errors import IdentityError
from alchemi.tenancy.context import system_context, tenant_context


def db():
    from litellm.proxy.proxy_server import prisma_client

    if prisma_client is None:
        raise IdentityError(503, "the database is not connected")
    return prisma_client.db


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


async def account_of_domain(domain: str) -> Any | None:
    """The account that owns an email domain (any status), or None."""
    with system_context("find the account of an email domain"):
        row = await db().alchemi_accountdomaintable.find_unique(where={"domain": domain})
        if row is None:
            return None
        return await db().alchemi_accounttable.find_unique(where={"account_id": row.account_id})


async def get_account(account_id: str) -> Any | None:
    with system_context("read an account for identity"):
        return await db().alchemi_accounttable.find_unique(where={"account_id": account_id},
                                                           include={"domains": True})


async def account_for_login(email: str) -> str | None:
    """The account an email signs in to: its domain's account, else the one account holding a
    user with that email (an ambiguous email signs in nowhere)."""
    account = await account_of_domain(email_domain(email))
    if account is not None:
        return account.account_id
    with system_context("find the account of a user's email"):
        rows = await db().litellm_usertable.find_many(
            where={"user_email": {"equals": email, "mode": "insensitive"}}, take=2)
    owners = {getattr(r, "account_id", None) for r in rows}
    owners.discard(None)
    return owners.pop() if len(owners) == 1 else None


async def find_user(account_id: str, email: str) -> Any | None:
    with tenant_context(account_id):
        return await db().litellm_usertable.find_first(
            where={"user_email": {"equals": email, "mode": "insensitive"}}, order={"created_at": "asc"})


async def create_user(account_id: str, *, email: str, role: str, password_hash: str | None = None,
                      sso_subject: str | None = None) -> Any:
    data: dict[str, Any] = {"user_id": str(uuid.uuid4()), "user_email": email, "user_role": role, "models": []}
    if password_hash:
        data["password"] = password_hash
    if sso_subject:
        data["sso_user_id"] = sso_subject
    with tenant_context(account_id):
        return await db().litellm_usertable.create(data=data)


async def update_user(account_id: str, user_id: str, data: dict) -> Any:
    with tenant_context(account_id):
        return await db().litellm_usertable.update(where={"user_id": user_id}, data=data)


def hash_password(password: str) -> str:
    from litellm.proxy.utils import hash_password as litellm_hash

    return litellm_hash(password)


def verify_password(password: str, stored: str | None) -> bool:
    from litellm.proxy.utils import verify_password as litellm_verify

    if not stored:
        return False
    try:
        return bool(litellm_verify(password, stored))
    except Exception:  # a malformed stored hash is a failed login, not a server error
        return False
