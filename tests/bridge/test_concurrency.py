"""Concurrent requests through one bridge, as LiteLLM's workers issue them."""
from __future__ import annotations

import asyncio
from urllib.parse import urlsplit, urlunsplit

from tests.bridge import support


async def test_fifty_concurrent_find_unique(db):
    teams = [await db.team.create(data={"alias": f"t{i}", "spend": i}) for i in range(50)]
    found = await asyncio.gather(*(db.team.find_unique(where={"id": t.id}) for t in teams))
    assert [t.spend for t in found] == list(range(50))


async def test_concurrent_mixed_reads_and_writes(db, errors):
    await db.team.create(data={"alias": "counter"})

    async def bump(i: int):
        await db.team.update(where={"alias": "counter"}, data={"spend": {"increment": 1}})
        await db.member.create(data={"email": f"m{i}", "team": {"connect": {"alias": "counter"}}})
        return await db.team.find_first(where={"alias": "counter"}, include={"members": {"take": 1}})

    results = await asyncio.gather(*(bump(i) for i in range(20)))
    assert all(r.members for r in results)
    assert (await db.team.find_unique(where={"alias": "counter"})).spend == 20
    assert await db.member.count() == 20

    # errors in some concurrent requests do not disturb the others
    async def maybe_duplicate(i: int):
        try:
            await db.organization.create(data={"name": f"org{i % 5}"})
            return "created"
        except errors.UniqueViolationError:
            return "duplicate"

    outcomes = await asyncio.gather(*(maybe_duplicate(i) for i in range(30)))
    assert outcomes.count("created") == 5 and outcomes.count("duplicate") == 25


async def test_more_concurrent_requests_than_pool_connections(client_module, database_url):
    parts = urlsplit(database_url)
    small_pool = urlunsplit(parts._replace(query="connection_limit=2"))
    client = await support.connect(client_module, small_pool)
    try:
        rows = await asyncio.gather(*(client.query_first("SELECT pg_sleep(0.02), $1::int AS i", i) for i in range(60)))
        assert [r["i"] for r in rows] == list(range(60))
        metrics = await client.get_metrics()
        gauges = {g.key: g.value for g in metrics.gauges}
        assert gauges["prisma_pool_connections_open"] <= 2
    finally:
        await client.disconnect()
