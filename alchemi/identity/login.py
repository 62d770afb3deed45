"""Password sign-in and the email-first routing that precedes it.

`resolve_method` tells the login page whether an email signs in with a password or at its
account's identity provider, and nothing else: unknown emails get the same answer, shape and
(padded) timing as known ones. `password_login` signs in the super admin (UI_USERNAME /
UI_PASSWORD, no virtual key anywhere) or a user of an account (email + password).
"""
from __future__ import annotations

import asyncio
import hmac
import os
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from alchemi.identity import sessions, users
from alchemi.identity.errors import IdentityError

SUPER_ADMIN_HOME = "/ui/tenant-admin"
PLATFORM_FLOW = "alchemi:platform"  # the owner of a sign-in flow of the super admin
ACCOUNT_HOME = "/ui/"
_RESOLVE_FLOOR_SECONDS = 0.15
_BAD_CREDENTIALS = "Invalid username or password."


def ui_credentials() -> tuple[str, str | None]:
    """UI_USERNAME (default "admin") and UI_PASSWORD (default: the master key), as LiteLLM reads them."""
    from alchemi.tenancy.resolver import master_key

    return os.environ.get("UI_USERNAME", "admin"), os.environ.get("UI_PASSWORD") or master_key()


def is_super_admin_username(name: str) -> bool:
    username, _ = ui_credentials()
    return hmac.compare_digest(name.strip().encode(), username.encode())


def safe_redirect(target: str | None, default: str) -> str:
    """A same-origin relative path, else `default` (no open redirects)."""
    if not target or not isinstance(target, str) or len(target) > 2000:
        return default
    if not target.startswith("/") or target.startswith("//") or "\\" in target or any(c < " " for c in target):
        return default
    return target


def super_admin_emails() -> set[str]:
    """SUPER_ADMIN_EMAILS: people who may sign in as the super admin through the platform's SSO."""
    return {e.strip().lower() for e in os.environ.get("SUPER_ADMIN_EMAILS", "").split(",") if e.strip()}


def super_admin_sso_for(email: str):
    """The platform's own SSO (ALCHEMI_SUPER_ADMIN_SSO_*) when `email` is a super admin's, else None."""
    from types import SimpleNamespace

    from alchemi.identity import oidc

    issuer = os.environ.get("ALCHEMI_SUPER_ADMIN_SSO_ISSUER", "").strip().rstrip("/")
    client_id = os.environ.get("ALCHEMI_SUPER_ADMIN_SSO_CLIENT_ID", "").strip()
    if not issuer or not client_id or email.strip().lower() not in super_admin_emails():
        return None
    scopes = os.environ.get("ALCHEMI_SUPER_ADMIN_SSO_SCOPES", "").split() or list(oidc.DEFAULT_SCOPES["oidc"])
    return SimpleNamespace(provider="oidc", issuer=issuer, client_id=client_id, scopes=scopes, zitadel_org_id=None,
                           client_secret=os.environ.get("ALCHEMI_SUPER_ADMIN_SSO_CLIENT_SECRET") or None)


async def sso_account_for(email: str):
    """(account, SSO config) when the email's domain belongs to an active account with SSO on."""
    account = await users.account_of_domain(users.email_domain(email))
    if account is None or account.status != "active":
        return None
    from alchemi.identity import sso_config

    config = await sso_config.stored(account.account_id)
    if config is None or not config.enabled:
        return None
    return account, config


async def resolve_method(email: str) -> dict:
    started = time.monotonic()
    answer: dict = {"method": "password"}
    if super_admin_sso_for(email) is not None:
        answer = {"method": "sso", "redirect_url": "/v2/sso/start?" + urlencode({"email": email})}
    elif not is_super_admin_username(email):
        found = await sso_account_for(email)
        if found is not None:
            answer = {"method": "sso", "redirect_url": "/v2/sso/start?" + urlencode({"email": email})}
    remaining = _RESOLVE_FLOOR_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        await asyncio.sleep(remaining)
    return answer


@dataclass(frozen=True)
class SignedIn:
    token: str
    role: str
    home: str


def _check_super_admin(username: str, password: str) -> bool:
    ui_username, ui_password = ui_credentials()
    if not ui_password:
        return False
    # Both comparisons always run: the time taken does not tell which one failed.
    name_ok = hmac.compare_digest(username.encode(), ui_username.encode())
    password_ok = hmac.compare_digest(password.encode(), ui_password.encode())
    return name_ok and password_ok


async def password_login(username: str, password: str) -> SignedIn:
    username = username.strip()
    if not username or not password:
        raise IdentityError(401, _BAD_CREDENTIALS)
    if _check_super_admin(username, password):
        return SignedIn(sessions.super_admin_session(username), "super_admin", SUPER_ADMIN_HOME)
    email = username.lower()
    account_id = await users.account_for_login(email) if "@" in email else None
    user = await users.find_user(account_id, email) if account_id else None
    if user is None or not users.verify_password(password, user.password):
        raise IdentityError(401, _BAD_CREDENTIALS)
    from alchemi.tenancy.resolver import account_status

    status = await account_status(account_id)
    if status != "active":
        raise IdentityError(403, f"Account {account_id} is {status or 'unknown'}; sign-in is disabled.")
    if not user.password.startswith("scrypt:"):  # LiteLLM's legacy SHA-256 hashes are upgraded on sign-in
        await users.update_user(account_id, user.user_id, {"password": users.hash_password(password)})
    token = await sessions.account_session(account_id=account_id, user_id=user.user_id, user_email=user.user_email,
                                           user_role=user.user_role or "internal_user_viewer",
                                           login_method="username_password")
    return SignedIn(token, user.user_role or "internal_user_viewer", ACCOUNT_HOME)
