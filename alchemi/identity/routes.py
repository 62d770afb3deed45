"""Identity API: sign-in, sessions, per-account SSO, invitations. Thin: the services decide."""
from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, RedirectResponse
from pydantic import BaseModel, ConfigDict, Field

from alchemi.identity import invitations, jwt_auth, login, ratelimit, sessions, sso_config, sso_flow
from alchemi.identity.deps import AccountAdminDep, actor_name
from alchemi.identity.errors import IdentityError
from alchemi.identity.roles import principal

router = APIRouter(tags=["identity"])


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _too_many() -> JSONResponse:
    return JSONResponse(status_code=429, content={"error": {
        "message": "Too many sign-in attempts from this address; wait a minute and try again.", "code": "429"}})


def _failed(request: Request, e: IdentityError) -> JSONResponse:
    """A refused sign-in: counted against the client's address (guessing is rate-limited)."""
    if e.status in (401, 404, 410):
        ratelimit.PASSWORD.record(_client(request))
    return e.response()


async def _json_object(request: Request) -> dict:
    try:
        body = await request.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise IdentityError(400, "the request body must be a JSON object") from None
    if not isinstance(body, dict):
        raise IdentityError(422, "the request body must be a JSON object")
    return body


def _text(body: dict, name: str, *, required: bool = True, max_length: int = 1000) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()):
        raise IdentityError(422, f"'{name}' must be a non-empty string")
    if len(value) > max_length:
        raise IdentityError(422, f"'{name}' is too long")
    return value


# ---- email-first sign-in ------------------------------------------------------------------

@router.post("/v2/login/resolve")
async def resolve_login(request: Request):
    """How this email signs in: {"method": "password"} or {"method": "sso", "redirect_url"}."""
    if not ratelimit.RESOLVE.allow(_client(request)):
        return _too_many()
    email = _text(await _json_object(request), "email", max_length=320).strip()
    if not login.is_super_admin_username(email):
        from alchemi.accounts.schemas import _email

        try:
            email = _email(email)
        except ValueError as e:
            raise IdentityError(422, str(e)) from None
    return await login.resolve_method(email)


async def v2_login(request: Request):
    """JSON sign-in with a password: the super admin or a user of an account."""
    if ratelimit.PASSWORD.blocked(_client(request)):
        return _too_many()
    try:
        body = await _json_object(request)
        username, password = _text(body, "username", max_length=320), _text(body, "password")
        redirect_to = _text(body, "redirect_to", required=False, max_length=2000)
        signed_in = await login.password_login(username, password)
    except IdentityError as e:
        return _failed(request, e)
    target = signed_in.home if signed_in.role == "super_admin" else login.safe_redirect(redirect_to, signed_in.home)
    response = JSONResponse({"redirect_url": target, "role": signed_in.role})
    sessions.set_cookie(response, request, signed_in.token)
    return response


async def form_login(request: Request):
    """The legacy form sign-in (`POST /login`): same rules, answered with a redirect."""
    if ratelimit.PASSWORD.blocked(_client(request)):
        return _too_many()
    try:
        form = await request.form()
    except Exception:
        return IdentityError(400, "send the username and password as a form").response()
    username, password = form.get("username"), form.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        return _failed(request, IdentityError(401, "Invalid username or password."))
    try:
        signed_in = await login.password_login(username, password)
    except IdentityError as e:
        return _failed(request, e)
    redirect_to = form.get("redirect_to")
    target = signed_in.home if signed_in.role == "super_admin" else login.safe_redirect(
        redirect_to if isinstance(redirect_to, str) else None, signed_in.home)
    response = RedirectResponse(url=target, status_code=303)
    sessions.set_cookie(response, request, signed_in.token)
    return response


# ---- the session ----------------------------------------------------------------------------

@router.get("/alchemi/me")
async def me(request: Request):
    """Who is signed in (role vocabulary of docs/access.md)."""
    found = await principal(request)
    if found is None:
        return IdentityError(401, "not signed in").response()
    account_name = None
    if found.account_id:
        from alchemi.identity.users import get_account

        account = await get_account(found.account_id)
        account_name = account.account_name if account else None
    return {"role": found.role, "email": found.email, "user_id": found.user_id, "account_id": found.account_id,
            "account_name": account_name}


@router.post("/alchemi/logout")
async def logout(request: Request):
    """Clear the session cookie (and retire an account session's dashboard key)."""
    from alchemi.identity.sessions import retire_session_key

    await retire_session_key(request)
    response = JSONResponse({"redirect_url": "/ui/login"})
    sessions.clear_cookie(response)
    return response


# ---- per-account SSO configuration --------------------------------------------------------------

@router.get("/account/{account_id}/sso", response_model=sso_config.SSOConfigOut)
async def get_sso(account_id: str, actor: AccountAdminDep):
    return await sso_config.get(account_id)


@router.put("/account/{account_id}/sso", response_model=sso_config.SSOConfigOut)
async def put_sso(account_id: str, req: sso_config.SSOConfigIn, actor: AccountAdminDep):
    return await sso_config.put(account_id, req, actor=actor_name(actor))


@router.delete("/account/{account_id}/sso", response_model=sso_config.SSOConfigOut)
async def delete_sso(account_id: str, actor: AccountAdminDep):
    return await sso_config.delete(account_id, actor=actor_name(actor))


@router.post("/account/{account_id}/sso/test", response_model=sso_config.SSOTestResult)
async def test_sso(account_id: str, actor: AccountAdminDep, request: Request):
    """Test a configuration sent in the body, or the stored one when the body is empty (or `{}`)."""
    from pydantic import ValidationError

    raw = await request.body()
    body = await _json_object(request) if raw.strip() else {}
    try:
        req = sso_config.SSOConfigIn.model_validate(body) if body else None
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "body"
        raise IdentityError(422, f"{where}: {first.get('msg')}") from None
    return await sso_config.test(account_id, req)


# ---- per-account JWT authentication of API callers ----------------------------------------------

@router.get("/account/{account_id}/jwt-auth", response_model=jwt_auth.JWTAuthOut)
async def get_jwt_auth(account_id: str, actor: AccountAdminDep):
    return await jwt_auth.get(account_id)


@router.put("/account/{account_id}/jwt-auth", response_model=jwt_auth.JWTAuthOut)
async def put_jwt_auth(account_id: str, req: jwt_auth.JWTAuthIn, actor: AccountAdminDep):
    return await jwt_auth.put(account_id, req)


@router.delete("/account/{account_id}/jwt-auth")
async def delete_jwt_auth(account_id: str, actor: AccountAdminDep):
    await jwt_auth.delete(account_id)
    return {"configured": False}


# ---- the SSO sign-in ----------------------------------------------------------------------------

@router.get("/v2/sso/start")
async def sso_start(request: Request, email: str = "", redirect_to: str | None = None):
    if not ratelimit.SSO_START.allow(_client(request)):
        return _too_many()
    from alchemi.accounts.schemas import _email

    try:
        email = _email(email)
    except ValueError as e:
        raise IdentityError(422, str(e)) from None
    url = await sso_flow.start(email=email, redirect_to=redirect_to, request_base_url=str(request.base_url))
    return RedirectResponse(url=url, status_code=302)


@router.get("/v2/sso/callback")
async def sso_callback(request: Request, code: str | None = None, state: str | None = None, error: str | None = None,
                       iss: str | None = None):
    token, target = await sso_flow.callback(code=code, state=state, error=error, iss=iss,
                                            request_base_url=str(request.base_url))
    response = RedirectResponse(url=target, status_code=302)
    sessions.set_cookie(response, request, token)
    return response


# ---- invitations ----------------------------------------------------------------------------------

class AcceptInvitation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    password: str = Field(min_length=1, max_length=1000)


@router.get("/v2/invitation/{token}")
async def get_invitation(token: str, request: Request):
    if ratelimit.PASSWORD.blocked(_client(request)):
        return _too_many()
    try:
        return await invitations.describe(token)
    except IdentityError as e:
        return _failed(request, e)


@router.post("/v2/invitation/{token}/accept")
async def accept_invitation(token: str, req: AcceptInvitation, request: Request):
    if ratelimit.PASSWORD.blocked(_client(request)):
        return _too_many()
    try:
        session, target = await invitations.accept(token, req.password)
    except IdentityError as e:
        return _failed(request, e)
    response = JSONResponse({"redirect_url": target})
    sessions.set_cookie(response, request, session)
    return response
