"""Writes that name another account's objects are refused by the tenant guard, against real
PostgreSQL through LiteLLM's generated client; the reference map covers the schema."""
from __future__ import annotations

import json
import uuid

import pytest

from alchemi.tenancy import references
from alchemi.tenancy.context import system_context, tenant_context
from alchemi.tenancy.refusals import ConfigIdNotAvailable, ForeignReference, IdNotAvailable

A, B = "acct-a-" + uuid.uuid4().hex[:6], "acct-b-" + uuid.uuid4().hex[:6]


# ---- the map ----------------------------------------------------------------------------------
def test_every_schema_relation_is_a_checked_reference_or_excluded_with_a_reason():
    from alchemi.db.schema import SCHEMA_PATH

    refmap = references.reference_map()
    mapped = {(r.model, r.field) for refs in refmap.values() for r in refs}
    relations = references.schema_relations(SCHEMA_PATH.read_text())
    assert relations, "no relation found in schema.prisma: the parser is broken"
    missing = [(m, f) for m, f, _, _ in relations if (m, f) not in mapped and (m, f) not in references.SCHEMA_EXCLUDED]
    assert not missing, f"relation fields neither checked nor excluded: {missing}"
    stale = set(references.SCHEMA_EXCLUDED) - {(m, f) for m, f, _, _ in relations}
    assert not stale, f"SCHEMA_EXCLUDED names relations the schema no longer has: {stale}"


def test_declared_references_name_real_fields():
    from alchemi.db.schema import SCHEMA_PATH, _MODEL_RE

    fields = {m.group(1): {line.split()[0] for line in m.group(2).splitlines() if line.strip()
                           and not line.strip().startswith(("//", "@@"))}
              for m in _MODEL_RE.finditer(SCHEMA_PATH.read_text())}
    for ref in references.DECLARED:
        assert ref.field in fields[ref.model], f"{ref.model}.{ref.field} is not in the schema"
        for key in ref.keys:
            assert key in fields[ref.target], f"{ref.target}.{key} is not in the schema"
        assert ref.why, f"{ref.model}.{ref.field} has no reason"


def test_collect_finds_values_in_lists_json_nested_creates_and_update_operations():
    from prisma import Json

    from alchemi.tenancy.policy import guard_policy

    rels = guard_policy().relations
    refmap = references.reference_map()

    def values(method, model, arguments):
        refs, ids = references.collect_arguments(refmap, rels, method, model, arguments)
        return sorted((r.label, v) for r, v in refs), [v for *_, v in ids]

    assert values("create", "LiteLLM_VerificationToken", {"data": {
        "token": "t", "team_id": "T", "object_permission": {"create": {
            "mcp_servers": ["S1"], "mcp_tool_permissions": json.dumps({"S2": ["tool"]})}}}})[0] == [
        ("mcp_servers[]", "S1"), ("mcp_tool_permissions{}", "S2"), ("team_id", "T")]
    assert values("update", "LiteLLM_UserTable", {"where": {"user_id": "u"}, "data": {"teams": {"push": "T"}}})[0] == [
        ("teams[]", "T")]
    assert values("update", "LiteLLM_MCPToolsetTable", {"where": {}, "data": {
        "tools": Json([{"server_id": "S", "tool_name": "x"}])}})[0] == [("tools[].server_id", "S")]
    assert values("upsert", "LiteLLM_Config", {"where": {"param_name": "litellm_settings"}, "data": {},
                                               "create": {"param_name": "litellm_settings",
                                                          "param_value": json.dumps({"public_agent_groups": ["G"]})},
                                               "update": {"param_value": json.dumps({"public_mcp_servers": ["M"]})}}
                  )[0] == [("param_value.public_agent_groups[]", "G"), ("param_value.public_mcp_servers[]", "M")]
    assert values("update", "LiteLLM_Config", {"where": {"param_name": "general_settings"}, "data": {
        "param_value": json.dumps({"pass_through_endpoints": [{"id": "E", "path": "/x"}]})}})[1] == ["E"]
    # other settings rows are not read as references
    assert values("update", "LiteLLM_Config", {"where": {"param_name": "router_settings"}, "data": {
        "param_value": json.dumps({"public_agent_groups": ["G"]})}}) == ([], [])


# ---- the guard, against PostgreSQL --------------------------------------------------------------
async def _seed(db, account: str) -> dict[str, str]:
    ids = {"team": "team-" + uuid.uuid4().hex, "user": "user-" + uuid.uuid4().hex,
           "server": "srv-" + uuid.uuid4().hex, "agent": "agent-" + uuid.uuid4().hex,
           "server_name": "srv_" + uuid.uuid4().hex[:8], "agent_name": "helper-" + uuid.uuid4().hex[:8]}
    with tenant_context(account):
        await db.litellm_teamtable.create(data={"team_id": ids["team"], "team_alias": "t"})
        await db.litellm_usertable.create(data={"user_id": ids["user"]})
        await db.litellm_mcpservertable.create(data={"server_id": ids["server"], "server_name": ids["server_name"],
                                                     "alias": "shared-alias", "transport": "http"})
        await db.litellm_agentstable.create(data={
            "agent_id": ids["agent"], "agent_name": ids["agent_name"], "agent_card_params": json.dumps({}),
            "created_by": "test", "updated_by": "test"})
    return ids


@pytest.mark.asyncio(loop_scope="session")
async def test_references_to_another_accounts_objects_are_refused(db):
    a, b = await _seed(db, A), await _seed(db, B)
    tokens = []
    with tenant_context(B):
        for data in ({"team_id": a["team"]}, {"user_id": a["user"]}, {"agent_id": a["agent"]}):
            tokens.append(uuid.uuid4().hex)
            with pytest.raises(ForeignReference, match="does not exist in this account") as refused:
                await db.litellm_verificationtoken.create(data={"token": tokens[-1], **data})
            assert refused.value.status_code == 400 and A not in str(refused.value)
        with pytest.raises(ForeignReference, match="invitation|user"):
            await db.litellm_invitationlink.create(data={
                "user_id": a["user"], "created_by": b["user"], "updated_by": b["user"],
                "expires_at": "2030-01-01T00:00:00Z", "created_at": "2026-01-01T00:00:00Z",
                "updated_at": "2026-01-01T00:00:00Z"})
        with pytest.raises(ForeignReference, match=r"mcp_servers\[\]"):
            await db.litellm_objectpermissiontable.create(data={"mcp_servers": [b["server"], a["server"]],
                                                                "object_permission_id": tokens[0]})
        with pytest.raises(ForeignReference, match=r"tools\[\]\.server_id"):
            await db.litellm_mcptoolsettable.create(data={"toolset_name": "ts", "tools": json.dumps(
                [{"server_id": a["server"], "tool_name": "x"}])})
        with pytest.raises(ForeignReference):
            await db.litellm_memorytable.create(data={"key": "k-" + uuid.uuid4().hex, "value": "v",
                                                      "team_id": a["team"]})
    with system_context("test: nothing was written"):
        assert await db.litellm_verificationtoken.count(where={"token": {"in": tokens}}) == 0
        assert await db.litellm_objectpermissiontable.count(where={"object_permission_id": tokens[0]}) == 0


@pytest.mark.asyncio(loop_scope="session")
async def test_own_references_pass_and_unknown_names_follow_the_reference_kind(db):
    b = await _seed(db, B)
    with tenant_context(B):
        key = await db.litellm_verificationtoken.create(data={
            "token": uuid.uuid4().hex, "team_id": b["team"], "user_id": b["user"], "agent_id": b["agent"]})
        assert key.team_id == b["team"]
        # by name or alias too; a name that exists nowhere is LiteLLM's business (not strict)
        perm = await db.litellm_objectpermissiontable.create(data={
            "mcp_servers": [b["server_name"], "shared-alias", "not-created-yet"], "agents": [b["agent_name"]]})
        assert len(perm.mcp_servers) == 3
        # a key may name a user created later; a key's team must exist
        await db.litellm_verificationtoken.create(data={"token": uuid.uuid4().hex, "user_id": "later"})
        with pytest.raises(ForeignReference, match="team_id"):
            await db.litellm_verificationtoken.create(data={"token": uuid.uuid4().hex, "team_id": "no-such-team"})


@pytest.mark.asyncio(loop_scope="session")
async def test_batched_writes_are_checked_before_the_commit(db):
    a, b = await _seed(db, A), await _seed(db, B)
    with tenant_context(B):
        batch = db.batch_()
        batch.litellm_usertable.update(where={"user_id": b["user"]}, data={"teams": [a["team"]]})
        with pytest.raises(ForeignReference, match=r"teams\[\]"):
            await batch.commit()
        assert (await db.litellm_usertable.find_unique(where={"user_id": b["user"]})).teams == []
        async with db.batch_() as ok:
            ok.litellm_usertable.update(where={"user_id": b["user"]}, data={"teams": [b["team"]]})
        assert (await db.litellm_usertable.find_unique(where={"user_id": b["user"]})).teams == [b["team"]]


@pytest.mark.asyncio(loop_scope="session")
async def test_settings_may_not_name_other_accounts_objects_or_reuse_their_endpoint_ids(db):
    from prisma import Json

    a, b = await _seed(db, A), await _seed(db, B)
    endpoint = "pt-" + uuid.uuid4().hex

    async def save(account: str, name: str, value: dict) -> None:
        with tenant_context(account):
            await db.litellm_config.upsert(where={"param_name": name}, data={
                "create": {"param_name": name, "param_value": Json(value)}, "update": {"param_value": Json(value)}})

    await save(A, "general_settings", {"pass_through_endpoints": [{"id": endpoint, "path": "/a"}]})
    with pytest.raises(ConfigIdNotAvailable, match="not available") as taken:
        await save(B, "general_settings", {"pass_through_endpoints": [{"id": endpoint, "path": "/b"}]})
    assert taken.value.status_code == 409 and A not in str(taken.value)
    await save(B, "general_settings", {"pass_through_endpoints": [{"id": "pt-" + uuid.uuid4().hex, "path": "/b"}]})
    await save(A, "general_settings", {"pass_through_endpoints": [{"id": endpoint, "path": "/a2"}]})  # own id again
    with pytest.raises(ForeignReference, match="public_agent_groups"):
        await save(B, "litellm_settings", {"public_agent_groups": [a["agent"]]})
    with pytest.raises(ForeignReference, match="public_mcp_servers"):
        await save(B, "litellm_settings", {"public_mcp_servers": [a["server"]]})
    await save(B, "litellm_settings", {"public_agent_groups": [b["agent"]], "public_mcp_servers": [b["server"]]})


@pytest.mark.asyncio(loop_scope="session")
async def test_an_id_taken_by_another_account_is_not_available_without_saying_where(db):
    from prisma.errors import UniqueViolationError

    a = await _seed(db, A)
    with tenant_context(B), pytest.raises(IdNotAvailable) as taken:
        await db.litellm_teamtable.create(data={"team_id": a["team"], "team_alias": "mine now"})
    assert isinstance(taken.value, UniqueViolationError)   # LiteLLM's own duplicate handling still applies
    assert taken.value.status_code == 409
    assert "Unique constraint failed on the fields" in str(taken.value) and "not available" in str(taken.value)
    assert A not in str(taken.value)
    with system_context("test: A's row is untouched"):
        assert (await db.litellm_teamtable.find_unique(where={"team_id": a["team"]})).account_id == A
