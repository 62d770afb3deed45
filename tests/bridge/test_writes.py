"""Writes through the bridge: create, create_many, update, update_many, upsert, delete and
delete_many, including nested writes and atomic update operations."""
from __future__ import annotations

import pytest


async def test_create_returns_defaults(db):
    team = await db.team.create(data={"alias": "a"})
    assert len(team.id) == 36 and team.spend == 0 and team.models == [] and team.metadata == {}
    assert team.blocked is False and team.created_at.tzinfo is not None
    assert team.members is None


async def test_create_with_include_and_nested_create(db):
    org = await db.organization.create(
        data={"name": "acme", "teams": {"create": [{"alias": "a"}, {"alias": "b", "spend": 1.5}]}},
        include={"teams": True},
    )
    assert sorted((t.alias, t.spend) for t in org.teams) == [("a", 0.0), ("b", 1.5)]
    team = await db.team.create(
        data={"alias": "c", "organization": {"connect": {"name": "acme"}},
              "members": {"create": {"email": "x@y", "role": "ADMIN"}}},
        include={"organization": True, "members": True},
    )
    assert team.organization.name == "acme" and team.members[0].role == "ADMIN"


async def test_create_many_and_skip_duplicates(db):
    assert await db.team.create_many(data=[{"alias": "a"}, {"alias": "b", "models": ["m"]}]) == 2
    assert await db.team.create_many(data=[{"alias": "a"}, {"alias": "c"}], skip_duplicates=True) == 1
    assert sorted(t.alias for t in await db.team.find_many()) == ["a", "b", "c"]
    assert (await db.team.find_unique(where={"alias": "b"})).models == ["m"]


async def test_update_scalars_and_atomic_operations(db, client_module):
    team = await db.team.create(data={"alias": "a", "spend": 1.0, "tpm_limit": 10, "models": ["x"]})
    updated = await db.team.update(
        where={"id": team.id},
        data={"spend": {"increment": 2.5}, "tpm_limit": {"decrement": 3}, "models": {"push": ["y", "z"]},
              "metadata": client_module.Json({"k": "v"}), "max_budget": 100},
    )
    assert updated.spend == 3.5 and updated.tpm_limit == 7 and updated.models == ["x", "y", "z"]
    assert updated.metadata == {"k": "v"} and updated.max_budget == 100
    updated = await db.team.update(where={"alias": "a"},
                                   data={"models": {"set": ["only"]}, "spend": {"multiply": 2}, "max_budget": None})
    assert updated.models == ["only"] and updated.spend == 7 and updated.max_budget is None
    updated = await db.team.update(where={"alias": "a"}, data={"models": {"push": "single"}, "spend": {"divide": 7}})
    assert updated.models == ["only", "single"] and updated.spend == 1


async def test_updated_at_changes_on_update(db):
    team = await db.team.create(data={"alias": "a"})
    updated = await db.team.update(where={"id": team.id}, data={"spend": 1})
    assert updated.updated_at > team.updated_at
    assert updated.created_at == team.created_at


async def test_update_relations(db):
    org = await db.organization.create(data={"name": "acme"})
    team = await db.team.create(data={"alias": "a", "organization": {"connect": {"id": org.id}}})
    assert team.org_id == org.id
    team = await db.team.update(where={"id": team.id}, data={"organization": {"disconnect": True}})
    assert team.org_id is None
    team = await db.team.update(
        where={"id": team.id},
        data={"members": {"create": [{"email": "a@x"}, {"email": "b@x"}]},
              "organization": {"connect_or_create": {"where": {"name": "new"}, "create": {"name": "new"}}}},
        include={"members": True, "organization": True},
    )
    assert len(team.members) == 2 and team.organization.name == "new"
    # prisma-client-py types only create/connect/connect_or_create/set/disconnect/delete for
    # nested writes; the engine's other operations pass through under their own names.
    team = await db.team.update(
        where={"id": team.id},
        data={"members": {"updateMany": {"where": {"email": "a@x"}, "data": {"score": {"increment": 5}}},
                          "delete": [{"team_id_email": {"team_id": team.id, "email": "b@x"}}]}},
        include={"members": True},
    )
    assert [(m.email, m.score) for m in team.members] == [("a@x", 5)]


async def test_update_many(db):
    await db.team.create_many(data=[{"alias": "a", "spend": 1}, {"alias": "b", "spend": 2}, {"alias": "c", "spend": 3}])
    assert await db.team.update_many(where={"spend": {"gte": 2}}, data={"blocked": True}) == 2
    assert await db.team.update_many(where={"alias": "nobody"}, data={"blocked": True}) == 0
    assert sorted(t.alias for t in await db.team.find_many(where={"blocked": True})) == ["b", "c"]
    assert await db.team.update_many(where={}, data={"spend": {"increment": 1}}) == 3


async def test_upsert_creates_then_updates(db):
    created = await db.team.upsert(where={"alias": "a"},
                                   data={"create": {"alias": "a", "spend": 1}, "update": {"spend": {"increment": 1}}})
    assert created.spend == 1
    updated = await db.team.upsert(where={"alias": "a"},
                                   data={"create": {"alias": "a", "spend": 1}, "update": {"spend": {"increment": 1}}},
                                   include={"members": True})
    assert updated.id == created.id and updated.spend == 2 and updated.members == []
    membership = await db.membership.upsert(
        where={"user_email_team_id": {"user_email": "u@x", "team_id": created.id}},
        data={"create": {"user_email": "u@x", "team": {"connect": {"id": created.id}}}, "update": {"spend": 5}},
    )
    assert membership.spend == 0


async def test_delete_and_delete_many(db):
    await db.team.create_many(data=[{"alias": "a"}, {"alias": "b"}, {"alias": "c"}])
    deleted = await db.team.delete(where={"alias": "a"})
    assert deleted.alias == "a"
    assert await db.team.delete(where={"alias": "a"}) is None  # missing: None, as with the native engine
    assert await db.team.delete_many(where={"alias": {"in": ["b", "zzz"]}}) == 1
    assert await db.team.delete_many() == 1
    assert await db.team.count() == 0


async def test_update_missing_record_returns_none(db):
    assert await db.team.update(where={"alias": "nobody"}, data={"spend": 1}) is None


async def test_delete_cascades_through_relations(db):
    team = await db.team.create(data={"alias": "a", "members": {"create": [{"email": "m@x"}]},
                                      "events": {"create": [{"kind": "k", "sequence": 1}]}})
    await db.team.delete(where={"id": team.id})
    assert await db.member.count() == 0 and await db.event.count() == 0


async def test_model_with_a_json_field_named_data(db, client_module):
    """LiteLLM_WorkflowEvent has `data Json?`: the field must not be confused with the `data` argument."""
    Json = client_module.Json
    team = await db.team.create(data={"alias": "a"})
    event = await db.event.create(data={"team_id": team.id, "kind": "start", "sequence": 1,
                                        "data": Json({"step": 1, "data": {"nested": True}})})
    assert event.data == {"step": 1, "data": {"nested": True}} and event.kind == "start"
    event = await db.event.update(where={"id": event.id}, data={"data": Json(["x"]), "kind": "next"})
    assert event.data == ["x"] and event.kind == "next"
    assert await db.event.count(where={"data": {"equals": Json(["x"])}}) == 1
    await db.event.create_many(data=[{"team_id": team.id, "kind": "bulk", "sequence": 2, "data": Json({"a": 1})}])
    found = await db.event.find_first(where={"data": {"path": ["a"], "equals": Json(1)}})
    assert found.sequence == 2
    upserted = await db.event.upsert(
        where={"team_id_sequence": {"team_id": team.id, "sequence": 3}},
        data={"create": {"team_id": team.id, "kind": "u", "sequence": 3, "data": Json("s")},
              "update": {"data": Json("t")}},
    )
    assert upserted.data == "s"


@pytest.mark.parametrize("count", [500])
async def test_large_create_many(db, count):
    rows = [{"alias": f"team-{i:04}", "spend": i / 10, "models": [f"m{i}"]} for i in range(count)]
    assert await db.team.create_many(data=rows) == count
    assert await db.team.count(where={"spend": {"gte": 10}}) == count - 100
