"""The SSO sign-in: authorization code with PKCE (S256), state and nonce, per account.

`start` records the sign-in (state -> account, nonce, PKCE verifier, where to return) and
sends the browser to the account's provider; `callback` consumes that record exactly once,
exchanges the code, verifies the id_token against the provider's keys, checks that the person
belongs to the account that started the flow (email domain, or the Zitadel organisation
claim), creates the user inside that account on first sign-in with the configured default
role (account admin when an invitation is pending), and issues the console session.
The platform's own SSO (SUPER_ADMIN_EMAILS) runs the same flow and issues the super admin's
session instead.
"""
from __future__ import annotations

import os
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import urlencode

from alchemi.identity import login, oidc, sessions, sso_config, users
from alchemi.identity.errors import IdentityError
from alchemi.tenancy.context import system_context

FLOW_TTL = timedelta(minutes=10)
CALLBACK_PATH = "/v2/sso/callback"


def callback_url(request_base_url: str) -> str:
    """Where providers send the browser back; PROXY_BASE_URL wins over the request's own URL
    (behind a reverse proxy the request does not know the public origin)."""
    base = os.environ.get("PROXY_BASE_URL") or request_base_url
    return base.rstrip("/") + CALLBACK_PATH


async def start(*, email: str, redirect_to: str | None, request_base_url: str) -> str:
    """The provider URL to send the browser to."""
    platform = login.super_admin_sso_for(email)
    if platform is not None:
        flow_owner, config = login.PLATFORM_FLOW, platform
    else:
        found = await login.sso_account_for(email)
        if found is None:
            raise IdentityError(400, "single sign-on is not available for this email; sign in with a password")
        account, config = found
        flow_owner = account.account_id
    discovery = await oidc.discover(config.issuer)
    state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verifier, challenge = oidc.pkce_pair()
    with system_context("record an SSO sign-in in progress"):
        await users.db().alchemi_loginflowtable.delete_many(
            where={"expires_at": {"lt": datetime.now(timezone.utc)}})
        await users.db().alchemi_loginflowtable.create(data={
            "state": state, "account_id": flow_owner, "nonce": nonce, "code_verifier": verifier,
            "email": email, "redirect_to": login.safe_redirect(redirect_to, login.ACCOUNT_HOME),
            "expires_at": datetime.now(timezone.utc) + FLOW_TTL})
    params = {"response_type": "code", "client_id": config.client_id,
              "redirect_uri": callback_url(request_base_url),
              "scope": " ".join(oidc.scopes_for(config.provider, list(config.scopes or []), config.zitadel_org_id)),
              "state": state, "nonce": nonce, "code_challenge": challenge, "code_challenge_method": "S256",
              "login_hint": email}
    sep = "&" if "?" in discovery.authorization_endpoint else "?"
    return discovery.authorization_endpoint + sep + urlencode(params)


async def _take_flow(state: str) -> Any:
    """The sign-in record for `state`, deleted as it is read (a replayed callback finds nothing)."""
    with system_context("consume an SSO sign-in in progress"):
        flow = await users.db().alchemi_loginflowtable.find_unique(where={"state": state})
        if flow is None:
            raise IdentityError(400, "unknown or already used sign-in state; start the sign-in again")
        consumed = await users.db().alchemi_loginflowtable.delete_many(where={"state": state})
    if not consumed:
        raise IdentityError(400, "unknown or already used sign-in state; start the sign-in again")
    if flow.expires_at.replace(tzinfo=flow.expires_at.tzinfo or timezone.utc) < datetime.now(timezone.utc):
        raise IdentityError(400, "the sign-in took too long; start it again")
    return flow


def _org_claim(claims: dict) -> str | None:
    for name in oidc.ZITADEL_ORG_CLAIMS:
        value = claims.get(name)
        if isinstance(value, str) and value:
            return value
    # `urn:zitadel:iam:org:id:<id>` scopes may also surface as a role-style claim keyed by org id.
    return None


def check_membership(account: Any, config: Any, claims: dict) -> str:
    """The person's email, once it is shown to belong to `account`; 403 otherwise."""
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise IdentityError(403, "the identity provider did not share an email address")
    if claims.get("email_verified") is False:
        raise IdentityError(403, f"the identity provider has not verified {email}")
    email = email.strip().lower()
    org_id = config.zitadel_org_id or (account.zitadel_org_id if config.provider == "zitadel" else None)
    if config.provider == "zitadel" and org_id:
        if _org_claim(claims) != org_id:
            raise IdentityError(403, "this Zitadel organisation does not belong to the account that started the sign-in")
        return email
    domains = {d.domain for d in (account.domains or [])} | set(config.allowed_domains or [])
    if users.email_domain(email) not in domains:
        raise IdentityError(403, f"{users.email_domain(email)} is not an email domain of this account")
    return email


async def callback(*, code: str | None, state: str | None, error: str | None, request_base_url: str,
                   iss: str | None = None) -> tuple[str, str]:
    """(session token, where to send the browser)."""
    if not state:
        raise IdentityError(400, "the sign-in answer has no state")
    flow = await _take_flow(state)
    if error:
        raise IdentityError(401, f"the identity provider refused the sign-in: {error}")
    if not code:
        raise IdentityError(400, "the sign-in answer has no code")
    if flow.account_id == login.PLATFORM_FLOW:
        return await _super_admin_callback(flow, code=code, iss=iss, request_base_url=request_base_url)
    account = await users.get_account(flow.account_id)
    config = await sso_config.stored(flow.account_id)
    if account is None or config is None or not config.enabled:
        raise IdentityError(403, "single sign-on is no longer enabled for this account")
    if account.status != "active":
        raise IdentityError(403, f"Account {account.account_id} is {account.status}; sign-in is disabled.")
    claims = await _verified_claims(config, sso_config.client_secret(config), flow, code=code, iss=iss,
                                    request_base_url=request_base_url)
    email = check_membership(account, config, claims)
    user = await _user_for(account.account_id, email, config.default_role, str(claims["sub"]))
    token = await sessions.account_session(account_id=account.account_id, user_id=user.user_id,
                                           user_email=user.user_email, user_role=user.user_role or config.default_role,
                                           login_method="sso")
    return token, login.safe_redirect(flow.redirect_to, login.ACCOUNT_HOME)


async def _verified_claims(config: Any, client_secret: str | None, flow: Any, *, code: str, iss: str | None,
                           request_base_url: str) -> dict:
    discovery = await oidc.discover(config.issuer)
    if iss is not None and iss.rstrip("/") != discovery.issuer.rstrip("/"):  # RFC 9207: another provider's answer
        raise IdentityError(401, "the sign-in answer comes from another identity provider")
    tokens = await oidc.exchange_code(discovery, code=code, redirect_uri=callback_url(request_base_url),
                                      code_verifier=flow.code_verifier, client_id=config.client_id,
                                      client_secret=client_secret)
    return await oidc.verify_id_token(discovery, tokens["id_token"], client_id=config.client_id, nonce=flow.nonce)


async def _super_admin_callback(flow: Any, *, code: str, iss: str | None, request_base_url: str) -> tuple[str, str]:
    """The platform's own SSO: only the emails in SUPER_ADMIN_EMAILS become the super admin."""
    config = login.super_admin_sso_for(flow.email or "")
    if config is None:
        raise IdentityError(403, "single sign-on for the platform administrator is no longer configured")
    claims = await _verified_claims(config, config.client_secret, flow, code=code, iss=iss,
                                    request_base_url=request_base_url)
    email = claims.get("email")
    if (not isinstance(email, str) or claims.get("email_verified") is False
            or email.strip().lower() not in login.super_admin_emails()):
        raise IdentityError(403, "this identity is not a platform administrator")
    return sessions.super_admin_session(email.strip().lower()), login.SUPER_ADMIN_HOME


async def _user_for(account_id: str, email: str, default_role: str, subject: str) -> Any:
    from alchemi.identity import invitations

    user = await users.find_user(account_id, email)
    if user is None:
        user = await users.create_user(account_id, email=email, role=default_role, sso_subject=subject)
    if await invitations.redeem_pending(account_id, email):
        user = await users.update_user(account_id, user.user_id, {"user_role": "proxy_admin"})
    return user
