"""Query shapes LiteLLM 1.102.4 sends, transposed to the test schema; each names the LiteLLM
call site it stands for (paths under litellm/proxy/). The basic actions are covered by the
other modules; these are the less obvious argument shapes."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest


@pytest.fixture
async def org_with_teams(db, client_module):
    Json = client_module.Json
    org = await db.organization.create(data={"name": "acme"})
    alpha = await db.team.create(data={
        "alias": "Alpha", "org_id": org.id, "models": ["gpt-4"],
        "metadata": Json({"user_api_key_alias": "prod-key", "error_information": {"error_code": "429",
                                                                                   "error_message": "Rate limit hit"}}),
    })
    beta = await db.team.create(data={"alias": "beta", "metadata": Json({"user_api_key_alias": "dev"})})
    await db.member.create(data={"email": "Ann@Example.com", "team_id": alpha.id, "role": "ADMIN"})
    await db.member.create(data={"email": "bob@example.com", "team_id": beta.id})
    return org, alpha, beta


async def test_case_insensitive_equals(db, org_with_teams):
    # management_endpoints/scim/scim_v2.py:580  {"equals": subject, "mode": "insensitive"}
    found = await db.member.find_first(where={"email": {"equals": "ann@example.com", "mode": "insensitive"}})
    assert found.email == "Ann@Example.com"


async def test_search_contains_insensitive_and_not_in(db, org_with_teams):
    # proxy_server.py:13666  {"model_name": {"contains": s, "mode": "insensitive"}, "model_id": {"not": {"in": [...]}}}
    _, alpha, beta = org_with_teams
    where = {"alias": {"contains": "ALP", "mode": "insensitive"}, "id": {"not": {"in": [beta.id]}}}
    assert await db.team.count(where=where) == 1
    assert [t.id for t in await db.team.find_many(where=where, take=5)] == [alpha.id]


async def test_not_null_and_not_inside_or(db, org_with_teams):
    # tag_management_endpoints.py:616  {"tag": {"not": None}};  utils.py:4530  {"NOT": {"budget_duration": None}}
    assert [t.alias for t in await db.team.find_many(where={"org_id": {"not": None}})] == ["Alpha"]
    teams = await db.team.find_many(where={"OR": [{"NOT": {"org_id": None}}, {"alias": "beta"}]}, order={"alias": "asc"})
    assert [t.alias for t in teams] == ["Alpha", "beta"]


async def test_push_guarded_by_not_has(db, org_with_teams):
    # management_helpers/utils.py:404  where={"user_id": u, "NOT": {"teams": {"has": t}}}, data={"teams": {"push": [t]}}
    _, alpha, _ = org_with_teams
    for _ in range(2):
        await db.team.update_many(where={"id": alpha.id, "NOT": {"models": {"has": "claude"}}},
                                  data={"models": {"push": ["claude"]}})
    assert (await db.team.find_unique(where={"id": alpha.id})).models == ["gpt-4", "claude"]
    # team_endpoints.py:3380  {"teams": {"set": [...]}}
    await db.team.update(where={"id": alpha.id}, data={"models": {"set": [m for m in ["gpt-4", "claude"] if m != "gpt-4"]}})
    assert (await db.team.find_unique(where={"id": alpha.id})).models == ["claude"]


async def test_has_some_written_in_camel_case(db, org_with_teams):
    # access_group_endpoints.py:229  {"access_group_ids": {"hasSome": group_ids}}
    assert await db.team.count(where={"models": {"hasSome": ["gpt-4", "x"]}}) == 1


async def test_some_with_in(db, org_with_teams):
    # internal_user_endpoints.py:2254  {"organization_memberships": {"some": {"organization_id": {"in": ids}}}}
    _, alpha, beta = org_with_teams
    teams = await db.team.find_many(where={"members": {"some": {"team_id": {"in": [alpha.id, "other"]}}}})
    assert [t.id for t in teams] == [alpha.id]


async def test_spend_log_metadata_filters(db, org_with_teams):
    # spend_tracking/spend_management_endpoints.py:2560  path + string_contains / equals '"<code>"', ANDed
    one = {"path": ["user_api_key_alias"], "string_contains": "prod"}
    assert [t.alias for t in await db.team.find_many(where={"metadata": one})] == ["Alpha"]
    filters = [one, {"path": ["error_information", "error_code"], "equals": '"429"'},
               {"path": ["error_information", "error_message"], "string_contains": "Rate limit"}]
    where = {"AND": [{"metadata": f} for f in filters]}
    assert [t.alias for t in await db.team.find_many(where=where, order={"created_at": "desc"}, take=10, skip=0)] == ["Alpha"]


async def test_disconnect_and_connect_by_unique(db, org_with_teams):
    # management_endpoints/common_utils.py:499  {"litellm_budget_table": {"disconnect": True}}; :557 connect
    org, alpha, _ = org_with_teams
    team = await db.team.update(where={"id": alpha.id}, data={"organization": {"disconnect": True}})
    assert team.org_id is None
    team = await db.team.update(where={"id": alpha.id}, data={"organization": {"connect": {"name": org.name}}},
                                include={"organization": True})
    assert team.organization.id == org.id


async def test_include_latest_child(db, org_with_teams):
    # workflow_management_endpoints.py:292  include={"events": {"order_by": {"sequence_number": "desc"}, "take": 1}}
    _, alpha, _ = org_with_teams
    for seq in (1, 3, 2):
        await db.event.create(data={"team_id": alpha.id, "kind": "k", "sequence": seq})
    teams = await db.team.find_many(include={"events": {"order_by": {"sequence": "desc"}, "take": 1}},
                                    order={"alias": "asc"})
    assert [[e.sequence for e in t.events] for t in teams] == [[3], []]


async def test_nested_includes(db, org_with_teams):
    # organization_endpoints.py:1084  include={"members": {"include": {...}}, "teams": True, ...}
    org = await db.organization.find_unique(
        where={"name": "acme"},
        include={"teams": {"include": {"members": {"where": {"role": "ADMIN"}}, "organization": True}}},
    )
    assert org.teams[0].members[0].email == "Ann@Example.com" and org.teams[0].organization.name == "acme"


async def test_cursor_pagination_loop(db):
    # common_utils/reset_budget_job.py:1397  find_many(take=N, skip=1, cursor={"id": last}, order={"id": "asc"})
    await db.team.create_many(data=[{"alias": f"t{i:02}", "id": f"id{i:02}"} for i in range(25)])
    seen, cursor = [], None
    while True:
        page = await db.team.find_many(take=10, order={"id": "asc"},
                                       **({"cursor": {"id": cursor}, "skip": 1} if cursor else {}))
        if not page:
            break
        seen += [t.id for t in page]
        cursor = page[-1].id
    assert seen == [f"id{i:02}" for i in range(25)]


async def test_auth_prefetch_query_first(db, org_with_teams):
    # auth/auth_object_prefetch.py:251  to_jsonb(row) || jsonb_build_object(...), a parameter used twice,
    # and None for the lookups that are not needed
    _, alpha, _ = org_with_teams
    row = await db.query_first(
        """
        SELECT
          (SELECT to_jsonb(t) || jsonb_build_object(
              'members', COALESCE((SELECT jsonb_agg(to_jsonb(m)) FROM "Member" m WHERE m.team_id = t.id), '[]'::jsonb))
           FROM "Team" t WHERE t.id = $1) AS team_row,
          (SELECT to_jsonb(m) FROM "Member" m WHERE m.team_id = $1 AND m.email = $2) AS member_row,
          (SELECT to_jsonb(o) FROM "Organization" o WHERE o.id = $3) AS org_row
        """,
        alpha.id, "Ann@Example.com", None,
    )
    assert row["team_row"]["alias"] == "Alpha" and row["team_row"]["members"][0]["role"] == "ADMIN"
    assert row["team_row"]["metadata"]["user_api_key_alias"] == "prod-key"
    assert row["member_row"]["email"] == "Ann@Example.com" and row["org_row"] is None


async def test_bulk_upsert_with_many_parameters(db, org_with_teams):
    # db/daily_spend_bulk_upsert.py:152  INSERT ... VALUES ($1::text, ...), ... ON CONFLICT DO UPDATE SET x = t.x + EXCLUDED.x
    _, alpha, _ = org_with_teams
    rows = [(alpha.id, f"user{i}", i, i / 4, 2**40 + i) for i in range(300)]
    # five typed parameters per row, folded into the test table's one spend column
    values = ", ".join(
        f"(${5 * r + 1}::text, ${5 * r + 2}::text, "
        f"${5 * r + 3}::int + ${5 * r + 4}::float8 + (${5 * r + 5}::bigint - {2**40}), (NOW() AT TIME ZONE 'UTC'))"
        for r in range(len(rows)))
    sql = (f'INSERT INTO "Membership" (team_id, user_email, spend, joined_at) VALUES {values} '
           'ON CONFLICT (user_email, team_id) DO UPDATE SET spend = "Membership".spend + EXCLUDED.spend')
    params = [value for row in rows for value in row]
    assert await db.execute_raw(sql, *params) == 300
    assert await db.execute_raw(sql, *params) == 300
    total = await db.query_first('SELECT sum(spend) AS s, count(*) AS n FROM "Membership"')
    assert total["n"] == 300 and total["s"] == pytest.approx(2 * sum(i + i / 4 + i for i in range(300)))


async def test_raw_inside_tx_then_model_call(db, org_with_teams):
    # management_endpoints/team_endpoints.py:2783  async with prisma_client.db.tx() as tx: tx.query_raw(...)
    _, alpha, _ = org_with_teams
    async with db.tx() as tx:
        locked = await tx.query_raw('SELECT id FROM "Team" WHERE id = $1 FOR UPDATE', alpha.id)
        assert locked == [{"id": alpha.id}]
        await tx.execute_raw('UPDATE "Team" SET spend = spend + $1 WHERE id = $2', 2.5, alpha.id)
        await tx.team.update(where={"id": alpha.id}, data={"max_budget": 10})
    team = await db.team.find_unique(where={"id": alpha.id})
    assert (team.spend, team.max_budget) == (2.5, 10)


async def test_batched_spend_updates(db, org_with_teams):
    # utils.py:5104  async with self.db.batch_() as batcher: batcher.<table>.update(where=..., data={"spend": {"increment": x}})
    _, alpha, beta = org_with_teams
    async with db.batch_() as batcher:
        for team, cost in [(alpha, 0.25), (beta, 1.0), (alpha, 0.5)]:
            batcher.team.update(where={"id": team.id}, data={"spend": {"increment": cost}})
        batcher.membership.upsert(
            where={"user_email_team_id": {"user_email": "ann", "team_id": alpha.id}},
            data={"create": {"user_email": "ann", "team_id": alpha.id, "spend": 0.75},
                  "update": {"spend": {"increment": 0.75}}},
        )
    spends = {t.alias: t.spend for t in await db.team.find_many()}
    assert spends == {"Alpha": 0.75, "beta": 1.0}


async def test_spend_log_style_create_many(db, org_with_teams, client_module):
    # db_spend_update_writer / spend logs: create_many of rows with Json, DateTime and BigInt columns
    _, alpha, _ = org_with_teams
    Json = client_module.Json
    start = datetime(2025, 5, 1, tzinfo=timezone.utc)
    rows = [{"team_id": alpha.id, "kind": "request", "sequence": i,
             "data": json.dumps({"request_id": f"r{i}", "tokens": 2**40 + i, "messages": [{"role": "user"}]}),
             "at": start} for i in range(200)]
    rows[0]["data"] = Json({"request_id": "r0", "tokens": 2**40, "messages": [{"role": "user"}]})
    assert await db.event.create_many(data=rows, skip_duplicates=True) == 200
    found = await db.event.find_first(where={"data": {"path": ["request_id"], "equals": Json("r199")}})
    assert found.data["tokens"] == 2**40 + 199 and found.at == start
