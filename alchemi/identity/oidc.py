"""OpenID Connect client pieces: discovery, JWKS (cached), the code exchange, id_token checks.

Plain functions over httpx; no provider-specific code beyond the presets (default scopes and
the Zitadel organisation claims).
"""
from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import time
from dataclasses import dataclass
from typing import Any

import httpx

from alchemi.identity.errors import IdentityError

PROVIDERS = ("zitadel", "okta", "entra", "google", "oidc")
DEFAULT_SCOPES = {
    "zitadel": ["openid", "email", "profile", "urn:zitadel:iam:user:resourceowner"],
    "okta": ["openid", "email", "profile"],
    "entra": ["openid", "email", "profile"],
    "google": ["openid", "email", "profile"],
    "oidc": ["openid", "email", "profile"],
}
# Zitadel puts the user's organisation in one of these (the first is asked for with the
# `urn:zitadel:iam:org:id:<id>` scope, the second with `urn:zitadel:iam:user:resourceowner`).
ZITADEL_ORG_CLAIMS = ("urn:zitadel:iam:org:id", "urn:zitadel:iam:user:resourceowner:id")
_TIMEOUT = httpx.Timeout(10.0)
_CACHE_TTL = float(os.environ.get("ALCHEMI_OIDC_CACHE_SECONDS", "600"))
CLOCK_SKEW_SECONDS = int(os.environ.get("ALCHEMI_OIDC_CLOCK_SKEW", "60"))
_ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"]


def scopes_for(provider: str, scopes: list[str], zitadel_org_id: str | None) -> list[str]:
    chosen = list(scopes) or list(DEFAULT_SCOPES.get(provider, DEFAULT_SCOPES["oidc"]))
    if "openid" not in chosen:
        chosen.insert(0, "openid")
    if provider == "zitadel" and zitadel_org_id:
        org_scope = f"urn:zitadel:iam:org:id:{zitadel_org_id}"
        if org_scope not in chosen:
            chosen.append(org_scope)
    return chosen


@dataclass(frozen=True)
class Discovery:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str


_discovery_cache: dict[str, tuple[Discovery, float]] = {}
_jwks_cache: dict[str, tuple[dict, float]] = {}


def forget(issuer: str | None = None) -> None:
    """Drop cached discovery documents and key sets (all, or one issuer's)."""
    if issuer is None:
        _discovery_cache.clear()
        _jwks_cache.clear()
    else:
        _discovery_cache.pop(issuer.rstrip("/"), None)


async def discover(issuer: str, *, use_cache: bool = True) -> Discovery:
    """The provider's discovery document; its `issuer` must be the configured one."""
    base = issuer.rstrip("/")
    cached = _discovery_cache.get(base)
    if use_cache and cached and cached[1] > time.monotonic():
        return cached[0]
    url = f"{base}/.well-known/openid-configuration"
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            r = await client.get(url)
    except httpx.HTTPError as e:
        raise IdentityError(502, f"the identity provider at {base} did not answer ({type(e).__name__})") from None
    if r.status_code != 200:
        raise IdentityError(502, f"OIDC discovery at {url} answered {r.status_code}")
    try:
        doc = r.json()
    except json.JSONDecodeError:
        raise IdentityError(502, f"OIDC discovery at {url} is not JSON") from None
    missing = [k for k in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
               if not isinstance(doc.get(k), str)]
    if missing:
        raise IdentityError(502, f"OIDC discovery at {url} lacks {', '.join(missing)}")
    if doc["issuer"].rstrip("/") != base:
        raise IdentityError(502, f"OIDC discovery names issuer {doc['issuer']!r}, not the configured {issuer!r}")
    found = Discovery(doc["issuer"], doc["authorization_endpoint"], doc["token_endpoint"], doc["jwks_uri"])
    _discovery_cache[base] = (found, time.monotonic() + _CACHE_TTL)
    return found


async def _jwks(jwks_uri: str, *, refresh: bool = False) -> dict:
    cached = _jwks_cache.get(jwks_uri)
    if not refresh and cached and cached[1] > time.monotonic():
        return cached[0]
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            r = await client.get(jwks_uri)
        keys = r.json() if r.status_code == 200 else None
    except (httpx.HTTPError, json.JSONDecodeError):
        keys = None
    if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
        raise IdentityError(502, f"the identity provider's key set at {jwks_uri} is unavailable")
    _jwks_cache[jwks_uri] = (keys, time.monotonic() + _CACHE_TTL)
    return keys


async def signing_key(jwks_uri: str, token: str) -> Any:
    """The public key that signed `token`, from the cached key set (refreshed once on a miss,
    so a provider's key rotation is picked up)."""
    import jwt

    try:
        kid = jwt.get_unverified_header(token).get("kid")
    except jwt.PyJWTError:
        raise IdentityError(401, "the identity token is malformed") from None
    for refresh in (False, True):
        keyset = jwt.PyJWKSet.from_dict(await _jwks(jwks_uri, refresh=refresh))
        for k in keyset.keys:
            if kid is None or k.key_id == kid:
                return k.key
    raise IdentityError(401, "the identity token was signed with a key the provider does not publish")


def pkce_pair() -> tuple[str, str]:
    """(code_verifier, S256 code_challenge)."""
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


async def exchange_code(d: Discovery, *, code: str, redirect_uri: str, code_verifier: str, client_id: str,
                        client_secret: str | None) -> dict:
    """Trade the authorization code for tokens (client_secret_basic when a secret is set)."""
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "code_verifier": code_verifier}
    auth = None
    if client_secret:
        auth = httpx.BasicAuth(client_id, client_secret)
    else:
        data["client_id"] = client_id
    try:
        async with httpx.AsyncClient(timeout=_TIMEOUT) as client:
            r = await client.post(d.token_endpoint, data=data, auth=auth,
                                  headers={"Accept": "application/json"})
    except httpx.HTTPError as e:
        raise IdentityError(502, f"the identity provider's token endpoint did not answer ({type(e).__name__})") from None
    try:
        body = r.json()
    except json.JSONDecodeError:
        body = {}
    if r.status_code != 200:
        reason = body.get("error_description") or body.get("error") or f"status {r.status_code}"
        raise IdentityError(401, f"the identity provider refused the sign-in code: {reason}")
    if not isinstance(body.get("id_token"), str):
        raise IdentityError(502, "the identity provider returned no id_token")
    return body


async def verify_id_token(d: Discovery, id_token: str, *, client_id: str, nonce: str | None) -> dict:
    """Signature (JWKS), issuer, audience, expiry (with clock skew) and nonce."""
    import jwt

    key = await signing_key(d.jwks_uri, id_token)
    try:
        claims = jwt.decode(id_token, key, algorithms=_ALGORITHMS, audience=client_id, issuer=d.issuer,
                            leeway=CLOCK_SKEW_SECONDS, options={"require": ["exp", "iat", "sub"]})
    except jwt.ExpiredSignatureError:
        raise IdentityError(401, "the identity token has expired") from None
    except jwt.InvalidAudienceError:
        raise IdentityError(401, "the identity token was issued to another client") from None
    except jwt.InvalidIssuerError:
        raise IdentityError(401, "the identity token comes from another issuer") from None
    except jwt.PyJWTError as e:
        raise IdentityError(401, f"the identity token is invalid ({e})") from None
    if nonce is not None and not secrets.compare_digest(str(claims.get("nonce", "")), nonce):
        raise IdentityError(401, "the identity token's nonce does not match this sign-in")
    return claims
