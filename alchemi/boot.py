"""Bring a machine from nothing to a servable proxy: database, schema, client, environment.

Shared by `alchemi serve`, `alchemi migrate` and `alchemi setup`, each idempotent: the first
run initialises everything, later runs find it done and only start what must run.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from alchemi import bridge
from alchemi.cli.progress import Progress
from alchemi.db import client as prisma_client
from alchemi.db.embedded import EmbeddedPostgres
from alchemi.db.migrate import migrate
from alchemi.settings import Settings


class BootError(RuntimeError):
    """A start-up step failed; the message says what to do."""


@contextlib.contextmanager
def database(settings: Settings, progress: Progress, *, keep_running: bool = False) -> Iterator[str]:
    """Yield the database URL: DATABASE_URL, or the embedded server (started, then stopped on
    exit unless it was already running or `keep_running`)."""
    if not settings.uses_embedded_database:
        with progress.step("Database: using DATABASE_URL"):
            pass
        yield settings.database_url
        return
    pg = EmbeddedPostgres(settings.pgdata, port=settings.embedded_pg_port)
    first = not pg.initialised()
    with progress.step(f"Database: {'initialising' if first else 'starting'} embedded PostgreSQL "
                       f"in {settings.pgdata}"):
        pg.start()
        url = pg.ensure_database(settings.embedded_db_name)
        progress.say(f"listening on 127.0.0.1:{pg.port}")
    try:
        yield url
    finally:
        if pg.started_here and not keep_running:
            pg.stop()


def _redacted(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    host = parts.hostname or "?"
    return f"{parts.scheme}://{host}:{parts.port or 5432}{parts.path}"


def migrate_database(url: str, progress: Progress) -> None:
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=10):
            pass
    except psycopg.OperationalError as e:
        raise BootError(f"cannot connect to the database at {_redacted(url)}: {str(e).strip()}\n"
                        "  fix: check DATABASE_URL and that PostgreSQL is running, or unset "
                        "DATABASE_URL to use the embedded database") from None
    with progress.step("Migrations: LiteLLM's, then Alchemi's"):
        last = [0]

        def report(i: int, total: int, m) -> None:
            if i == 1 or i == total or i - last[0] >= 25:
                progress.say(f"{i}/{total} {m.source}/{m.name}")
                last[0] = i
        progress.say(str(migrate(url, progress=report)))
    with progress.step("Tenant views (LiteLLM's SQL sees one account at a time)"):
        from alchemi.tenancy import views
        from alchemi.tenancy.policy import namespaced_columns, scoped_tables

        made = views.ensure(url, scoped_tables(), namespaced_columns())
        progress.say("current" if made is None else f"built {made['tables']} table views, {made['views']} report views")


def prisma_ready(settings: Settings, progress: Progress) -> None:
    with progress.step("Prisma client and engine bridge"):
        if not bridge.node_modules_installed():
            progress.say("installing the bridge's npm packages")
            bridge.install_node_modules()
        if prisma_client.ensure(settings.cache_dir):
            progress.say("generated the client from schema.prisma")
        else:
            progress.say("client is current")
    with progress.step("Branded console (from the pinned dashboard)"):
        from alchemi.branding.build import ensure_built

        _, report = ensure_built()
        progress.say("current" if report is None else "built")
    from alchemi.console.build import ensure_built as ensure_console_built

    _, console_report = ensure_console_built()
    if console_report is not None:
        progress.say("built the console pages (ui/)")


def litellm_environment(settings: Settings, database_url: str, master_key: str) -> dict[str, str]:
    """The environment LiteLLM starts with. No config.yaml: configuration lives in the database
    (Settings.validate refuses CONFIG_FILE_PATH / WORKER_CONFIG)."""
    env = {
        **bridge.engine_env(settings.cache_dir),
        "DATABASE_URL": database_url,
        "LITELLM_MASTER_KEY": master_key,
        "STORE_MODEL_IN_DB": "True",
        # We apply migrations ourselves (alchemi migrate); LiteLLM's start-up check would call
        # the Prisma CLI's schema engine, which cannot be downloaded here.
        "DISABLE_SCHEMA_UPDATE": "True",
    }
    # Respect an operator's explicit choice for these; our defaults suit an offline machine.
    for name, default in (("LITELLM_LOCAL_MODEL_COST_MAP", "True"), ("LITELLM_TELEMETRY", "False")):
        env[name] = os.environ.get(name, default)
    return env
