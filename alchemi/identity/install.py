"""Install identity (sign-in, sessions, SSO, invitations) into LiteLLM's app: `install(app)`
and the seams it touches.

LiteLLM's `POST /login` and `POST /v2/login` are answered by our handlers, placed before
theirs in the route table (super admin without a virtual key; account users signed in inside
their account); our other routes go in front too, so no catch-all of LiteLLM's shadows them.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from alchemi.identity.errors import IdentityError
from alchemi.seamlib import Seam, is_callable_with

PROXY = "litellm.proxy.proxy_server"
_INSTALLED_FLAG = "_alchemi_identity_installed"


def _litellm_post_route(path: str) -> Any | None:
    """LiteLLM's own POST route at `path` (FastAPI keeps included routers by reference, so it
    lives in proxy_server.router, not in the app's route list)."""
    from fastapi.routing import APIRoute
    from litellm.proxy.proxy_server import router

    return next((r for r in router.routes
                 if isinstance(r, APIRoute) and r.path == path and "POST" in (r.methods or ())), None)


def _check_login_route(path: str) -> Callable[[Any], str | None]:
    def check(endpoint: Any) -> str | None:
        if not callable(endpoint):
            return "is not callable"
        route = _litellm_post_route(path)
        if route is None:
            return f"no POST route at {path} in proxy_server.router"
        if route.endpoint is not endpoint:
            return f"POST {path} is no longer served by {endpoint.__name__}"
        return None
    return check


LOGIN = Seam(
    name="proxy_server.login",
    target=f"{PROXY}:login",
    kind="replace",
    contract=(
        "LiteLLM's form sign-in `POST /login` (username/password form fields, 303 to the dashboard with the "
        "`token` cookie), defined on proxy_server.router. It signs UI_USERNAME in as a proxy admin by minting a "
        "virtual key, which in a multi-tenant proxy would belong to no account. Our handler is placed before it "
        "in the app's route table and answers instead: the super admin gets a session without any virtual key, "
        "account users are signed in inside their account."),
    check=_check_login_route("/login"),
)

LOGIN_V2 = Seam(
    name="proxy_server.login_v2",
    target=f"{PROXY}:login_v2",
    kind="replace",
    contract=(
        "LiteLLM's JSON sign-in `POST /v2/login` ({username, password}). Shadowed by ours "
        "like `/login`; answers {redirect_url, role} and sets the same `token` cookie."),
    check=_check_login_route("/v2/login"),
)

CREATE_UI_TOKEN_OBJECT = Seam(
    name="login_utils.create_ui_token_object",
    target="litellm.proxy.auth.login_utils:create_ui_token_object",
    kind="read",
    contract=(
        "Builds the dashboard session claims (user_id, key, user_email, user_role, login_method, "
        "premium_user, auth_header_name, ...) from a `LoginResult`; account users' sessions use it so the "
        "dashboard reads them exactly as LiteLLM's own."),
    check=is_callable_with("login_result", "general_settings", "premium_user"),
)

LOGIN_RESULT = Seam(
    name="login_utils.LoginResult",
    target="litellm.proxy.auth.login_utils:LoginResult",
    kind="read",
    contract="The sign-in result `create_ui_token_object` takes: user_id, key, user_email, user_role, login_method.",
    check=is_callable_with("user_id", "key", "user_email", "user_role", "login_method"),
)

ENCODE_UI_SESSION_JWT = Seam(
    name="login_utils.encode_ui_session_jwt",
    target="litellm.proxy.auth.login_utils:encode_ui_session_jwt",
    kind="read",
    contract=(
        "Signs the session claims as an HS256 JWT with the master key and a bounded `exp` "
        "(LITELLM_UI_SESSION_DURATION): the `token` cookie format the dashboard and the tenant resolver read."),
    check=is_callable_with("returned_ui_token_object", "master_key"),
)

SET_SESSION_COOKIE = Seam(
    name="ui_sso.set_session_token_cookie",
    target="litellm.proxy.management_endpoints.ui_sso:set_session_token_cookie",
    kind="read",
    contract="Sets the `token` cookie as every LiteLLM sign-in path does (not HttpOnly: the dashboard reads it).",
    check=is_callable_with("response", "request", "jwt_token"),
)

HASH_PASSWORD = Seam(
    name="utils.hash_password",
    target="litellm.proxy.utils:hash_password",
    kind="read",
    contract="Hashes a user's password as LiteLLM stores it in LiteLLM_UserTable.password (scrypt).",
    check=is_callable_with("password"),
)

VERIFY_PASSWORD = Seam(
    name="utils.verify_password",
    target="litellm.proxy.utils:verify_password",
    kind="read",
    contract="Checks a password against LiteLLM's stored hash (scrypt, or the legacy SHA-256, which we rehash).",
    check=is_callable_with("password", "stored"),
)

DELETE_CACHED_KEY = Seam(
    name="auth_checks._delete_cache_key_object",
    target="litellm.proxy.auth.auth_checks:_delete_cache_key_object",
    kind="read",
    contract=("Evicts a key from LiteLLM's auth cache (and tells the other workers): after logout deletes the "
              "session's key, the key stops working at once instead of when the cached copy expires."),
    check=is_callable_with("hashed_token", "user_api_key_cache", "proxy_logging_obj"),
)

SEAMS: tuple[Seam, ...] = (LOGIN, LOGIN_V2, CREATE_UI_TOKEN_OBJECT, LOGIN_RESULT, ENCODE_UI_SESSION_JWT,
                           SET_SESSION_COOKIE, HASH_PASSWORD, VERIFY_PASSWORD, DELETE_CACHED_KEY)


def install(app: Any) -> None:
    """Add identity routes and replacements to the app (idempotent).

    Our routes go first in the app's route table: Starlette serves the first full match, so our
    `POST /login` and `POST /v2/login` answer instead of LiteLLM's, which stay in place unused.
    An IdentityError a route raises is answered with its status and message."""
    if getattr(app.state, _INSTALLED_FLAG, False):
        return
    from fastapi.routing import APIRoute
    from litellm.proxy import proxy_server

    from alchemi.identity import routes

    routes.form_login.alchemi_replaces = proxy_server.login  # type: ignore[attr-defined]
    routes.v2_login.alchemi_replaces = proxy_server.login_v2  # type: ignore[attr-defined]
    replacements = [APIRoute("/login", routes.form_login, methods=["POST"], include_in_schema=False),
                    APIRoute("/v2/login", routes.v2_login, methods=["POST"], include_in_schema=False)]
    app.router.routes[0:0] = replacements + list(routes.router.routes)
    app.add_exception_handler(IdentityError, lambda request, exc: exc.response())  # routes raise, never wrap
    setattr(app.state, _INSTALLED_FLAG, True)
