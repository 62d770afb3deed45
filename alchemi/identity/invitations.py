"""Invitations to administer an account: single use, expiring, only the token's hash stored.

The super admin invites an email; the link (`/ui/invite?token=...`) is always shown to the
super admin and also mailed when SMTP is configured. Accepting sets a password, or the invited
person signs in through the account's SSO (the pending invitation is redeemed there).
"""
from __future__ import annotations

import hashlib
import os
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any

from alchemi.identity import login, mailer, sessions, users
from alchemi.identity.errors import IdentityError
from alchemi.tenancy.context import system_context

INVITE_PATH = "/ui/invite"
MIN_PASSWORD_LENGTH = 8


def _ttl() -> timedelta:
    try:
        return timedelta(days=max(0.001, float(os.environ.get("ALCHEMI_INVITATION_TTL_DAYS", "7"))))
    except ValueError:
        return timedelta(days=7)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


async def invite_admin(account_id: str, email: str, *, actor: str, base_url: str) -> dict:
    """Create an invitation (earlier unused ones for the same email stop working)."""
    account = await users.get_account(account_id)
    token = secrets.token_urlsafe(32)
    expires_at = _now() + _ttl()
    with system_context("invite an account admin"):
        await users.db().alchemi_invitationtable.update_many(
            where={"account_id": account_id, "email": email, "used_at": None}, data={"used_at": _now()})
        await users.db().alchemi_invitationtable.create(data={
            "token_hash": _hash(token), "account_id": account_id, "email": email, "expires_at": expires_at,
            "created_by": actor})
    public = os.environ.get("PROXY_BASE_URL") or base_url
    url = f"{public.rstrip('/')}{INVITE_PATH}?token={token}"
    sent = await mailer.send_invitation(email, url, account.account_name if account else account_id, expires_at)
    return {"email": email, "status": "invited", "invitation_url": url, "expires_at": expires_at.isoformat(),
            "email_sent": sent}


async def _valid(token: str) -> tuple[Any, Any]:
    if not token or len(token) > 200:
        raise IdentityError(404, "unknown invitation")
    with system_context("read an invitation"):
        row = await users.db().alchemi_invitationtable.find_unique(where={"token_hash": _hash(token)})
    if row is None:
        raise IdentityError(404, "unknown invitation")
    if row.used_at is not None:
        raise IdentityError(410, "this invitation has already been used or was replaced by a newer one")
    if _aware(row.expires_at) < _now():
        raise IdentityError(410, "this invitation has expired; ask the platform administrator for a new one")
    account = await users.get_account(row.account_id)
    if account is None or account.status != "active":
        raise IdentityError(410, "the account of this invitation is not active")
    return row, account


async def describe(token: str) -> dict:
    row, account = await _valid(token)
    from alchemi.identity import sso_config

    config = await sso_config.stored(account.account_id)
    method = "sso" if config is not None and config.enabled else "password"
    return {"email": row.email, "account_name": account.account_name, "expires_at": _aware(row.expires_at).isoformat(),
            "method": method}


async def _claim(row_id: str) -> bool:
    """Mark the invitation used; False when another request used it first."""
    with system_context("use an invitation"):
        return bool(await users.db().alchemi_invitationtable.update_many(
            where={"id": row_id, "used_at": None}, data={"used_at": _now()}))


async def _activate_admin(account_id: str, email: str) -> None:
    with system_context("activate an account admin"):
        await users.db().alchemi_accountadmintable.upsert(
            where={"account_id_email": {"account_id": account_id, "email": email}},
            data={"create": {"account_id": account_id, "email": email, "status": "active"},
                  "update": {"status": "active"}})


async def accept(token: str, password: str) -> tuple[str, str]:
    """Set the password, make the person an account admin, sign in: (session token, redirect)."""
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise IdentityError(422, f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > 1000:
        raise IdentityError(422, "the password is too long")
    row, account = await _valid(token)
    if not await _claim(row.id):
        raise IdentityError(410, "this invitation has already been used")
    hashed = users.hash_password(password)
    user = await users.find_user(account.account_id, row.email)
    if user is None:
        user = await users.create_user(account.account_id, email=row.email, role="proxy_admin", password_hash=hashed)
    else:
        user = await users.update_user(account.account_id, user.user_id, {"user_role": "proxy_admin", "password": hashed})
    await _activate_admin(account.account_id, row.email)
    session = await sessions.account_session(account_id=account.account_id, user_id=user.user_id,
                                             user_email=user.user_email, user_role="proxy_admin",
                                             login_method="username_password")
    return session, login.ACCOUNT_HOME


async def redeem_pending(account_id: str, email: str) -> bool:
    """Use a pending, unexpired invitation of `email` to `account_id` (SSO acceptance)."""
    with system_context("find a pending invitation"):
        row = await users.db().alchemi_invitationtable.find_first(
            where={"account_id": account_id, "email": email, "used_at": None, "expires_at": {"gt": _now()}})
    if row is None or not await _claim(row.id):
        return False
    await _activate_admin(account_id, email)
    return True
