"""Console sessions: the `token` cookie the dashboard reads.

An account user's session is LiteLLM's own format (HS256 JWT signed with the master key, built
by `create_ui_token_object` / `encode_ui_session_jwt`) around a short-lived virtual key of that
user, minted inside the user's account. The super admin's session carries no virtual key: its
`key` claim is itself a signed super-admin token, so the dashboard's habit of sending `key` as a
bearer token still identifies the super admin to the tenant resolver, and nothing is minted in
any account.
"""
from __future__ import annotations

import secrets
import time
from typing import Any, Literal

SUPER_ADMIN_CLAIM = "alchemi_super_admin"
_SUPER_ADMIN_USER_ID = "alchemi-super-admin"


def _master_key() -> str:
    from alchemi.identity.errors import IdentityError
    from alchemi.tenancy.resolver import master_key

    key = master_key()
    if not key:
        raise IdentityError(503, "the proxy has no master key; sessions cannot be issued")
    return key


def _session_duration_seconds() -> int:
    from litellm.constants import LITELLM_UI_SESSION_DURATION
    from litellm.litellm_core_utils.duration_parser import duration_in_seconds

    return int(duration_in_seconds(LITELLM_UI_SESSION_DURATION))


def session_duration() -> str:
    from litellm.constants import LITELLM_UI_SESSION_DURATION

    return LITELLM_UI_SESSION_DURATION


def super_admin_session(username: str) -> str:
    """A signed session for the platform super admin (no virtual key anywhere)."""
    import jwt

    key = _master_key()
    exp = int(time.time()) + _session_duration_seconds()
    inner = jwt.encode({SUPER_ADMIN_CLAIM: True, "sid": secrets.token_urlsafe(16), "exp": exp}, key,
                       algorithm="HS256")
    claims = {
        "user_id": _SUPER_ADMIN_USER_ID, "key": inner, "user_email": None, "user_role": "proxy_admin",
        "login_method": "username_password", "premium_user": True, "auth_header_name": "Authorization",
        "disabled_non_admin_personal_key_creation": False, "server_root_path": "",
        SUPER_ADMIN_CLAIM: True, "alchemi_username": username, "exp": exp,
    }
    return jwt.encode(claims, key, algorithm="HS256")


async def account_session(*, account_id: str, user_id: str, user_email: str | None, user_role: str,
                          login_method: Literal["sso", "username_password"]) -> str:
    """Mint a dashboard virtual key for the user inside its account and wrap it as LiteLLM does."""
    import litellm
    from litellm.proxy import proxy_server
    from litellm.proxy.auth.login_utils import LoginResult, create_ui_token_object, encode_ui_session_jwt
    from litellm.proxy.management_endpoints.key_management_endpoints import generate_key_helper_fn

    from alchemi.tenancy.context import tenant_context

    # No team: LiteLLM puts its own sessions in a "litellm-dashboard" team, but team ids are
    # platform-unique and each account would need its own; the metadata marks the key instead.
    with tenant_context(account_id):
        minted: dict[str, Any] = await generate_key_helper_fn(
            request_type="key", user_role=user_role, duration=session_duration(),
            key_max_budget=litellm.max_ui_session_budget, models=[], aliases={}, config={}, spend=0,
            user_id=user_id, key_alias=f"console-session:{login_method}",
            metadata={"alchemi_session": login_method})
    result = LoginResult(user_id=user_id, key=minted["token"], user_email=user_email, user_role=user_role,
                         login_method=login_method)
    token_object = create_ui_token_object(login_result=result, general_settings=dict(proxy_server.general_settings or {}),
                                          premium_user=True)
    return encode_ui_session_jwt(token_object, _master_key())


def is_super_admin_token(token: str, master_key: str | None) -> bool:
    """True for a valid super-admin session or its inner key (signature and expiry checked)."""
    if not master_key or token.count(".") != 2:
        return False
    import jwt

    try:
        claims = jwt.decode(token, master_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return False
    return claims.get(SUPER_ADMIN_CLAIM) is True


def set_cookie(response: Any, request: Any, token: str) -> None:
    """The `token` cookie exactly as LiteLLM's sign-in paths set it (the dashboard reads it)."""
    from litellm.proxy.management_endpoints.ui_sso import set_session_token_cookie

    set_session_token_cookie(response, request, token)


def clear_cookie(response: Any) -> None:
    response.delete_cookie(key="token", path="/")


async def retire_session_key(request: Any) -> None:
    """Delete the dashboard key inside an account session (best effort; API keys are untouched)."""
    import hashlib

    from alchemi.tenancy.middleware import credential
    from alchemi.tenancy.resolver import _session_key, master_key

    caller = request.scope.get("state", {}).get("alchemi_caller")
    token = credential(request.scope)
    if caller is None or caller.kind != "account" or not token or token.startswith("sk-"):
        return
    key = _session_key(token, master_key())
    if not key:
        return
    from alchemi.identity.users import db
    from alchemi.tenancy.context import tenant_context

    token_hash = hashlib.sha256(key.encode()).hexdigest()
    with tenant_context(caller.account_id):
        row = await db().litellm_verificationtoken.find_unique(where={"token": token_hash})
        metadata = row.metadata if row is not None and isinstance(row.metadata, dict) else {}
        if "alchemi_session" in metadata:  # only the session's own key, never an API key
            await db().litellm_verificationtoken.delete_many(where={"token": token_hash})
            from litellm.proxy.auth.auth_checks import _delete_cache_key_object  # seam: identity/install.py
            from litellm.proxy.proxy_server import proxy_logging_obj, user_api_key_cache

            await _delete_cache_key_object(hashed_token=token_hash, user_api_key_cache=user_api_key_cache,
                                           proxy_logging_obj=proxy_logging_obj)
