"""JWT authentication of an account's API callers (per account: issuer, JWKS URL, claim mapping).

A caller presents a JWT from its account's identity provider as the bearer token. The tenant
resolver finds the account by the token's issuer (one account per issuer), verifies it against
that issuer's keys (cached JWKS, refreshed once on an unknown key id; `ALCHEMI_OIDC_CLOCK_SKEW`
seconds of leeway), maps its claims to a LiteLLM user of the account (user id, email, team,
role), and swaps the credential for a short-lived virtual key of that user minted inside the
account, so LiteLLM's own authorization applies unchanged. Keys are cached per (user, role,
team) until shortly before the token or the key expires.
"""
from __future__ import annotations

import time
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from alchemi.identity import oidc
from alchemi.identity.errors import IdentityError
from alchemi.identity.sso_config import _issuer
from alchemi.tenancy.context import system_context, tenant_context

LiteLLMRole = Literal["proxy_admin", "proxy_admin_viewer", "internal_user", "internal_user_viewer"]
_KEY_LIFETIME_SECONDS = 3600
_CONFIG_TTL = 30.0
_Claim = Annotated[str, Field(min_length=1, max_length=200)]


class JWTAuthIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    enabled: bool = True
    issuer: Annotated[str, Field(max_length=500), AfterValidator(_issuer)]
    jwks_url: Annotated[str, Field(max_length=1000), AfterValidator(_issuer)]
    audience: Annotated[str | None, Field(max_length=500)] = None
    user_id_claim: _Claim = "sub"
    email_claim: _Claim = "email"
    team_id_claim: _Claim | None = None
    role_claim: _Claim | None = None
    role_map: dict[Annotated[str, Field(max_length=200)], LiteLLMRole] = {}
    default_role: LiteLLMRole = "internal_user"


class JWTAuthOut(JWTAuthIn):
    model_config = ConfigDict(extra="ignore")
    configured: bool = True


def _db():
    from alchemi.identity.users import db

    return db()


def _out(row: Any) -> JWTAuthOut:
    return JWTAuthOut(enabled=row.enabled, issuer=row.issuer, jwks_url=row.jwks_url, audience=row.audience,
                      user_id_claim=row.user_id_claim, email_claim=row.email_claim, team_id_claim=row.team_id_claim,
                      role_claim=row.role_claim, role_map=row.role_map if isinstance(row.role_map, dict) else {},
                      default_role=row.default_role)


async def get(account_id: str) -> JWTAuthOut:
    with system_context("read an account's JWT authentication"):
        row = await _db().alchemi_accountjwtauthtable.find_unique(where={"account_id": account_id})
    if row is None:
        raise IdentityError(404, f"account {account_id} has no JWT authentication configured")
    return _out(row)


async def put(account_id: str, req: JWTAuthIn) -> JWTAuthOut:
    from prisma import Json

    from alchemi.identity.users import get_account

    if await get_account(account_id) is None:
        raise IdentityError(404, f"account {account_id} not found")
    data = req.model_dump()
    data["role_map"] = Json(data["role_map"])
    with system_context("save an account's JWT authentication"):
        taken = await _db().alchemi_accountjwtauthtable.find_unique(where={"issuer": req.issuer})
        if taken is not None and taken.account_id != account_id:
            raise IdentityError(409, "this issuer already authenticates another account")
        row = await _db().alchemi_accountjwtauthtable.upsert(
            where={"account_id": account_id},
            data={"create": {"account_id": account_id, **data}, "update": data})
    _configs.clear()
    return _out(row)


async def delete(account_id: str) -> None:
    with system_context("delete an account's JWT authentication"):
        deleted = await _db().alchemi_accountjwtauthtable.delete_many(where={"account_id": account_id})
    _configs.clear()
    if not deleted:
        raise IdentityError(404, f"account {account_id} has no JWT authentication configured")


_configs: dict[str, tuple[Any, float]] = {}
_keys: dict[tuple, tuple[str, float]] = {}


async def _config_for(issuer: str) -> Any | None:
    cached = _configs.get(issuer)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    with system_context("find the account of a JWT issuer"):
        row = await _db().alchemi_accountjwtauthtable.find_unique(where={"issuer": issuer.rstrip("/")})
    _configs[issuer] = (row, time.monotonic() + _CONFIG_TTL)
    return row


def looks_like_jwt(token: str) -> bool:
    return token.count(".") == 2 and token.startswith("eyJ")


async def verify(token: str) -> tuple[Any, dict] | None:
    """(the account's configuration, verified claims), or None when no account trusts the issuer
    or the token does not verify."""
    import jwt

    try:
        issuer = jwt.decode(token, options={"verify_signature": False}).get("iss")
    except jwt.PyJWTError:
        return None
    if not isinstance(issuer, str):
        return None
    config = await _config_for(issuer)
    if config is None or not config.enabled:
        return None
    try:
        key = await oidc.signing_key(config.jwks_url, token)
        claims = jwt.decode(token, key, algorithms=oidc._ALGORITHMS, issuer=config.issuer,
                            audience=config.audience, leeway=oidc.CLOCK_SKEW_SECONDS,
                            options={"require": ["exp", "iss"], "verify_aud": bool(config.audience)})
    except (IdentityError, jwt.PyJWTError):
        return None
    return config, claims


def _claim(claims: dict, name: str | None) -> Any:
    if not name:
        return None
    value: Any = claims
    for part in name.split("."):  # nested claims, e.g. "realm_access.roles"
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _role(config: Any, claims: dict) -> str:
    mapping = config.role_map if isinstance(config.role_map, dict) else {}
    value = _claim(claims, config.role_claim)
    for candidate in value if isinstance(value, list) else [value]:
        if isinstance(candidate, str) and candidate in mapping:
            return mapping[candidate]
    return config.default_role


async def key_for(config: Any, claims: dict) -> str | None:
    """A virtual key of the mapped user inside the account (minted once, then cached)."""
    from litellm.proxy.management_endpoints.key_management_endpoints import generate_key_helper_fn

    from alchemi.identity.users import db

    subject = _claim(claims, config.user_id_claim)
    if not isinstance(subject, (str, int)) or not str(subject):
        return None
    account_id = config.account_id
    user_id = f"jwt:{account_id}:{subject}"  # user ids are platform-unique: never the bare subject
    role = _role(config, claims)
    team = _claim(claims, config.team_id_claim)
    team = str(team) if isinstance(team, (str, int)) else None
    cache_key = (account_id, user_id, role, team)
    now = time.time()
    cached = _keys.get(cache_key)
    if cached and cached[1] > now + 60:
        return cached[0]
    email = _claim(claims, config.email_claim)
    with tenant_context(account_id):
        if team is not None and await db().litellm_teamtable.find_unique(where={"team_id": team}) is None:
            return None  # a team the account does not have
        user = await db().litellm_usertable.find_unique(where={"user_id": user_id})
        if user is None:
            await db().litellm_usertable.create(data={
                "user_id": user_id, "user_email": email if isinstance(email, str) else None, "user_role": role,
                "models": []})
        elif user.user_role != role:
            await db().litellm_usertable.update(where={"user_id": user_id}, data={"user_role": role})
        minted = await generate_key_helper_fn(
            request_type="key", user_id=user_id, user_role=role, team_id=team, duration="1h",
            key_alias=None, metadata={"alchemi_jwt": {"iss": config.issuer, "sub": str(subject)}})
    expires = min(now + _KEY_LIFETIME_SECONDS, float(claims.get("exp", now + _KEY_LIFETIME_SECONDS)))
    _keys[cache_key] = (minted["token"], expires)
    if len(_keys) > 50_000:
        _keys.pop(next(iter(_keys)))
    return minted["token"]
