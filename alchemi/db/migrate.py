"""Apply LiteLLM's migrations, then ours, in order; record each; safe to re-run.

LiteLLM's migrations (shipped in `litellm-proxy-extras`) are recorded in Prisma's own
`_prisma_migrations` ledger, with the sha256 checksum `prisma migrate deploy` writes, so the
Prisma CLI would see the same state. Ours (`prisma/migrations/`) go in `alchemi_migrations`.
A PostgreSQL advisory lock serialises replicas that start at the same moment.
"""
from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

# Arbitrary, fixed: every replica takes the same lock.
_ADVISORY_LOCK_ID = 7_265_746_101

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ALCHEMI_MIGRATIONS_DIR = PROJECT_ROOT / "prisma" / "migrations"


class MigrationError(RuntimeError):
    """A migration failed or an applied migration was changed afterwards."""


@dataclass(frozen=True)
class Migration:
    source: str  # "litellm" or "alchemi"
    name: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text()

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


@dataclass
class MigrationReport:
    applied: list[str] = field(default_factory=list)
    already_applied: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        return f"{len(self.applied)} applied, {self.already_applied} already applied, {self.seconds:.1f}s"


def litellm_migrations_dir() -> Path:
    import litellm_proxy_extras

    return Path(litellm_proxy_extras.__file__).parent / "migrations"


def _discover(source: str, directory: Path) -> list[Migration]:
    if not directory.is_dir():
        return []
    return [Migration(source, d.name, d / "migration.sql")
            for d in sorted(directory.iterdir()) if (d / "migration.sql").is_file()]


def all_migrations(alchemi_dir: Path = ALCHEMI_MIGRATIONS_DIR) -> list[Migration]:
    """LiteLLM's first (our columns refer to their tables), then ours."""
    return _discover("litellm", litellm_migrations_dir()) + _discover("alchemi", alchemi_dir)


_LEDGERS = """
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ, "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ, "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS "alchemi_migrations" (
  "name" TEXT PRIMARY KEY, "checksum" VARCHAR(64) NOT NULL,
  "applied_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "duration_ms" INTEGER NOT NULL);
"""


def _applied(conn: psycopg.Connection) -> dict[tuple[str, str], str]:
    done: dict[tuple[str, str], str] = {}
    for name, checksum in conn.execute(
            'SELECT migration_name, checksum FROM "_prisma_migrations" '
            "WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL"):
        done[("litellm", name)] = checksum
    for name, checksum in conn.execute('SELECT name, checksum FROM "alchemi_migrations"'):
        done[("alchemi", name)] = checksum
    return done


def pending(database_url: str, alchemi_dir: Path = ALCHEMI_MIGRATIONS_DIR) -> list[Migration]:
    """Migrations not yet applied to the database (all of them on an empty database)."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('_prisma_migrations') IS NOT NULL AND "
                              "to_regclass('alchemi_migrations') IS NOT NULL").fetchone()[0]
        done = _applied(conn) if exists else {}
    return [m for m in all_migrations(alchemi_dir) if (m.source, m.name) not in done]


def _apply_one(conn: psycopg.Connection, m: Migration) -> None:
    sql = m.sql
    started = time.perf_counter()
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction block.
    if "CONCURRENTLY" in sql.upper():
        conn.execute(sql)
    else:
        with conn.transaction():
            conn.execute(sql)
    ms = int((time.perf_counter() - started) * 1000)
    if m.source == "litellm":
        conn.execute('INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, '
                     "applied_steps_count) VALUES (%s, %s, now(), %s, 1)",
                     (str(uuid.uuid4()), m.checksum, m.name))
    else:
        conn.execute('INSERT INTO "alchemi_migrations" (name, checksum, duration_ms) VALUES (%s, %s, %s)',
                     (m.name, m.checksum, ms))


def _lock(conn: psycopg.Connection, timeout: float = 600) -> None:
    """Take the migration lock, polling. A session blocked inside pg_advisory_lock() holds a
    virtual transaction id, and CREATE INDEX CONCURRENTLY (in LiteLLM's migrations) waits for
    every such id: the lock holder would wait for the waiter, which waits for the holder."""
    deadline = time.monotonic() + timeout
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", (_ADVISORY_LOCK_ID,)).fetchone()[0]:
        if time.monotonic() > deadline:
            raise MigrationError(f"another process has held the migration lock for {timeout:.0f}s")
        time.sleep(0.2)


def migrate(database_url: str, *, alchemi_dir: Path = ALCHEMI_MIGRATIONS_DIR,
            progress: Callable[[int, int, Migration], None] | None = None) -> MigrationReport:
    """Apply every pending migration in order. Raises MigrationError on the first failure
    (that migration is rolled back; earlier ones stay applied and recorded)."""
    report = MigrationReport()
    started = time.perf_counter()
    with psycopg.connect(database_url, autocommit=True) as conn:
        _lock(conn)
        try:
            conn.execute(_LEDGERS)
            done = _applied(conn)
            todo = []
            for m in all_migrations(alchemi_dir):
                recorded = done.get((m.source, m.name))
                if recorded is None:
                    todo.append(m)
                    continue
                report.already_applied += 1
                if m.source == "alchemi" and recorded != m.checksum:
                    raise MigrationError(
                        f"migration {m.name} was changed after it was applied (checksum differs): "
                        "add a new migration instead of editing an applied one")
            for i, m in enumerate(todo, 1):
                if progress:
                    progress(i, len(todo), m)
                try:
                    _apply_one(conn, m)
                except psycopg.Error as e:
                    raise MigrationError(f"{m.source} migration {m.name} failed: {e}") from e
                report.applied.append(m.name)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_ADVISORY_LOCK_ID,))
    report.seconds = time.perf_counter() - started
    return report
