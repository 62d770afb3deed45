"""batch_() and tx() through the bridge: commit, rollback, model and raw calls inside a
transaction, and the errors prisma-client-py raises for closed transactions."""
from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest


async def test_batch_commits_all_writes(db):
    await db.team.create(data={"alias": "keep"})
    async with db.batch_() as batch:
        batch.team.create(data={"alias": "a"})
        batch.team.create_many(data=[{"alias": "b"}, {"alias": "c"}], skip_duplicates=True)
        batch.team.update(where={"alias": "keep"}, data={"spend": {"increment": 1}})
        batch.team.upsert(where={"alias": "d"}, data={"create": {"alias": "d"}, "update": {}})
        batch.team.update_many(where={"alias": {"in": ["b", "c"]}}, data={"blocked": True})
        batch.team.delete_many(where={"alias": "c"})
        batch.execute_raw('UPDATE "Team" SET max_budget = $1 WHERE alias = $2', 5, "a")
    teams = {t.alias: t for t in await db.team.find_many()}
    assert sorted(teams) == ["a", "b", "d", "keep"]
    assert teams["keep"].spend == 1 and teams["b"].blocked and teams["a"].max_budget == 5


async def test_empty_batch(db):
    async with db.batch_():
        pass
    assert await db.team.count() == 0


async def test_batch_is_atomic(db, errors):
    await db.team.create(data={"alias": "taken"})
    with pytest.raises(errors.UniqueViolationError):
        async with db.batch_() as batch:
            batch.team.create(data={"alias": "new"})
            batch.team.create(data={"alias": "taken"})
    assert await db.team.count() == 1


async def test_batch_delete_of_missing_record_fails_the_batch(db, errors):
    await db.team.create(data={"alias": "a"})
    with pytest.raises(errors.RecordNotFoundError):
        async with db.batch_() as batch:
            batch.team.update(where={"alias": "a"}, data={"spend": 1})
            batch.team.delete(where={"alias": "missing"})
    assert (await db.team.find_unique(where={"alias": "a"})).spend == 0


async def test_batch_exception_in_body_sends_nothing(db):
    with pytest.raises(RuntimeError):
        async with db.batch_() as batch:
            batch.team.create(data={"alias": "a"})
            raise RuntimeError("boom")
    assert await db.team.count() == 0


async def test_tx_commits(db):
    async with db.tx() as tx:
        team = await tx.team.create(data={"alias": "a"})
        await tx.member.create(data={"email": "m", "team_id": team.id})
        assert await tx.team.count() == 1
        assert (await tx.query_first('SELECT count(*) AS n FROM "Member"'))["n"] == 1
        await tx.execute_raw('UPDATE "Team" SET spend = 3 WHERE id = $1', team.id)
        found = await tx.team.find_unique(where={"id": team.id}, include={"members": True})
        assert found.spend == 3 and len(found.members) == 1
    assert (await db.team.find_unique(where={"alias": "a"})).spend == 3


async def test_tx_rolls_back_on_exception(db):
    await db.team.create(data={"alias": "a"})
    with pytest.raises(RuntimeError):
        async with db.tx() as tx:
            await tx.team.update(where={"alias": "a"}, data={"spend": 99})
            await tx.team.create(data={"alias": "b"})
            await tx.execute_raw('DELETE FROM "Team" WHERE alias = $1', "a")
            raise RuntimeError("boom")
    teams = await db.team.find_many()
    assert [(t.alias, t.spend) for t in teams] == [("a", 0)]


async def test_tx_isolated_until_commit(db):
    async with db.tx() as tx:
        await tx.team.create(data={"alias": "a"})
        assert await db.team.count() == 0  # outside the transaction: not yet visible
    assert await db.team.count() == 1


async def test_tx_database_error_rolls_back(db, errors):
    await db.team.create(data={"alias": "taken"})
    with pytest.raises(errors.UniqueViolationError):
        async with db.tx() as tx:
            await tx.team.create(data={"alias": "new"})
            await tx.team.create(data={"alias": "taken"})
    assert await db.team.count() == 1


async def test_tx_manual_commit_and_rollback(db):
    manager = db.tx()
    tx = await manager.start()
    await tx.team.create(data={"alias": "a"})
    await manager.commit()
    manager = db.tx()
    tx = await manager.start()
    await tx.team.create(data={"alias": "b"})
    await manager.rollback()
    assert [t.alias for t in await db.team.find_many()] == ["a"]


async def test_batch_inside_tx(db):
    async with db.tx() as tx:
        async with tx.batch_() as batch:
            batch.team.create(data={"alias": "a"})
            batch.team.create(data={"alias": "b"})
        assert await tx.team.count() == 2
    assert await db.team.count() == 2


async def test_expired_tx_raises_transaction_expired(db, errors):
    manager = db.tx(timeout=timedelta(milliseconds=200))
    tx = await manager.start()
    await asyncio.sleep(0.6)
    with pytest.raises(errors.TransactionExpiredError):
        await tx.team.create(data={"alias": "late"})
    with pytest.raises(Exception):
        await manager.commit()
    assert await db.team.count() == 0


async def test_query_with_finished_tx_raises(db, errors):
    manager = db.tx()
    tx = await manager.start()
    await manager.commit()
    with pytest.raises(errors.TransactionExpiredError):
        await tx.team.count()


async def test_concurrent_transactions(db):
    async def work(i: int) -> None:
        async with db.tx(timeout=timedelta(seconds=20)) as tx:
            team = await tx.team.create(data={"alias": f"t{i}"})
            await tx.team.update(where={"id": team.id}, data={"spend": {"increment": i}})

    await asyncio.gather(*(work(i) for i in range(10)))
    assert await db.team.count() == 10
    assert sum(t.spend for t in await db.team.find_many()) == sum(range(10))
