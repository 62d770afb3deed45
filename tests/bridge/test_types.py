"""Every scalar type round-trips through the bridge as it does through the native engine."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest


@pytest.fixture
async def team(db):
    return await db.team.create(data={"alias": "t"})


@pytest.mark.parametrize("value", [
    {"a": [1, {"b": None}], "s": "x"},
    {"deep": {"er": {"est": [[], {}, [1.5, -2, True, False, None]]}}},
    [1, "two", None, {"3": 3}],
    "just a string",
    "",
    42,
    -0.5,
    True,
    None,
    # (not U+2028/U+2029/U+0085: prisma-client-py's query builder indents after them, as
    # textwrap.indent splits lines there, so they come back followed by spaces with any engine)
    {"unicode": "żółw 🐢", "quotes": "\"'\\", "newline": "a\nb\tc"},
    {"big": 2**60 + 1, "tiny": 1e-300},
    {"$type": "Json", "value": "not a wrapper"},
])
async def test_json_round_trip(db, client_module, value):
    Json = client_module.Json
    team = await db.team.create(data={"alias": "j", "metadata": Json(value)})
    assert team.metadata == value
    assert (await db.team.find_unique(where={"id": team.id})).metadata == value
    assert (await db.team.find_first(where={"metadata": {"equals": Json(value)}})).id == team.id


async def test_json_from_plain_json_text(db):
    """LiteLLM often passes json.dumps(...) text instead of a Json wrapper; both mean the same."""
    team = await db.team.create(data={"alias": "j", "metadata": '{"a": [1, 2]}'})
    assert team.metadata == {"a": [1, 2]}


async def test_optional_json_null(db, client_module, team):
    event = await db.event.create(data={"team_id": team.id, "kind": "k", "sequence": 1})
    assert event.data is None
    event = await db.event.create(data={"team_id": team.id, "kind": "k", "sequence": 2, "data": client_module.Json(None)})
    assert event.data is None  # JSON null


@pytest.mark.parametrize("value", [2**53 + 1, 2**62, -(2**62), 2**63 - 1, -(2**63), 0, 7])
async def test_bigint_round_trip_beyond_2_to_53(db, value):
    team = await db.team.create(data={"alias": "b", "tpm_limit": value})
    assert team.tpm_limit == value
    assert (await db.team.find_first(where={"tpm_limit": value})).id == team.id
    assert (await db.team.find_first(where={"tpm_limit": {"in": [value, 1]}})).id == team.id


async def test_bigint_comparisons_and_increment(db):
    team = await db.team.create(data={"alias": "b", "tpm_limit": 2**60})
    assert await db.team.count(where={"tpm_limit": {"gt": 2**53}}) == 1
    assert await db.team.count(where={"tpm_limit": {"gt": 2**60}}) == 0
    updated = await db.team.update(where={"id": team.id}, data={"tpm_limit": {"increment": 1}})
    assert updated.tpm_limit == 2**60 + 1


async def test_decimal_as_the_native_engine_returns_it(db, team):
    """The native engine (GraphQL protocol) returns Decimal as a JSON double; so does the bridge."""
    member = await db.member.create(data={"email": "d", "team_id": team.id, "balance": Decimal("12.5")})
    assert member.balance == Decimal("12.5")
    precise = await db.member.create(data={"email": "e", "team_id": team.id,
                                           "balance": Decimal("1234567890.123456789")})
    assert float(precise.balance) == float(Decimal("1234567890.123456789"))
    assert await db.member.count(where={"balance": {"gte": Decimal("12.5")}}) == 2
    assert await db.member.count(where={"balance": {"lt": Decimal("100")}}) == 1
    raw = await db.query_first('SELECT balance::text AS b FROM "Member" WHERE email = $1', "e")
    assert raw["b"].startswith("1234567890.123456789")  # stored exactly


async def test_bytes_round_trip(db, client_module, team):
    Base64 = client_module.Base64
    payload = bytes(range(256))
    member = await db.member.create(data={"email": "b", "team_id": team.id, "avatar": Base64.encode(payload)})
    assert member.avatar.decode() == payload
    found = await db.member.find_first(where={"avatar": Base64.encode(payload)})
    assert found.id == member.id


async def test_datetime_with_timezones(db):
    ist = timezone(timedelta(hours=5, minutes=30))
    aware = datetime(2024, 3, 1, 12, 0, 0, 123456, tzinfo=ist)
    team = await db.team.create(data={"alias": "d", "budget_reset_at": aware})
    # Stored as UTC with millisecond precision (prisma-client-py truncates microseconds).
    assert team.budget_reset_at == datetime(2024, 3, 1, 6, 30, 0, 123000, tzinfo=timezone.utc)
    naive = datetime(2024, 3, 1, 6, 30, 0, 123000)  # naive datetimes are taken as UTC
    assert (await db.team.find_first(where={"budget_reset_at": naive})).id == team.id
    assert team.created_at.tzinfo is not None
    assert abs(team.created_at - datetime.now(timezone.utc)) < timedelta(minutes=5)


async def test_enums_and_enum_arrays(db, team):
    member = await db.member.create(data={"email": "e", "team_id": team.id, "role": "VIEWER",
                                          "roles": ["ADMIN", "VIEWER"]})
    assert member.role == "VIEWER" and member.roles == ["ADMIN", "VIEWER"]
    assert (await db.member.find_first(where={"roles": {"has": "ADMIN"}})).id == member.id
    assert await db.member.count(where={"roles": {"has_every": ["ADMIN", "MEMBER"]}}) == 0


@pytest.mark.parametrize("items", [
    [],
    ["a"],
    ["with space", "with,comma", 'with"quote', "with\\backslash", "{braces}", "", "NULL", "żółw"],
])
async def test_string_arrays(db, items):
    team = await db.team.create(data={"alias": "s", "models": items})
    assert team.models == items
    assert (await db.team.find_unique(where={"id": team.id})).models == items


@pytest.mark.parametrize("text", ["", "plain", "quote \" and backslash \\ and newline \n", "ünïcödé 🎉", "a" * 100_000])
async def test_strings(db, text):
    org = await db.organization.create(data={"name": text})
    assert org.name == text
    assert (await db.organization.find_unique(where={"name": text})).id == org.id


@pytest.mark.parametrize("value", [0.0, -1.25, 0.1, 1e-10, 5e-324, 1e300, 2.5e15])
async def test_floats(db, value):
    team = await db.team.create(data={"alias": "f", "spend": value})
    assert team.spend == value


async def test_float_precision_is_the_native_engines(db):
    """Prisma 5's engine (native or wasm, same Rust code) carries Float values as BigDecimal
    made with 16 significant digits (bigdecimal's from_f64), on the way in and out."""
    team = await db.team.create(data={"alias": "f", "spend": 123456789.12345679})
    assert team.spend == 123456789.1234568


async def test_int_limits(db, team, errors):
    member = await db.member.create(data={"email": "i", "team_id": team.id, "score": 2**31 - 1})
    assert member.score == 2**31 - 1
    with pytest.raises(errors.DataError):
        await db.member.create(data={"email": "j", "team_id": team.id, "score": 2**31})


async def test_uuid_default_and_autoincrement(db, team):
    first = await db.event.create(data={"team_id": team.id, "kind": "k", "sequence": 1})
    second = await db.event.create(data={"team_id": team.id, "kind": "k", "sequence": 2})
    assert second.id == first.id + 1
    assert len({(await db.organization.create(data={"name": str(i)})).id for i in range(3)}) == 3
