"""Every LiteLLM internal that Alchemi touches, declared in one place.

Each seam names a dotted target inside the pinned LiteLLM, how we use it (`read`: we rely on
it; `extend`: we add to it through its public API; `wrap`: we call the original around our
code; `replace`: ours runs instead), and its contract: what we rely on and why. `check`
verifies the contract against the installed LiteLLM; `verify_all()` runs at boot (a moved or
renamed seam stops start-up with a message naming it) and in tests/test_seams.py.
CUSTOMIZATIONS.md mirrors this list, and a test keeps the two in agreement.
"""
from __future__ import annotations

from alchemi.seamlib import Seam, SeamError
from alchemi.seamlib import is_callable_with as _is_callable_with
from alchemi.seamlib import is_instance_of as _is_instance_of

__all__ = ["SEAMS", "Seam", "SeamError", "verify_all"]

PROXY = "litellm.proxy.proxy_server"

LICENSE_IS_PREMIUM = Seam(
    name="license.is_premium",
    target="litellm.proxy.auth.litellm_license:LicenseCheck.is_premium",
    kind="replace",
    contract=(
        "LiteLLM computes `premium_user = _license_check.is_premium()` when proxy_server is "
        "imported and again at start-up; ~75 checks in 30 files gate MIT-licensed management "
        "features on it. We replace it with `return True` before proxy_server is imported (the "
        "product decision: premium_user is forced on), so every import-time copy agrees."),
    check=_is_callable_with("self"),
)

PREMIUM_USER = Seam(
    name="proxy_server.premium_user",
    target=f"{PROXY}:premium_user",
    kind="replace",
    contract=(
        "Module global read by gate checks through `from proxy_server import premium_user` "
        "inside functions. Set to True at install, in case proxy_server was imported before "
        "license.is_premium was replaced."),
    check=lambda obj: None if isinstance(obj, bool) else f"is {type(obj).__name__}, expected bool",
)

PROXY_APP = Seam(
    name="proxy_server.app",
    target=f"{PROXY}:app",
    kind="extend",
    contract=(
        "The FastAPI app. We add our routers with `include_router` and our pure ASGI middleware "
        "with `add_middleware`, both before the app starts serving (Starlette refuses "
        "middleware afterwards)."),
    check=_is_instance_of("fastapi.FastAPI"),
)

APP_LIFESPAN = Seam(
    name="proxy_server.app.router.lifespan_context",
    target=f"{PROXY}:app.router.lifespan_context",
    kind="wrap",
    contract=(
        "LiteLLM's start-up (`proxy_startup_event`: master key, database client, callbacks, "
        "scheduler) runs as the app's lifespan. We wrap it so our start-up steps run after "
        "LiteLLM's (the database client exists) and our shutdown steps before LiteLLM's."),
    check=_is_callable_with("app"),
)

PRISMA_CLIENT = Seam(
    name="proxy_server.prisma_client",
    target=f"{PROXY}:prisma_client",
    kind="read",
    contract=(
        "Module global holding LiteLLM's PrismaClient once start-up has connected it (None "
        "before). Our start-up steps read it to confirm the database is reachable."),
    check=lambda obj: None,  # None until start-up; only its presence as a global is required
)

PRISMA_WRITE_ENGINE = Seam(
    name="db.prisma_client.PrismaWrapper._write_engine",
    target="litellm.proxy.db.prisma_client:PrismaWrapper._write_engine",
    kind="replace",
    contract=(
        "LiteLLM wraps the Prisma engine to track in-flight queries by assigning "
        "`client._Prisma__engine`, a private name of older prisma-client-py releases. "
        "prisma-client-py 0.15 keeps its engine behind the `_engine` property (its class has "
        "__slots__), so the assignment raises on every connect() and LiteLLM retries after a "
        "back-off. We assign through `_engine`, which is what the original meant."),
    check=_is_callable_with("prisma_client", "engine"),
)

MASTER_KEY = Seam(
    name="proxy_server.master_key",
    target=f"{PROXY}:master_key",
    kind="read",
    contract=(
        "Module global holding LITELLM_MASTER_KEY after start-up. The tenant middleware compares "
        "credentials with it (constant time) to recognise the platform super admin."),
    check=lambda obj: None if obj is None or isinstance(obj, str) else f"is {type(obj).__name__}, expected str",
)

GENERATE_KEY_HELPER = Seam(
    name="key_management_endpoints.generate_key_helper_fn",
    target="litellm.proxy.management_endpoints.key_management_endpoints:generate_key_helper_fn",
    kind="read",
    contract=(
        "Creates a LiteLLM user and its virtual key exactly as /user/new does. We call it inside an "
        "account's scope to issue the account-admin API key (user role proxy_admin, within the account)."),
    check=_is_callable_with("request_type", "user_id", "user_role", "key_alias", "metadata", "table_name"),
)

CREATE_MISSING_VIEWS = Seam(
    name="db.create_views.create_missing_views",
    target="litellm.proxy.db.create_views:create_missing_views",
    kind="read",
    contract=(
        "Creates LiteLLM's reporting views through any object with async execute_raw/query_raw. "
        "`alchemi migrate` calls it with a psycopg adapter so the views exist before the tenant "
        "schema copies them (alchemi/tenancy/views.py)."),
    check=_is_callable_with("db"),
)

PRISMA_EXECUTE = Seam(
    name="prisma.client.Prisma._execute",
    target="prisma.client:Prisma._execute",
    kind="wrap",
    contract=(
        "prisma-client-py's generated client sends every model action and raw query through "
        "`_execute(method=, arguments=, model=, root_selection=)`, also inside tx() (a copy of the "
        "same class). The tenant guard wraps it: arguments confined to the account in scope, raw "
        "SQL run in the tenant schema (alchemi/tenancy/prisma_guard.py)."),
    check=_is_callable_with("self", "method", "arguments", "model", "root_selection"),
)

PRISMA_BATCH_ADD = Seam(
    name="prisma.client.Batch._add",
    target="prisma.client:Batch._add",
    kind="wrap",
    contract=(
        "Every query queued in a batch_() passes through `Batch._add(method=, model=, arguments=)`; "
        "the tenant guard confines its arguments like `_execute`'s."),
    check=lambda obj: None if callable(obj) else "is not callable",
)

KEY_ROTATION = Seam(
    name="key_rotation_manager.KeyRotationManager._rotate_key",
    target="litellm.proxy.common_utils.key_rotation_manager:KeyRotationManager._rotate_key",
    kind="wrap",
    contract=(
        "The scheduled key-rotation job calls `_rotate_key(self, key)` once per due key row. We run "
        "it in the key's account scope, so the rows regeneration writes (the old key's grace-period "
        "row) belong to that account (alchemi/tenancy/background.py)."),
    check=_is_callable_with("self", "key"),
)

SCHEDULER_ADD_JOB = Seam(
    name="apscheduler.BaseScheduler.add_job",
    target="apscheduler.schedulers.base:BaseScheduler.add_job",
    kind="wrap",
    contract=(
        "LiteLLM schedules its background jobs with APScheduler (`scheduler.add_job(func, ...)`), "
        "sometimes from inside a request. The asyncio scheduler runs a job in the context of the last "
        "add_job caller, so a job could run in that request's account. We wrap each added job to run "
        "in system scope (alchemi/tenancy/background.py)."),
    check=_is_callable_with("self", "func"),
)

SEAMS: tuple[Seam, ...] = (
    LICENSE_IS_PREMIUM,
    PREMIUM_USER,
    PROXY_APP,
    APP_LIFESPAN,
    PRISMA_CLIENT,
    PRISMA_WRITE_ENGINE,
    MASTER_KEY,
    GENERATE_KEY_HELPER,
    CREATE_MISSING_VIEWS,
    PRISMA_EXECUTE,
    PRISMA_BATCH_ADD,
    KEY_ROTATION,
    SCHEDULER_ADD_JOB,
)


# The branding and per-account runtime seams are declared beside the route-table checks they need; listed here so
# this tuple stays the one list of every seam.
from alchemi.branding.install import SEAMS as _BRANDING_SEAMS  # noqa: E402
from alchemi.runtime.seams import SEAMS as _RUNTIME_SEAMS  # noqa: E402
from alchemi.identity.install import SEAMS as _IDENTITY_SEAMS  # noqa: E402
from alchemi.console.install import SEAMS as _CONSOLE_SEAMS  # noqa: E402
from alchemi.tenancy.seams import SEAMS as _TENANCY_SEAMS  # noqa: E402
from alchemi.gateway.seams import SEAMS as _GATEWAY_SEAMS  # noqa: E402

SEAMS = SEAMS + _TENANCY_SEAMS + _GATEWAY_SEAMS + _BRANDING_SEAMS + _RUNTIME_SEAMS + _IDENTITY_SEAMS + _CONSOLE_SEAMS


def verify_all(seams: tuple[Seam, ...] = SEAMS) -> None:
    """Raise SeamError listing every seam whose contract no longer holds."""
    problems = [f"  - {s.name} ({s.target}): {p}" for s in seams if (p := s.problem())]
    if problems:
        raise SeamError("LiteLLM no longer matches Alchemi's seams (see CUSTOMIZATIONS.md):\n"
                        + "\n".join(problems))
