"""The PostgreSQL server the benchmark runs on, and the databases it creates there (and drops).

Order of choice: DATABASE_URL / TEST_DATABASE_URL, else a server on 127.0.0.1:5432 that
accepts `postgres` without a password, else an embedded PostgreSQL in a temporary directory.
"""
from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from bench.procs import free_port

LOCAL_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _local_server() -> str | None:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            pass
        with psycopg.connect(LOCAL_URL, connect_timeout=3):
            return LOCAL_URL
    except (OSError, psycopg.Error):
        return None


@contextlib.contextmanager
def server() -> Iterator[tuple[str, str]]:
    """Yield (url of a maintenance database, what kind of server it is)."""
    url = os.environ.get("DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if url:
        yield url, "DATABASE_URL" if os.environ.get("DATABASE_URL") else "TEST_DATABASE_URL"
        return
    local = _local_server()
    if local:
        yield local, "PostgreSQL on 127.0.0.1:5432"
        return
    from alchemi.db.embedded import EmbeddedPostgres

    with tempfile.TemporaryDirectory(prefix="alchemi-bench-pg-") as tmp:
        pg = EmbeddedPostgres(Path(tmp) / "pgdata", port=free_port())
        pg.start()
        try:
            yield pg.url("postgres"), "embedded PostgreSQL (temporary)"
        finally:
            pg.stop()


def server_version(url: str) -> str:
    with psycopg.connect(url) as conn:
        return conn.execute("SHOW server_version").fetchone()[0]


class Databases:
    """Creates fresh databases on one server; `drop_all()` removes every one it made."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.made: list[str] = []

    def create(self, label: str, *, template: str | None = None) -> str:
        """A new database; with `template` (the URL of one we made), a copy of it: cheaper than
        migrating again, and the same schema to the byte."""
        name = f"alchemi_bench_{label}_{uuid.uuid4().hex[:8]}"
        copy = f' TEMPLATE "{urlsplit(template).path.lstrip("/")}"' if template else ""
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"{copy}')
        self.made.append(name)
        return with_database(self.server_url, name)

    def drop_all(self) -> None:
        with psycopg.connect(self.server_url, autocommit=True) as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.clear()
