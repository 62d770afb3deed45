"""Raw SQL through the bridge: query_raw, query_first and execute_raw with parameters, and the
column types LiteLLM's raw queries return (see litellm_raw_sql.txt in the LiteLLM notes)."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest


@pytest.fixture
async def team(db, client_module):
    return await db.team.create(data={
        "alias": "raw", "spend": 12.5, "tpm_limit": 2**60 + 1, "models": ["a", "b"],
        "metadata": client_module.Json({"k": [1, 2], "big": 2**60 + 1}),
        "budget_reset_at": datetime(2025, 6, 1, 12, 30, tzinfo=timezone.utc),
    })


async def test_query_raw_model_columns(db, team):
    rows = await db.query_raw(
        'SELECT id, alias, spend, tpm_limit, models, metadata, blocked, budget_reset_at, created_at '
        'FROM "Team" WHERE alias = $1', "raw")
    assert len(rows) == 1
    row = rows[0]
    assert row["id"] == team.id and row["alias"] == "raw" and row["spend"] == 12.5
    assert row["tpm_limit"] == 2**60 + 1
    assert row["models"] == ["a", "b"] and row["blocked"] is False
    assert row["metadata"] == {"k": [1, 2], "big": 2**60 + 1}  # exact: raw results pass through untouched
    assert row["budget_reset_at"] == "2025-06-01T12:30:00+00:00"
    assert datetime.fromisoformat(row["created_at"]).tzinfo is not None


async def test_query_raw_with_model(db, team, client_module):
    teams = await db.query_raw('SELECT * FROM "Team" WHERE spend > $1', 1, model=client_module.models.Team)
    assert [t.alias for t in teams] == ["raw"] and teams[0].tpm_limit == 2**60 + 1
    assert teams[0].metadata == {"k": [1, 2], "big": 2**60 + 1}
    first = await db.query_first('SELECT * FROM "Team" WHERE alias = $1', "raw", model=client_module.models.Team)
    assert first.id == team.id


async def test_query_first(db, team):
    assert (await db.query_first('SELECT alias FROM "Team" WHERE id = $1', team.id)) == {"alias": "raw"}
    assert await db.query_first('SELECT alias FROM "Team" WHERE id = $1', "nope") is None


@pytest.mark.parametrize("params", [
    ("text", 1, 2.5, True, None),
    ("ünïcödé \" ' \\", -(2**31), 1e-5, False, None),
])
async def test_parameters(db, params):
    row = await db.query_first(
        "SELECT $1::text AS s, $2::int AS i, $3::float8 AS f, $4::bool AS b, $5::text AS n", *params)
    assert row == dict(zip("sifbn", params))


async def test_parameters_of_other_types(db):
    row = await db.query_first(
        "SELECT $1::bigint AS big, $2::numeric AS num, $3::timestamptz AS ts, $4::jsonb AS js, "
        "$5::text[] AS arr, $1::bigint + 1 AS again",
        2**60, "12.3456789012345678901", datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc),
        json.dumps({"a": [1, None]}), ["x", "y,z", 'q"uote'])
    assert row["big"] == 2**60 and row["again"] == 2**60 + 1
    assert row["num"] == pytest.approx(12.3456789012345678901)
    assert row["ts"] == "2024-01-02T03:04:05+00:00"
    assert row["js"] == {"a": [1, None]}
    assert row["arr"] == ["x", "y,z", 'q"uote']


async def test_list_parameter_with_any(db, team):
    # LiteLLM: WHERE job_id = ANY($1::text[])
    rows = await db.query_raw('SELECT alias FROM "Team" WHERE id = ANY($1::text[])', [team.id, "other"])
    assert rows == [{"alias": "raw"}]
    rows = await db.query_raw('SELECT alias FROM "Team" WHERE id = ANY($1::text[])', [])
    assert rows == []


async def test_result_column_types(db, team):
    """Types @prisma/adapter-pg does not know (name, interval, timestamptz[], char, oid vectors)
    come back as text, as the native engine returns them."""
    row = await db.query_first("""
        SELECT now() AS now_tz,
               CAST('2024-01-02 03:04:05.678+02' AS timestamptz) AS ts_tz,
               1.5::numeric AS num, 12345678901234567890::numeric AS big_num,
               count(*) AS cnt, sum(spend) AS total,
               '{"a": 1}'::json AS js, '[1, "x"]'::jsonb AS jsb,
               ARRAY[1, 2]::int[] AS ints, ARRAY['a', NULL]::text[] AS texts,
               'pg_class'::name AS nm, ARRAY['a', 'b']::name[] AS names,
               interval '1 day 2 hours' AS iv, 'x'::"char" AS ch,
               ARRAY['2024-01-02 03:04:05+00'::timestamptz, '2024-01-02 03:04:05-05'::timestamptz] AS tsa,
               'ADMIN'::"Role" AS role, gen_random_uuid() AS uid, DATE '2024-05-06' AS d,
               'pg_class'::regclass AS rc
        FROM "Team"
    """)
    assert datetime.fromisoformat(row["now_tz"]).tzinfo is not None
    assert row["ts_tz"] == "2024-01-02T01:04:05.678+00:00"
    assert row["num"] == 1.5 and row["big_num"] == pytest.approx(12345678901234567890)
    assert row["cnt"] == 1 and row["total"] == 12.5
    assert row["js"] == {"a": 1} and row["jsb"] == [1, "x"]
    assert row["ints"] == [1, 2] and row["texts"] == ["a", None]
    assert row["nm"] == "pg_class" and row["names"] == ["a", "b"]
    assert row["iv"] == "1 day 02:00:00"
    assert row["ch"] == "x"
    assert [datetime.fromisoformat(t) for t in row["tsa"]] == [
        datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc), datetime(2024, 1, 2, 8, 4, 5, tzinfo=timezone.utc)]
    assert row["role"] == "ADMIN" and len(row["uid"]) == 36 and row["d"] == "2024-05-06"
    assert row["rc"] == "pg_class"


async def test_timestamptz_is_right_whatever_the_session_time_zone(db):
    """@prisma/adapter-pg drops the UTC offset of timestamptz text; the bridge keeps it."""
    async with db.tx() as tx:
        await tx.execute_raw("SET LOCAL TIME ZONE 'America/New_York'")
        row = await tx.query_first(
            "SELECT CAST('2024-07-01 12:00:00+00' AS timestamptz) AS summer, "
            "CAST('2024-01-01 12:00:00.5+00' AS timestamptz) AS winter, current_setting('TimeZone') AS tz")
    assert row["tz"] == "America/New_York"
    assert row["summer"] == "2024-07-01T12:00:00+00:00"
    assert row["winter"] == "2024-01-01T12:00:00.500+00:00"


async def test_pg_views_shape_from_litellm(db):
    # litellm/proxy/db/create_views.py: counts views and reads their names (type name[]).
    row = await db.query_first(
        "SELECT (SELECT count(*) FROM pg_views WHERE schemaname = 'pg_catalog') AS view_count, "
        "ARRAY_AGG(viewname) AS view_names FROM pg_views WHERE viewname LIKE 'pg_stat_user_t%'")
    assert row["view_count"] > 10 and "pg_stat_user_tables" in row["view_names"]


async def test_execute_raw_counts_rows(db, team):
    assert await db.execute_raw('UPDATE "Team" SET spend = spend + $1 WHERE alias LIKE $2', 1.5, "ra%") == 1
    assert await db.execute_raw('UPDATE "Team" SET spend = 0 WHERE alias = $1', "nobody") == 0
    assert (await db.team.find_unique(where={"id": team.id})).spend == 14.0
    assert await db.execute_raw('CREATE TEMP TABLE IF NOT EXISTS scratch (x int)') == 0


async def test_raw_query_errors(db, errors):
    with pytest.raises(errors.RawQueryError) as info:
        await db.query_raw("SELECT * FROM no_such_table")
    assert "42P01" in str(info.value) or "does not exist" in str(info.value)
    with pytest.raises(errors.RawQueryError):
        await db.execute_raw("UPDATE nope SET x = 1")
    # As with the native engine, every failure of a raw query is P2010, constraint ones included.
    with pytest.raises(errors.RawQueryError) as info:
        await db.execute_raw("INSERT INTO \"Organization\" (id, name) VALUES ('1', 'a'), ('2', 'a')")
    assert "23505" in info.value.data["user_facing_error"]["message"]
    with pytest.raises(errors.RawQueryError):
        await db.query_raw("SELEC 1")
