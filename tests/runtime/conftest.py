"""Live proxies with the per-account runtime, on one database: `replica` (the one most tests
use) and `replica_2` (a second process, for changes that must reach other processes), plus two
fake upstreams that stamp their names on every answer."""
from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import ARTIFACTS, MASTER_KEY
from tests.runtime.support import start_runtime_proxy
from tests.support.accounts import new_account
from tests.support.servers import start_fake_upstream

SYNC_SECONDS = "1"


@pytest.fixture(scope="session")
def upstream_a() -> Iterator:
    server = start_fake_upstream("rt-upstream-a", ARTIFACTS / "logs")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def upstream_b() -> Iterator:
    server = start_fake_upstream("rt-upstream-b", ARTIFACTS / "logs")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def runtime_database(database_factory) -> str:
    return database_factory("runtime")


def proxy_env(database_url: str) -> dict[str, str]:
    return {"DATABASE_URL": database_url, "LITELLM_MASTER_KEY": MASTER_KEY,
            "ALCHEMI_RUNTIME_SYNC_SECONDS": SYNC_SECONDS, "ALCHEMI_RUNTIME_SPEND_LOG_COUNT_SECONDS": "1"}


@pytest.fixture(scope="session")
def replica(runtime_database) -> Iterator:
    server = start_runtime_proxy(ARTIFACTS / "logs" / "runtime-replica-1.log", **proxy_env(runtime_database))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def replica_2(replica, runtime_database) -> Iterator:
    """A second proxy process on the same database (started after the first has migrated it)."""
    server = start_runtime_proxy(ARTIFACTS / "logs" / "runtime-replica-2.log", **proxy_env(runtime_database))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def runtime_super_admin(replica) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=replica.url, headers={"Authorization": f"Bearer {MASTER_KEY}"}, timeout=60) as c:
        yield c


def account_admins(base_url: str, super_admin: httpx.Client, *labels: str) -> list[httpx.Client]:
    """Admin clients of fresh accounts, one per label (attribute `account_id`, `key`); close them."""
    made = []
    for label in labels:
        account = new_account(super_admin, label)
        c = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {account['key']}"}, timeout=60)
        c.account_id, c.key = account["account_id"], account["key"]
        made.append(c)
    return made


@pytest.fixture
def two_accounts(replica, runtime_super_admin) -> Iterator[tuple[httpx.Client, httpx.Client]]:
    """Admin clients of two fresh accounts, A and B (attribute `account_id`, `key`)."""
    made = account_admins(replica.url, runtime_super_admin, "acct-a", "acct-b")
    yield made[0], made[1]
    for c in made:
        c.close()
