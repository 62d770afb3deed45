"""Each account's single sign-on configuration (OIDC), and a connection test.

The super admin may manage any account's configuration; an account admin only its own.
The client secret is encrypted at rest and never returned (`has_client_secret` says whether
one is stored).
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from alchemi.accounts.schemas import Domain
from alchemi.identity import oidc, secrets
from alchemi.identity.errors import IdentityError
from alchemi.identity.users import db
from alchemi.tenancy.context import system_context

Provider = Literal["zitadel", "okta", "entra", "google", "oidc"]
DefaultRole = Literal["internal_user", "internal_user_viewer", "proxy_admin_viewer", "proxy_admin"]


def _issuer(value: str) -> str:
    v = value.strip()
    if not (v.startswith("https://") or v.startswith("http://")) or " " in v or len(v) < 10:
        raise ValueError("the issuer must be an http(s) URL, e.g. https://login.example.com")
    return v.rstrip("/")


def _scope(value: str) -> str:
    v = value.strip()
    if not v or " " in v:
        raise ValueError(f"{value!r} is not a single OAuth scope")
    return v


class SSOConfigIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    provider: Provider = "oidc"
    issuer: Annotated[str, Field(max_length=500), AfterValidator(_issuer)]
    client_id: Annotated[str, Field(min_length=1, max_length=500)]
    client_secret: Annotated[str | None, Field(max_length=2000)] = None
    scopes: Annotated[list[Annotated[str, Field(max_length=300), AfterValidator(_scope)]], Field(max_length=50)] = []
    zitadel_org_id: Annotated[str | None, Field(max_length=200)] = None
    default_role: DefaultRole = "internal_user"
    allowed_domains: Annotated[list[Domain], Field(max_length=100)] = []


class SSOConfigOut(BaseModel):
    configured: bool
    enabled: bool
    provider: Provider
    issuer: str
    client_id: str
    has_client_secret: bool
    scopes: list[str]
    zitadel_org_id: str | None
    default_role: str
    allowed_domains: list[str]


class SSOTestResult(BaseModel):
    ok: bool
    issuer: str | None
    authorization_endpoint: str | None
    error: str | None


NOT_CONFIGURED = SSOConfigOut(configured=False, enabled=False, provider="oidc", issuer="", client_id="",
                              has_client_secret=False, scopes=[], zitadel_org_id=None, default_role="internal_user",
                              allowed_domains=[])


async def stored(account_id: str) -> Any | None:
    with system_context("read an account's SSO configuration"):
        return await db().alchemi_accountssoconfigtable.find_unique(where={"account_id": account_id})


def client_secret(row: Any) -> str | None:
    if not row.client_secret_encrypted:
        return None
    try:
        return secrets.decrypt(row.client_secret_encrypted)
    except Exception:
        raise IdentityError(409, "the stored SSO client secret cannot be decrypted (was the master key or "
                                 "LITELLM_SALT_KEY changed?); enter the client secret again") from None


def _out(row: Any) -> SSOConfigOut:
    return SSOConfigOut(configured=True, enabled=row.enabled, provider=row.provider, issuer=row.issuer,
                        client_id=row.client_id, has_client_secret=bool(row.client_secret_encrypted),
                        scopes=list(row.scopes or []), zitadel_org_id=row.zitadel_org_id,
                        default_role=row.default_role, allowed_domains=list(row.allowed_domains or []))


async def _require_account(account_id: str) -> None:
    from alchemi.identity.users import get_account

    if await get_account(account_id) is None:
        raise IdentityError(404, f"account {account_id} not found")


async def get(account_id: str) -> SSOConfigOut:
    await _require_account(account_id)
    row = await stored(account_id)
    return _out(row) if row is not None else NOT_CONFIGURED


async def put(account_id: str, req: SSOConfigIn, *, actor: str) -> SSOConfigOut:
    await _require_account(account_id)
    current = await stored(account_id)
    data: dict[str, Any] = {
        "enabled": req.enabled, "provider": req.provider, "issuer": req.issuer, "client_id": req.client_id,
        "scopes": req.scopes, "zitadel_org_id": req.zitadel_org_id, "default_role": req.default_role,
        "allowed_domains": sorted(set(req.allowed_domains))}
    if req.client_secret:
        data["client_secret_encrypted"] = secrets.encrypt(req.client_secret)
    with system_context("save an account's SSO configuration"):
        if current is None:
            row = await db().alchemi_accountssoconfigtable.create(
                data={"account_id": account_id, "created_by": actor, **data})
        else:
            row = await db().alchemi_accountssoconfigtable.update(where={"account_id": account_id}, data=data)
        await _audit(actor, "account.sso.update", account_id,
                     {k: v for k, v in data.items() if k != "client_secret_encrypted"}
                     | {"client_secret_changed": bool(req.client_secret)})
    oidc.forget(req.issuer)
    return _out(row)


async def delete(account_id: str, *, actor: str) -> SSOConfigOut:
    await _require_account(account_id)
    with system_context("delete an account's SSO configuration"):
        deleted = await db().alchemi_accountssoconfigtable.delete_many(where={"account_id": account_id})
        if deleted:
            await _audit(actor, "account.sso.delete", account_id, {})
    if not deleted:
        raise IdentityError(404, f"account {account_id} has no SSO configuration")
    return NOT_CONFIGURED


async def test(account_id: str, req: SSOConfigIn | None) -> SSOTestResult:
    """Fetch the provider's discovery document for `req`, or for the stored configuration."""
    await _require_account(account_id)
    if req is None:
        row = await stored(account_id)
        if row is None:
            raise IdentityError(404, f"account {account_id} has no SSO configuration to test")
        issuer = row.issuer
    else:
        issuer = req.issuer
    try:
        found = await oidc.discover(issuer, use_cache=False)
    except IdentityError as e:
        return SSOTestResult(ok=False, issuer=None, authorization_endpoint=None, error=str(e))
    return SSOTestResult(ok=True, issuer=found.issuer, authorization_endpoint=found.authorization_endpoint, error=None)


async def _audit(actor: str, action: str, account_id: str, details: dict) -> None:
    from prisma import Json

    await db().alchemi_platformaudittable.create(data={
        "actor": actor, "action": action, "account_id": account_id, "target": None, "details": Json(details)})
