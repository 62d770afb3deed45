"""A migrated database with the tenant views, and LiteLLM's generated Prisma client with the
tenant guard installed, one per test module."""
from __future__ import annotations

import pytest
import pytest_asyncio


@pytest.fixture(scope="module")
def guarded_url(database_factory, request):
    from alchemi.db.migrate import migrate
    from alchemi.tenancy import views
    from alchemi.tenancy.policy import namespaced_columns, scoped_tables

    url = database_factory(request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_"))
    migrate(url)
    views.ensure(url, scoped_tables(), namespaced_columns())
    return url


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def db(guarded_url):
    from alchemi import bridge
    from alchemi.settings import Settings
    from alchemi.tenancy import prisma_guard
    from alchemi.tenancy.policy import guard_policy

    bridge.apply_engine_env(Settings.from_env().cache_dir)
    prisma_guard.install(guard_policy())
    from prisma import Prisma

    client = Prisma(datasource={"url": guarded_url})
    await client.connect()
    yield client
    await client.disconnect()
