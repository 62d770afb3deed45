"""Shared fixtures: a real PostgreSQL server and fresh databases on it.

The server is TEST_DATABASE_URL (or DATABASE_URL) when set, else an embedded PostgreSQL in a
temporary directory. Each suite that needs a schema asks `database_factory` for its own empty
database, so suites never see each other's rows and nothing is left behind.
"""
from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

# Before any test imports litellm: use the price list it ships instead of fetching one.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def pg_server_url(tmp_path_factory) -> Iterator[str]:
    """URL of a PostgreSQL server on which the tests may create and drop databases."""
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if url:
        yield url
        return
    from alchemi.db.embedded import EmbeddedPostgres

    pg = EmbeddedPostgres(tmp_path_factory.mktemp("pg") / "pgdata", port=_free_port())
    pg.start()
    try:
        yield pg.url("postgres")
    finally:
        pg.stop()


@pytest.fixture(scope="session")
def database_factory(pg_server_url: str) -> Iterator[Callable[[str], str]]:
    """`make(label) -> url` of a new, empty database; all are dropped at the end."""
    import psycopg

    made: list[str] = []

    def make(label: str) -> str:
        name = f"alchemi_t_{label}_{uuid.uuid4().hex[:8]}".lower()
        with psycopg.connect(pg_server_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        made.append(name)
        return _with_database(pg_server_url, name)

    yield make
    with psycopg.connect(pg_server_url, autocommit=True) as conn:
        for name in made:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---- live servers -----------------------------------------------------------------------------
ARTIFACTS = __import__("pathlib").Path(__file__).resolve().parents[1] / "artifacts"
MASTER_KEY = "sk-alchemi-test-master-key"


@pytest.fixture(scope="session")
def fake_upstream() -> Iterator:
    """A local OpenAI-compatible upstream that records what it receives."""
    from tests.support.servers import start_fake_upstream

    server = start_fake_upstream("upstream-a", ARTIFACTS / "logs")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def proxy_database(database_factory) -> str:
    return database_factory("proxy")


@pytest.fixture(scope="session")
def live_proxy(proxy_database: str) -> Iterator:
    """The real LiteLLM proxy with the Alchemi overlay, started by `alchemi serve`."""
    from tests.support.servers import start_proxy

    server = start_proxy(ARTIFACTS / "logs" / "proxy.log", DATABASE_URL=proxy_database,
                         LITELLM_MASTER_KEY=MASTER_KEY)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def super_admin(live_proxy) -> Iterator:
    """The platform super admin (master key): manages accounts only."""
    import httpx

    with httpx.Client(base_url=live_proxy.url, headers={"Authorization": f"Bearer {MASTER_KEY}"},
                      timeout=60) as client:
        yield client


@pytest.fixture(scope="session")
def account_factory(super_admin):
    """`make(label) -> {"account_id", "key"}`: a new account and its admin API key."""
    from tests.support.accounts import new_account

    return lambda label: new_account(super_admin, label)


@pytest.fixture(scope="session")
def admin(live_proxy, account_factory) -> Iterator:
    """An HTTP client for the live proxy as the admin of a test account."""
    import httpx

    account = account_factory("main")
    with httpx.Client(base_url=live_proxy.url, headers={"Authorization": f"Bearer {account['key']}"},
                      timeout=60) as client:
        client.account_id = account["account_id"]
        yield client
