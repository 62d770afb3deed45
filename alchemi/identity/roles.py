"""Who the caller is, in the role vocabulary of docs/access.md.

super_admin: the platform operator (master key or super-admin session); account_admin: a
person who is LiteLLM proxy_admin within an account; org_admin / team_admin: a person who
administers an organisation / a team; member: any other person of the account; service_client:
an account API key (issued by the super admin for products such as alchemi-web).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from alchemi.tenancy.context import tenant_context

Role = Literal["super_admin", "account_admin", "org_admin", "team_admin", "member", "service_client"]


@dataclass(frozen=True)
class Principal:
    role: Role
    account_id: str | None = None
    user_id: str | None = None
    email: str | None = None
    litellm_role: str | None = None


def _presented_key(scope: Any) -> str | None:
    """The virtual key behind the request's credential (unwrapping a console session)."""
    from alchemi.tenancy.middleware import credential
    from alchemi.tenancy.resolver import _session_key, master_key

    token = credential(scope)
    if not token:
        return None
    if token.startswith("sk-"):
        return token
    return _session_key(token, master_key())


async def _role_of_user(db: Any, user: Any) -> Role:
    if user.user_role in ("proxy_admin",):
        return "account_admin"
    if user.user_role == "org_admin":
        return "org_admin"
    if await db.litellm_organizationmembership.find_first(where={"user_id": user.user_id, "user_role": "org_admin"}):
        return "org_admin"
    if user.teams:
        for team in await db.litellm_teamtable.find_many(where={"team_id": {"in": list(user.teams)}}):
            if user.user_id in (team.admins or []):
                return "team_admin"
            for member in team.members_with_roles or []:
                if isinstance(member, dict) and member.get("user_id") == user.user_id and member.get("role") == "admin":
                    return "team_admin"
    return "member"


async def principal(request: Any) -> Principal | None:
    """The caller as a role, or None when the request carries no valid credential."""
    from alchemi.accounts.service import account_admin_user_id
    from alchemi.identity.users import db

    caller = request.scope.get("state", {}).get("alchemi_caller")
    if caller is None or caller.kind in ("anonymous", "unknown"):
        return None
    if caller.kind == "super_admin":
        return Principal("super_admin")
    key = _presented_key(request.scope)
    if key is None:
        return None
    with tenant_context(caller.account_id):
        token = await db().litellm_verificationtoken.find_unique(
            where={"token": hashlib.sha256(key.encode()).hexdigest()})
        if token is None or not token.user_id:
            return Principal("service_client", account_id=caller.account_id)
        if token.user_id == account_admin_user_id(caller.account_id):
            return Principal("service_client", account_id=caller.account_id, user_id=token.user_id,
                             litellm_role="proxy_admin")
        user = await db().litellm_usertable.find_unique(where={"user_id": token.user_id})
        if user is None:
            return Principal("member", account_id=caller.account_id, user_id=token.user_id)
        role = await _role_of_user(db(), user)
    return Principal(role, account_id=caller.account_id, user_id=user.user_id, email=user.user_email,
                     litellm_role=user.user_role)
