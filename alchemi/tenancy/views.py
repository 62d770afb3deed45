"""The `alchemi_tenant` schema: each scoped table seen through one account's eyes.

LiteLLM runs ~95 hand-written SQL statements (analytics, spend views, the key lookup). They
name tables without a schema, so when the tenant guard runs them with
`search_path = alchemi_tenant, public` and `alchemi.account_id` set, every scoped table name
resolves to a view here:

    CREATE VIEW alchemi_tenant."T" AS SELECT <columns> FROM public."T"
      WHERE account_id = current_setting('alchemi.account_id', true) WITH CASCADED CHECK OPTION

Such views are updatable: UPDATE and DELETE reach only the account's rows, and INSERT gets
the account by the column default (a row for another account fails the check option).
LiteLLM's own views (create_views.py) are recreated here too, on top of the tenant views, so
`"MonthlyGlobalSpend"` inside a tenant is that tenant's spend.

Rebuilt after every migration run (views freeze their column list when created).
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable, Mapping, Sequence

import psycopg
from psycopg import sql

TENANT_SCHEMA = "alchemi_tenant"
ACCOUNT_SETTING = "alchemi.account_id"
_LOCK_ID = 7_265_746_102


class _RawDb:
    """What LiteLLM's create_missing_views() needs (execute_raw / query_raw), on psycopg."""

    def __init__(self, conn: psycopg.AsyncConnection) -> None:
        self.conn = conn

    async def execute_raw(self, query: str, *args: object) -> int:
        cur = await self.conn.execute(query, args or None)
        return cur.rowcount

    async def query_raw(self, query: str, *args: object) -> Sequence[Mapping[str, object]]:
        cur = await self.conn.execute(query, args or None)
        if cur.description is None:
            return []
        names = [d.name for d in cur.description]
        return [dict(zip(names, row)) for row in await cur.fetchall()]


async def _create_litellm_views(url: str) -> None:
    from litellm.proxy.db.create_views import create_missing_views

    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await create_missing_views(_RawDb(conn))


def create_litellm_views(url: str) -> None:
    """LiteLLM's reporting views, created now rather than by its start-up, so the tenant copies
    can be built from them."""
    asyncio.run(_create_litellm_views(url))


def _table_columns(conn: psycopg.Connection, table: str) -> list[str]:
    rows = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                        "AND table_name = %s ORDER BY ordinal_position", (table,)).fetchall()
    return [r[0] for r in rows]


def _lock(conn: psycopg.Connection, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while not conn.execute("SELECT pg_try_advisory_lock(%s)", (_LOCK_ID,)).fetchone()[0]:
        if time.monotonic() > deadline:
            raise RuntimeError("timed out waiting for the tenant-view lock")
        time.sleep(0.2)


def _column_expr(column: str, namespaced: bool) -> sql.Composable:
    """A plain column, or for a namespaced key column its value without the account prefix
    (read-only in the view: a raw write to it fails loudly instead of storing a bare name)."""
    if not namespaced:
        return sql.Identifier(column)
    return sql.SQL("CASE WHEN starts_with({c}, account_id || '::') THEN substr({c}, length(account_id) + 3) "
                   "ELSE {c} END AS {c}").format(c=sql.Identifier(column))


def refresh(url: str, tables: Iterable[str], key_columns: Mapping[str, Iterable[str]] | None = None) -> dict[str, int]:
    """(Re)build the tenant schema for `tables` (the scoped models' tables) and LiteLLM's views.
    `key_columns` maps a table to its namespaced key columns."""
    tables = sorted(set(tables))
    key_columns = {t: set(cols) for t, cols in (key_columns or {}).items()}
    with psycopg.connect(url, autocommit=True) as conn:
        _lock(conn)
        try:
            with conn.transaction():
                conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(TENANT_SCHEMA)))
                conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(TENANT_SCHEMA)))
                made_tables = 0
                for table in tables:
                    columns = _table_columns(conn, table)
                    if "account_id" not in columns:
                        raise RuntimeError(f'table "{table}" has no account_id column: run the migrations')
                    conn.execute(sql.SQL(
                        "CREATE VIEW {schema}.{table} AS SELECT {cols} FROM public.{table} "
                        "WHERE account_id = current_setting({setting}, true) WITH CASCADED CHECK OPTION").format(
                        schema=sql.Identifier(TENANT_SCHEMA), table=sql.Identifier(table),
                        cols=sql.SQL(", ").join(_column_expr(c, c in key_columns.get(table, ())) for c in columns),
                        setting=sql.Literal(ACCOUNT_SETTING)))
                    conn.execute(sql.SQL("ALTER VIEW {}.{} ALTER COLUMN account_id SET DEFAULT "
                                         "current_setting({}, true)").format(
                        sql.Identifier(TENANT_SCHEMA), sql.Identifier(table), sql.Literal(ACCOUNT_SETTING)))
                    made_tables += 1
                made_views = _copy_public_views(conn)
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_LOCK_ID,))
    return {"tables": made_tables, "views": made_views}


def _fingerprint(conn: psycopg.Connection, tables: list[str]) -> str:
    import hashlib
    from importlib.metadata import version

    applied = [r[0] for r in conn.execute(
        'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL '
        'UNION ALL SELECT name FROM "alchemi_migrations" ORDER BY 1').fetchall()]
    h = hashlib.sha256("\n".join([version("litellm"), *applied, "--", *tables]).encode())
    return h.hexdigest()


def ensure(url: str, tables: Iterable[str], key_columns: Mapping[str, Iterable[str]] | None = None
           ) -> dict[str, int] | None:
    """Build the tenant schema unless it was built for exactly these migrations, tables and
    key columns. Returns what was built, or None when it was current."""
    tables = sorted(set(tables))
    key_columns = {t: sorted(c) for t, c in (key_columns or {}).items()}
    with psycopg.connect(url, autocommit=True) as conn:
        want = _fingerprint(conn, tables + [f"{t}.{c}" for t, cs in sorted(key_columns.items()) for c in cs])
        have = conn.execute("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = %s",
                            (TENANT_SCHEMA,)).fetchone()
    if have and have[0] == want:
        return None
    create_litellm_views(url)
    made = refresh(url, tables, key_columns)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("COMMENT ON SCHEMA {} IS {}").format(sql.Identifier(TENANT_SCHEMA), sql.Literal(want)))
    return made


def _copy_public_views(conn: psycopg.Connection) -> int:
    conn.execute("SET LOCAL search_path TO public")
    views = {name: definition for name, definition in conn.execute(
        "SELECT viewname, pg_get_viewdef(format('public.%I', viewname)::regclass, true) "
        "FROM pg_views WHERE schemaname = 'public'").fetchall()}
    conn.execute(sql.SQL("SET LOCAL search_path TO {}, public").format(sql.Identifier(TENANT_SCHEMA)))
    made, pending = 0, dict(views)
    # A view may read another view: create in dependency order by retrying what failed.
    for _ in range(len(views) + 1):
        failed = {}
        for name, definition in pending.items():
            try:
                with conn.transaction():
                    conn.execute(sql.SQL("CREATE VIEW {}.{} AS ").format(
                        sql.Identifier(TENANT_SCHEMA), sql.Identifier(name)) + sql.SQL(definition.strip().rstrip(";")))
                made += 1
            except psycopg.errors.UndefinedTable:
                failed[name] = definition
        if not failed:
            break
        pending = failed
    else:
        raise RuntimeError(f"could not recreate views in {TENANT_SCHEMA}: {sorted(pending)}")
    return made
