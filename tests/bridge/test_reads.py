"""Reads through the bridge: find_* actions, filters, ordering, pagination, include, partial
selection and count, in the shapes LiteLLM sends them."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest


@pytest.fixture
async def teams(db, client_module):
    """Three teams in one organization, with members, memberships and events."""
    Json = client_module.Json
    org = await db.organization.create(data={"name": "acme"})
    base = datetime(2025, 1, 1, tzinfo=timezone.utc)
    made = {}
    for i, (alias, spend, models, meta) in enumerate([
        ("alpha", 10.0, ["gpt-4", "claude"], {"tier": "gold", "region": {"name": "eu"}}),
        ("beta", 2.5, ["gpt-4"], {"tier": "silver", "owner": "Ann Smith"}),
        ("gamma", 0.0, [], {"tier": "gold"}),
    ]):
        made[alias] = await db.team.create(data={
            "alias": alias, "spend": spend, "models": models, "metadata": Json(meta),
            "budget_reset_at": base + timedelta(days=i), "org_id": org.id if alias != "gamma" else None,
        })
    for team, email, role, score in [
        ("alpha", "ann@x.io", "ADMIN", 5), ("alpha", "bob@x.io", "MEMBER", 3), ("beta", "Cid@X.io", "VIEWER", 1),
    ]:
        await db.member.create(data={"email": email, "role": role, "score": score, "team_id": made[team].id,
                                     "tags": [role.lower(), "all"]})
    await db.membership.create(data={"user_email": "ann@x.io", "team_id": made["alpha"].id, "spend": 1.5})
    for seq in range(3):
        await db.event.create(data={"team_id": made["alpha"].id, "kind": "tick", "sequence": seq,
                                    "data": Json({"n": seq})})
    return made


async def test_find_unique_by_id_and_by_unique_field(db, teams):
    alpha = teams["alpha"]
    assert (await db.team.find_unique(where={"id": alpha.id})).alias == "alpha"
    found = await db.team.find_unique(where={"alias": "alpha"})
    assert found.id == alpha.id and found.models == ["gpt-4", "claude"]
    assert await db.team.find_unique(where={"alias": "nobody"}) is None


async def test_find_unique_by_compound_unique_and_compound_id(db, teams):
    alpha = teams["alpha"]
    member = await db.member.find_unique(where={"team_id_email": {"team_id": alpha.id, "email": "ann@x.io"}})
    assert member.role == "ADMIN"
    membership = await db.membership.find_unique(where={"user_email_team_id": {"user_email": "ann@x.io",
                                                                              "team_id": alpha.id}})
    assert membership.spend == 1.5
    event = await db.event.find_unique(where={"team_id_sequence": {"team_id": alpha.id, "sequence": 2}})
    assert event.data == {"n": 2}


async def test_or_raise_variants(db, teams, errors):
    assert (await db.team.find_unique_or_raise(where={"alias": "beta"})).spend == 2.5
    assert (await db.team.find_first_or_raise(where={"spend": {"gt": 5}})).alias == "alpha"
    with pytest.raises(errors.RecordNotFoundError):
        await db.team.find_unique_or_raise(where={"alias": "nobody"})
    with pytest.raises(errors.RecordNotFoundError):
        await db.team.find_first_or_raise(where={"spend": {"gt": 1000}})


async def test_find_first_and_find_many_with_order(db, teams):
    assert (await db.team.find_first(order={"spend": "desc"})).alias == "alpha"
    assert (await db.team.find_first(where={"alias": "nobody"})) is None
    ordered = await db.team.find_many(order=[{"blocked": "asc"}, {"spend": "asc"}])
    assert [t.alias for t in ordered] == ["gamma", "beta", "alpha"]
    members = await db.member.find_many(order=[{"role": "desc"}, {"email": "asc"}])  # enum order: declared
    assert [m.email for m in members] == ["Cid@X.io", "bob@x.io", "ann@x.io"]


async def test_take_skip_cursor_distinct(db, teams):
    page = await db.team.find_many(order={"alias": "asc"}, take=2, skip=1)
    assert [t.alias for t in page] == ["beta", "gamma"]
    after = await db.team.find_many(cursor={"alias": "beta"}, order={"alias": "asc"}, take=5)
    assert [t.alias for t in after] == ["beta", "gamma"]
    after_skip = await db.team.find_many(cursor={"alias": "alpha"}, skip=1, take=1, order={"alias": "asc"})
    assert [t.alias for t in after_skip] == ["beta"]
    assert len(await db.team.find_many(take=-1, order={"alias": "asc"})) == 1
    kinds = await db.event.find_many(distinct=["kind"])
    assert [e.kind for e in kinds] == ["tick"]


async def test_scalar_filters(db, teams):
    async def aliases(where):
        return sorted(t.alias for t in await db.team.find_many(where=where))

    assert await aliases({"alias": {"equals": "beta"}}) == ["beta"]
    assert await aliases({"alias": {"in": ["alpha", "gamma", "zeta"]}}) == ["alpha", "gamma"]
    assert await aliases({"alias": {"not_in": ["alpha"]}}) == ["beta", "gamma"]
    assert await aliases({"alias": {"not": "alpha"}}) == ["beta", "gamma"]
    assert await aliases({"alias": {"not": {"in": ["alpha", "beta"]}}}) == ["gamma"]
    assert await aliases({"spend": {"gt": 0, "lte": 2.5}}) == ["beta"]
    assert await aliases({"spend": {"lt": 3, "gte": 0}}) == ["beta", "gamma"]
    assert await aliases({"alias": {"contains": "ET"}}) == []
    assert await aliases({"alias": {"contains": "ET", "mode": "insensitive"}}) == ["beta"]
    assert await aliases({"alias": {"startswith": "ga"}}) == ["gamma"]
    assert await aliases({"alias": {"endswith": "ta"}}) == ["beta"]
    assert await aliases({"org_id": None}) == ["gamma"]
    assert await aliases({"NOT": {"org_id": None}}) == ["alpha", "beta"]
    assert await aliases({"blocked": False, "max_budget": None}) == ["alpha", "beta", "gamma"]


async def test_logical_filters(db, teams):
    async def aliases(where):
        return sorted(t.alias for t in await db.team.find_many(where=where))

    assert await aliases({"OR": [{"alias": "alpha"}, {"spend": {"lt": 1}}]}) == ["alpha", "gamma"]
    assert await aliases({"AND": [{"spend": {"gte": 0}}, {"alias": {"not": "beta"}}]}) == ["alpha", "gamma"]
    assert await aliases({"NOT": [{"alias": "alpha"}, {"alias": "beta"}]}) == ["gamma"]
    assert await aliases({"OR": [{"AND": [{"alias": "beta"}, {"spend": 2.5}]}, {"NOT": {"spend": {"gte": 0}}}]}) == ["beta"]


async def test_datetime_filters(db, teams):
    cutoff = datetime(2025, 1, 2, tzinfo=timezone.utc)
    assert [t.alias for t in await db.team.find_many(where={"budget_reset_at": {"lt": cutoff}})] == ["alpha"]
    # A naive datetime is taken as UTC; another offset is converted (as prisma-client-py does).
    same_instant = datetime(2025, 1, 2, 5, 30, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert [t.alias for t in await db.team.find_many(where={"budget_reset_at": same_instant})] == ["beta"]
    assert [t.alias for t in await db.team.find_many(where={"budget_reset_at": {"gte": datetime(2025, 1, 3)}})] == ["gamma"]


async def test_array_filters(db, teams):
    async def aliases(where):
        return sorted(t.alias for t in await db.team.find_many(where=where))

    assert await aliases({"models": {"has": "claude"}}) == ["alpha"]
    assert await aliases({"models": {"has_some": ["claude", "gpt-4"]}}) == ["alpha", "beta"]
    assert await aliases({"models": {"hasSome": ["claude"]}}) == ["alpha"]  # LiteLLM writes the raw name too
    assert await aliases({"models": {"has_every": ["claude", "gpt-4"]}}) == ["alpha"]
    assert await aliases({"models": {"is_empty": True}}) == ["gamma"]
    assert await aliases({"models": {"equals": ["gpt-4"]}}) == ["beta"]
    assert await aliases({"NOT": {"models": {"has": "gpt-4"}}}) == ["gamma"]
    members = await db.member.find_many(where={"tags": {"has": "admin"}})
    assert [m.email for m in members] == ["ann@x.io"]


async def test_enum_filters(db, teams):
    assert [m.email for m in await db.member.find_many(where={"role": "ADMIN"})] == ["ann@x.io"]
    others = await db.member.find_many(where={"role": {"in": ["MEMBER", "VIEWER"]}}, order={"email": "asc"})
    assert [m.email for m in others] == ["Cid@X.io", "bob@x.io"]
    assert len(await db.member.find_many(where={"role": {"not": "ADMIN"}})) == 2


async def test_json_filters(db, teams, client_module):
    Json = client_module.Json

    async def aliases(where):
        return sorted(t.alias for t in await db.team.find_many(where=where))

    assert await aliases({"metadata": {"equals": Json({"tier": "gold"})}}) == ["gamma"]
    assert await aliases({"metadata": {"not": Json({"tier": "gold"})}}) == ["alpha", "beta"]
    assert await aliases({"metadata": {"path": ["tier"], "equals": Json("gold")}}) == ["alpha", "gamma"]
    # LiteLLM's spend-log filters: a JSON literal as a plain string, and string_contains.
    assert await aliases({"metadata": {"path": ["tier"], "equals": '"silver"'}}) == ["beta"]
    assert await aliases({"metadata": {"path": ["owner"], "string_contains": "Smith"}}) == ["beta"]
    assert await aliases({"metadata": {"path": ["region", "name"], "equals": Json("eu")}}) == ["alpha"]
    assert await aliases({"AND": [{"metadata": {"path": ["tier"], "equals": '"gold"'}},
                                  {"metadata": {"path": ["region", "name"], "string_contains": "e"}}]}) == ["alpha"]


async def test_relation_filters(db, teams):
    async def aliases(where):
        return sorted(t.alias for t in await db.team.find_many(where=where))

    assert await aliases({"members": {"some": {"role": "ADMIN"}}}) == ["alpha"]
    assert await aliases({"members": {"some": {"email": {"in": ["Cid@X.io", "nobody"]}}}}) == ["beta"]
    assert await aliases({"members": {"every": {"score": {"gte": 3}}}}) == ["alpha", "gamma"]
    assert await aliases({"members": {"none": {}}}) == ["gamma"]
    assert await aliases({"organization": {"is": {"name": "acme"}}}) == ["alpha", "beta"]
    assert await aliases({"organization": {"is_not": {"name": "acme"}}}) == ["gamma"]
    assert await aliases({"organization": {"name": "acme"}, "events": {"some": {"data": {"equals": None}}}}) == []
    members = await db.member.find_many(where={"team": {"is": {"alias": {"startswith": "al"}}}})
    assert sorted(m.email for m in members) == ["ann@x.io", "bob@x.io"]


async def test_include_relations(db, teams):
    alpha = await db.team.find_unique(
        where={"alias": "alpha"},
        include={"organization": True, "members": {"where": {"role": "MEMBER"}}, "memberships": True},
    )
    assert alpha.organization.name == "acme"
    assert [m.email for m in alpha.members] == ["bob@x.io"]
    assert alpha.memberships[0].user_email == "ann@x.io"
    assert alpha.events is None  # not included
    # LiteLLM's workflow shape: include={"events": {"order_by": {...}, "take": 1}}
    latest = await db.team.find_first(where={"alias": "alpha"},
                                      include={"events": {"order_by": {"sequence": "desc"}, "take": 1}})
    assert [(e.sequence, e.data) for e in latest.events] == [(2, {"n": 2})]
    member = await db.member.find_first(where={"email": "ann@x.io"}, include={"team": {"include": {"organization": True}}})
    assert member.team.alias == "alpha" and member.team.organization.name == "acme"
    orgs = await db.organization.find_many(include={"teams": {"include": {"members": {"where": {"role": "ADMIN"}}},
                                                              "order_by": {"alias": "asc"}}})
    assert [(t.alias, [m.email for m in t.members]) for t in orgs[0].teams] == [("alpha", ["ann@x.io"]), ("beta", [])]
    gamma = await db.team.find_unique(where={"alias": "gamma"}, include={"organization": True, "members": True})
    assert gamma.organization is None and gamma.members == []


async def test_partial_model_selects_only_its_fields(db, teams, client_module):
    class TeamSummary(client_module.bases.BaseTeam):
        id: str
        alias: str
        spend: float

    summaries = await TeamSummary.prisma(db).find_many(order={"alias": "asc"})
    assert [(s.alias, s.spend) for s in summaries] == [("alpha", 10.0), ("beta", 2.5), ("gamma", 0.0)]
    assert not hasattr(summaries[0], "metadata")


async def test_count(db, teams):
    assert await db.team.count() == 3
    assert await db.team.count(where={"spend": {"gt": 0}}) == 2
    assert await db.team.count(take=2) == 2
    assert await db.member.count(where={"team": {"is": {"alias": "alpha"}}}) == 2
    counted = await db.team.count(select={"_all": True, "max_budget": True, "org_id": True})
    assert counted == {"_all": 3, "max_budget": 0, "org_id": 2}
