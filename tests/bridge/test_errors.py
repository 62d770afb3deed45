"""Errors surface as prisma-client-py raises them with the native engine."""
from __future__ import annotations

import pytest


async def test_unique_violation(db, errors):
    await db.team.create(data={"alias": "a"})
    with pytest.raises(errors.UniqueViolationError) as info:
        await db.team.create(data={"alias": "a"})
    assert info.value.code == "P2002" if hasattr(info.value, "code") else True
    assert info.value.data["user_facing_error"]["meta"]["target"] == ["alias"]
    with pytest.raises(errors.UniqueViolationError):
        await db.team.create_many(data=[{"alias": "b"}, {"alias": "b"}])
    team = await db.team.create(data={"alias": "c"})
    with pytest.raises(errors.UniqueViolationError):
        await db.team.update(where={"id": team.id}, data={"alias": "a"})
    await db.member.create(data={"email": "e", "team_id": team.id})
    with pytest.raises(errors.UniqueViolationError) as info:
        await db.member.create(data={"email": "e", "team_id": team.id})
    assert sorted(info.value.data["user_facing_error"]["meta"]["target"]) == ["email", "team_id"]


async def test_foreign_key_violation(db, errors):
    with pytest.raises(errors.ForeignKeyViolationError) as info:
        await db.member.create(data={"email": "e", "team_id": "no-such-team"})
    assert info.value.data["user_facing_error"]["error_code"] == "P2003"
    with pytest.raises(errors.ForeignKeyViolationError):
        await db.membership.create(data={"user_email": "e", "team_id": "no-such-team"})


async def test_record_not_found(db, errors):
    with pytest.raises(errors.RecordNotFoundError) as info:
        await db.team.find_unique_or_raise(where={"id": "nope"})
    assert info.value.data["user_facing_error"]["error_code"] == "P2025"
    with pytest.raises(errors.RecordNotFoundError):
        await db.team.find_first_or_raise(where={"alias": "nope"})
    # update/delete of a missing record: prisma-client-py turns P2025 into None
    assert await db.team.update(where={"id": "nope"}, data={"spend": 1}) is None
    assert await db.team.delete(where={"id": "nope"}) is None
    # a nested connect to a missing record is P2025 too, and raises
    with pytest.raises(errors.RecordNotFoundError):
        await db.team.create(data={"alias": "x", "organization": {"connect": {"id": "nope"}}})


async def test_missing_required_value(db, errors):
    with pytest.raises(errors.MissingRequiredValueError):
        await db.team.create(data={})
    with pytest.raises(errors.MissingRequiredValueError):
        await db.event.create(data={"kind": "k", "sequence": 1})


async def test_unknown_fields_and_bad_values(db, errors):
    with pytest.raises(errors.FieldNotFoundError):
        await db.team.find_many(where={"no_such_field": 1})
    with pytest.raises(errors.FieldNotFoundError):
        await db.team.create(data={"alias": "a", "no_such_field": 1})
    with pytest.raises(errors.DataError):
        await db.team.create(data={"alias": "a", "spend": "not a number"})
    with pytest.raises(errors.DataError):
        await db.team.create(data={"alias": "a", "budget_reset_at": "not a date"})
    with pytest.raises(errors.DataError):
        await db.team.create(data={"alias": "a", "metadata": "{not json"})
    with pytest.raises(errors.DataError):
        await db.member.create(data={"email": "a", "role": "NOT_A_ROLE"})


async def test_client_keeps_working_after_errors(db, errors):
    for _ in range(3):
        with pytest.raises(errors.UniqueViolationError):
            await db.organization.create_many(data=[{"name": "x"}, {"name": "x"}])
        with pytest.raises(errors.RawQueryError):
            await db.query_raw("SELECT nope")
    assert await db.organization.count() == 0
    assert (await db.organization.create(data={"name": "ok"})).name == "ok"
