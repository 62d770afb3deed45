"""scope_arguments / unscope_result on hand-made policies: every action, nesting, refusals."""
from __future__ import annotations

import pytest

from alchemi.tenancy.context import TenancyError
from alchemi.tenancy.scoping import Policy, scope_arguments, unscope_result

P = Policy(
    scoped=frozenset({"Team", "Member", "Config", "Tag"}),
    key_fields={"Config": ("param_name",), "Tag": ("tag_name",)},
    relations={"Team": {"members": "Member", "budget": "Budget"}, "Member": {"team": "Team"},
               "Budget": {"teams": "Team"}},
)
A = "acct-a"


def test_where_unique_gets_account_beside_the_unique_field():
    out = scope_arguments(P, "find_unique", "Team", {"where": {"team_id": "t1"}, "include": None}, A)
    assert out["where"] == {"team_id": "t1", "account_id": A}


@pytest.mark.parametrize("method", ["find_many", "find_first", "count", "group_by", "update_many", "delete_many"])
def test_filter_where_is_anded(method):
    out = scope_arguments(P, method, "Team", {"where": {"OR": [{"a": 1}, {"b": 2}]}}, A)
    assert out["where"] == {"AND": [{"OR": [{"a": 1}, {"b": 2}]}, {"account_id": A}]}
    assert scope_arguments(P, method, "Team", {"where": None}, A)["where"] == {"account_id": A}


def test_create_stamps_account_and_nested_creates():
    out = scope_arguments(P, "create", "Team", {"data": {"team_id": "t", "members": {
        "create": [{"user_id": "u1"}, {"user_id": "u2"}]}}}, A)
    assert out["data"]["account_id"] == A
    assert [m["account_id"] for m in out["data"]["members"]["create"]] == [A, A]


def test_create_into_unscoped_model_with_nested_scoped_create():
    out = scope_arguments(P, "create", "Budget", {"data": {"budget_id": "b", "teams": {"create": {"team_id": "t"}}}}, A)
    assert "account_id" not in out["data"]
    assert out["data"]["teams"]["create"]["account_id"] == A


def test_create_many_stamps_each_row():
    out = scope_arguments(P, "create_many", "Team", {"data": [{"team_id": "1"}, {"team_id": "2"}], "skipDuplicates": True}, A)
    assert [d["account_id"] for d in out["data"]] == [A, A]
    assert out["skipDuplicates"] is True


def test_writes_naming_another_account_are_refused():
    with pytest.raises(TenancyError):
        scope_arguments(P, "create", "Team", {"data": {"team_id": "t", "account_id": "acct-b"}}, A)
    with pytest.raises(TenancyError):
        scope_arguments(P, "update", "Team", {"where": {"team_id": "t"}, "data": {"account_id": "acct-b"}}, A)
    with pytest.raises(TenancyError):
        scope_arguments(P, "update", "Team", {"where": {"team_id": "t"}, "data": {"account_id": {"set": "acct-b"}}}, A)
    with pytest.raises(TenancyError):
        scope_arguments(P, "find_unique", "Team", {"where": {"team_id": "t", "account_id": "acct-b"}}, A)


def test_naming_the_same_account_is_allowed():
    out = scope_arguments(P, "create", "Team", {"data": {"team_id": "t", "account_id": A}}, A)
    assert out["data"]["account_id"] == A


def test_upsert_scopes_where_create_and_update():
    out = scope_arguments(P, "upsert", "Config", {"where": {"param_name": "general_settings"},
                                                  "create": {"param_name": "general_settings", "param_value": {}},
                                                  "update": {"param_value": {"x": 1}}}, A)
    assert out["where"] == {"param_name": f"{A}::general_settings", "account_id": A}
    assert out["create"] == {"param_name": f"{A}::general_settings", "param_value": {}, "account_id": A}
    assert out["update"] == {"param_value": {"x": 1}}


@pytest.mark.parametrize("where,expected", [
    ({"tag_name": "prod"}, {"tag_name": f"{A}::prod"}),
    ({"tag_name": {"in": ["a", "b"]}}, {"tag_name": {"in": [f"{A}::a", f"{A}::b"]}}),
    ({"tag_name": {"equals": "a"}}, {"tag_name": {"equals": f"{A}::a"}}),
    ({"tag_name": {"not_in": ["a"]}}, {"tag_name": {"not_in": [f"{A}::a"]}}),
    ({"tag_name": {"startswith": "pr"}}, {"tag_name": {"startswith": f"{A}::pr"}}),
    ({"tag_name": {"contains": "ro"}}, {"tag_name": {"contains": "ro"}}),
    ({"OR": [{"tag_name": "x"}, {"spend": 1}]}, {"OR": [{"tag_name": f"{A}::x"}, {"spend": 1}]}),
])
def test_namespaced_key_filters(where, expected):
    out = scope_arguments(P, "find_many", "Tag", {"where": where}, A)
    assert out["where"] == {"AND": [expected, {"account_id": A}]}


def test_update_of_key_field_is_namespaced():
    out = scope_arguments(P, "update", "Tag", {"where": {"tag_name": "a"}, "data": {"tag_name": "b"}}, A)
    assert out["data"] == {"tag_name": f"{A}::b"}
    out = scope_arguments(P, "update", "Tag", {"where": {"tag_name": "a"}, "data": {"tag_name": {"set": "c"}}}, A)
    assert out["data"] == {"tag_name": {"set": f"{A}::c"}}


def test_relation_filters_reach_related_key_fields():
    policy = Policy(scoped=frozenset({"Team", "Tag"}), key_fields={"Tag": ("tag_name",)},
                    relations={"Team": {"tags": "Tag"}})
    out = scope_arguments(policy, "find_many", "Team", {"where": {"tags": {"some": {"tag_name": "x"}}}}, A)
    assert out["where"]["AND"][0] == {"tags": {"some": {"tag_name": f"{A}::x"}}}


def test_nested_connect_is_confined_to_the_account():
    out = scope_arguments(P, "update", "Team", {"where": {"team_id": "t"},
                                                "data": {"members": {"connect": [{"id": "m1"}]}}}, A)
    assert out["data"]["members"]["connect"] == [{"id": "m1", "account_id": A}]


def test_unscoped_model_is_untouched():
    args = {"where": {"id": 1}}
    assert scope_arguments(P, "find_many", "Budget", args, A) == args


def test_results_are_unscoped_including_nested_records():
    rows = [{"param_name": f"{A}::general_settings", "param_value": {}},
            {"param_name": "acct-b::other", "param_value": {}}]
    assert [r["param_name"] for r in unscope_result(P, "Config", rows, A)] == ["general_settings", "acct-b::other"]
    team = {"team_id": "t", "members": [{"id": "m"}]}
    assert unscope_result(P, "Team", team, A) == team
    policy = Policy(scoped=frozenset({"Team", "Tag"}), key_fields={"Tag": ("tag_name",)},
                    relations={"Team": {"tags": "Tag"}})
    nested = unscope_result(policy, "Team", {"team_id": "t", "tags": [{"tag_name": f"{A}::x"}]}, A)
    assert nested["tags"] == [{"tag_name": "x"}]


def test_arguments_are_not_mutated():
    args = {"where": {"team_id": "t"}, "data": {"x": 1}}
    scope_arguments(P, "update", "Team", args, A)
    assert args == {"where": {"team_id": "t"}, "data": {"x": 1}}
