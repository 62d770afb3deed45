"""Fixtures for the query-engine bridge tests.

The tests drive the bridge the way LiteLLM does: through a prisma-client-py client, generated
from schema.prisma into the gitignored _generated/ directory (never over the `prisma` package
LiteLLM uses), against a fresh PostgreSQL database whose tables come from schema.sql.
Generation takes a few seconds; it is skipped while schema.prisma and the engine are unchanged.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from types import ModuleType

import psycopg
import pytest

from tests.bridge import support
from tests.bridge.support import EMPTY_TABLES, SCHEMA_SQL


@pytest.fixture(scope="session")
def client_module() -> ModuleType:
    """The prisma-client-py package generated from schema.prisma, imported as `bridge_client`."""
    return support.generated_client(support.engine_environment())


@pytest.fixture(scope="session")
def database_url(database_factory) -> str:
    """A fresh database with the tables of schema.prisma."""
    url = database_factory("bridge")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(SCHEMA_SQL.read_text())
    return url


@pytest.fixture(scope="session")
async def session_client(client_module: ModuleType, database_url: str) -> AsyncIterator:
    client = await support.connect(client_module, database_url)
    yield client
    await client.disconnect()


@pytest.fixture
async def db(session_client):
    """The connected client, on empty tables."""
    await session_client.execute_raw(EMPTY_TABLES)
    return session_client


@pytest.fixture
def errors(client_module: ModuleType) -> ModuleType:
    """The generated client's `errors` module (its exception classes)."""
    return client_module.errors
