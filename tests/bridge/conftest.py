"""Fixtures for the query-engine bridge tests.

The tests drive the bridge the way LiteLLM does: through a prisma-client-py client, generated
from schema.prisma into the gitignored _generated/ directory (never over the `prisma` package
LiteLLM uses), against a fresh PostgreSQL database whose tables come from schema.sql.
Generation takes a few seconds; it is skipped while schema.prisma and the engine are unchanged.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from importlib import metadata
from pathlib import Path
from types import ModuleType

import psycopg
import pytest

from alchemi import bridge
from tests.bridge.support import TABLES

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schema.prisma"
SCHEMA_SQL = HERE / "schema.sql"
GENERATED = HERE / "_generated"
PACKAGE = "bridge_client"


def cache_dir() -> Path:
    """Where the Prisma CLI used by `prisma generate` is cached (shared with the app)."""
    return Path(os.environ.get("ALCHEMI_CACHE_DIR") or Path.home() / ".cache" / "alchemi")


@pytest.fixture(scope="session")
def engine_environment() -> Iterator[dict[str, str]]:
    """Point prisma-client-py at the bridge for the whole session, then restore the env."""
    if not bridge.node_modules_installed():
        bridge.install_node_modules()
    env = bridge.engine_env(cache_dir())
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    yield env
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _fingerprint() -> str:
    digest = hashlib.sha256(SCHEMA.read_bytes())
    digest.update(f"{metadata.version('prisma')}|{bridge.QUERY_ENGINE}|{sys.executable}".encode())
    return digest.hexdigest()


@pytest.fixture(scope="session")
def client_module(engine_environment: dict[str, str]) -> ModuleType:
    """The prisma-client-py package generated from schema.prisma, imported as `bridge_client`."""
    out = GENERATED / PACKAGE
    stamp = out / ".fingerprint"
    fingerprint = _fingerprint()
    if not (stamp.exists() and stamp.read_text() == fingerprint):
        shutil.rmtree(out, ignore_errors=True)
        env = {**os.environ, **engine_environment}
        env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
        result = subprocess.run(
            [sys.executable, "-m", "prisma", "generate", f"--schema={SCHEMA}"],
            cwd=HERE, env=env, capture_output=True, text=True, timeout=300,
        )
        assert result.returncode == 0, f"prisma generate failed:\n{result.stdout}\n{result.stderr}"
        stamp.write_text(fingerprint)
    if str(GENERATED) not in sys.path:
        sys.path.insert(0, str(GENERATED))
    return importlib.import_module(PACKAGE)


@pytest.fixture(scope="session")
def database_url(database_factory) -> str:
    """A fresh database with the tables of schema.prisma."""
    url = database_factory("bridge")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SCHEMA_SQL.read_text())
    return url


@pytest.fixture(scope="session")
async def session_client(client_module: ModuleType, database_url: str) -> AsyncIterator:
    client = client_module.Prisma(datasource={"url": database_url})
    await client.connect()
    yield client
    await client.disconnect()


@pytest.fixture
async def db(session_client):
    """The connected client, on empty tables."""
    await session_client.execute_raw(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
    return session_client


@pytest.fixture
def errors(client_module: ModuleType) -> ModuleType:
    """The generated client's `errors` module (its exception classes)."""
    return client_module.errors
