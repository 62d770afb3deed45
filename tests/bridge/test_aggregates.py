"""group_by and count aggregates through the bridge. prisma-client-py returns group_by rows as
the engine sends them, so these also pin the native value forms (BigInt sums as strings,
DateTime as ISO strings, Decimal and Float as numbers)."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

import pytest


@pytest.fixture
async def spend(db):
    teams = {}
    for alias, blocked, tpm in [("a", False, 2**60), ("b", False, 5), ("c", True, None)]:
        teams[alias] = await db.team.create(data={"alias": alias, "blocked": blocked, "tpm_limit": tpm,
                                                  "spend": {"a": 10.0, "b": 2.5, "c": 1.0}[alias],
                                                  "budget_reset_at": datetime(2025, 1, ord(alias) - 96, tzinfo=timezone.utc)})
    for team, email, role, score, balance in [("a", "1", "ADMIN", 5, "1.25"), ("a", "2", "MEMBER", 3, "2.5"),
                                              ("b", "3", "MEMBER", 1, None)]:
        await db.member.create(data={"email": email, "role": role, "score": score, "team_id": teams[team].id,
                                     **({"balance": Decimal(balance)} if balance else {})})
    return teams


async def test_group_by_with_all_aggregates(db, spend):
    rows = await db.team.group_by(
        by=["blocked"],
        sum={"spend": True, "tpm_limit": True},
        avg={"spend": True},
        min={"spend": True, "budget_reset_at": True},
        max={"spend": True, "budget_reset_at": True},
        count=True,
        order={"blocked": "asc"},
    )
    assert rows == [
        {"blocked": False, "_sum": {"spend": 12.5, "tpm_limit": str(2**60 + 5)}, "_avg": {"spend": 6.25},
         "_min": {"spend": 2.5, "budget_reset_at": "2025-01-01T00:00:00.000Z"},
         "_max": {"spend": 10.0, "budget_reset_at": "2025-01-02T00:00:00.000Z"}, "_count": {"_all": 2}},
        {"blocked": True, "_sum": {"spend": 1.0, "tpm_limit": None}, "_avg": {"spend": 1.0},
         "_min": {"spend": 1.0, "budget_reset_at": "2025-01-03T00:00:00.000Z"},
         "_max": {"spend": 1.0, "budget_reset_at": "2025-01-03T00:00:00.000Z"}, "_count": {"_all": 1}},
    ]


async def test_group_by_count_of_a_field_and_where(db, spend):
    # LiteLLM's team_endpoints: group_by(by=["team_id"], where={"team_id": {"in": ...}}, count={"team_id": True})
    ids = [spend["a"].id, spend["b"].id]
    rows = await db.member.group_by(by=["team_id"], where={"team_id": {"in": ids}}, count={"team_id": True},
                                    order={"team_id": "asc"})
    counts = {row["team_id"]: row["_count"]["team_id"] for row in rows}
    assert counts == {spend["a"].id: 2, spend["b"].id: 1}


async def test_group_by_decimal_and_enum(db, spend):
    rows = await db.member.group_by(by=["role"], sum={"balance": True, "score": True}, avg={"score": True},
                                    order={"role": "asc"})
    assert rows == [
        {"role": "ADMIN", "_sum": {"balance": 1.25, "score": 5}, "_avg": {"score": 5.0}},
        {"role": "MEMBER", "_sum": {"balance": 2.5, "score": 4}, "_avg": {"score": 2.0}},
    ]


async def test_group_by_order_by_aggregate_with_take(db, spend):
    # LiteLLM's tool_management_endpoints: order={"_sum": {"spend": "desc"}}, take=N
    rows = await db.team.group_by(by=["alias"], sum={"spend": True}, order={"_sum": {"spend": "desc"}}, take=2)
    assert [(r["alias"], r["_sum"]["spend"]) for r in rows] == [("a", 10.0), ("b", 2.5)]
    rows = await db.team.group_by(by=["alias"], order={"alias": "desc"}, skip=1, take=1)
    assert rows == [{"alias": "b"}]


async def test_group_by_several_keys_and_having(db, spend):
    rows = await db.member.group_by(by=["team_id", "role"], count=True, order=[{"role": "asc"}, {"team_id": "asc"}])
    assert [(r["role"], r["_count"]["_all"]) for r in rows] == [("ADMIN", 1), ("MEMBER", 1), ("MEMBER", 1)]
    rows = await db.team.group_by(by=["blocked"], having={"spend": {"_sum": {"gt": 5}}}, sum={"spend": True})
    assert rows == [{"blocked": False, "_sum": {"spend": 12.5}}]
    rows = await db.team.group_by(by=["blocked"], having={"tpm_limit": {"_max": {"gt": 2**53}}}, count=True)
    assert rows == [{"blocked": False, "_count": {"_all": 2}}]


async def test_group_by_min_max_dates_by_tag(db, spend):
    # LiteLLM's tag_management_endpoints: group_by(by=["tag"], where=..., min={...}, max={...})
    rows = await db.team.group_by(by=["blocked"], where={"budget_reset_at": {"gte": datetime(2025, 1, 2)}},
                                  min={"created_at": True}, max={"updated_at": True}, order={"blocked": "asc"})
    assert [r["blocked"] for r in rows] == [False, True]
    assert all(r["_min"]["created_at"].endswith("Z") and r["_max"]["updated_at"].endswith("Z") for r in rows)
