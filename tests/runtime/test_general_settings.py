"""`general_settings` per account: reads see the account's layer over the platform's; writes
in an account's scope, in every form LiteLLM uses, stay in that account."""
from __future__ import annotations

import copy
import json

from alchemi.runtime.general_settings import AccountSettingsDict
from alchemi.tenancy.context import system_context, tenant_context
from alchemi.tenancy.resolver import NO_ACCOUNT


def _settings() -> AccountSettingsDict:
    gs = AccountSettingsDict({"alerting": ["slack"], "max_parallel_requests": 10})
    gs.load_account("a", {"max_request_size_mb": 1, "max_parallel_requests": 3})
    return gs


def test_reads_see_the_accounts_layer_over_the_platform():
    gs = _settings()
    with tenant_context("a"):
        assert gs["max_parallel_requests"] == 3 and gs.get("max_request_size_mb") == 1
        assert "max_request_size_mb" in gs and gs["alerting"] == ["slack"]
        assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 3, "max_request_size_mb": 1}
        assert {**gs} == dict(gs) and json.loads(json.dumps(gs)) == dict(gs)
        assert copy.deepcopy(gs) == dict(gs) and gs.copy() == dict(gs) and len(gs) == 3
    with tenant_context("b"):
        assert gs["max_parallel_requests"] == 10 and "max_request_size_mb" not in gs
        assert gs.get("max_request_size_mb", "default") == "default"
    with system_context("test"):
        assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 10}
    assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 10}


def test_every_kind_of_write_stays_in_the_account():
    gs = _settings()
    with tenant_context("a"):
        gs["store_prompts_in_spend_logs"] = True
        gs.update({"ui_access_mode": "admin_only"}, maintenance=True)
        gs.setdefault("pass_through_endpoints", []).append({"path": "/x"})
        gs["alerting"].append("email")  # in-place edit of a platform value
        gs |= {"alert_types": ["budget_alerts"]}
        del gs["max_parallel_requests"]
        assert gs.pop("max_request_size_mb") == 1
        seen_by_a = dict(gs)
    assert seen_by_a == {"alerting": ["slack", "email"], "store_prompts_in_spend_logs": True,
                         "ui_access_mode": "admin_only", "maintenance": True,
                         "pass_through_endpoints": [{"path": "/x"}], "alert_types": ["budget_alerts"]}
    with tenant_context("b"):
        assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 10}
    assert dict.items(gs) == {"alerting": ["slack"], "max_parallel_requests": 10}.items()  # the C storage too


def test_platform_writes_reach_every_account_without_a_value_of_its_own():
    gs = _settings()
    with system_context("test"):
        gs["max_parallel_requests"] = 20
        gs["global_max_parallel_requests"] = 100
    with tenant_context("a"):
        assert gs["max_parallel_requests"] == 3 and gs["global_max_parallel_requests"] == 100
    with tenant_context("b"):
        assert gs["max_parallel_requests"] == 20


def test_loading_replaces_the_layer_and_forgetting_drops_it():
    gs = _settings()
    with tenant_context("a"):
        gs["in_memory_only"] = 1
    gs.load_account("a", {"max_parallel_requests": 4})
    with tenant_context("a"):
        assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 4}
    gs.forget_account("a")
    with tenant_context("a"):
        assert gs["max_parallel_requests"] == 10
    assert gs.accounts() == []


def test_a_caller_without_an_account_cannot_write_the_platform_layer():
    gs = _settings()
    with tenant_context(NO_ACCOUNT):
        gs["max_parallel_requests"] = 1
    with tenant_context("b"):
        assert gs["max_parallel_requests"] == 10


def test_a_reload_keeps_what_was_written_while_it_read_the_database():
    """LiteLLM writes memory first and the database a moment later (/add/allowed_ip); a reload
    that read the row in between must not undo the write."""
    gs = _settings()
    with tenant_context("a"):
        gs["before_the_read"] = 1
    mark = gs.write_mark()
    with tenant_context("a"):
        gs["allowed_ips"] = ["127.0.0.1"]  # written while the reload's query was under way
        del gs["max_request_size_mb"]
    gs.load_account("a", {"max_parallel_requests": 4, "max_request_size_mb": 2}, read_since=mark)
    with tenant_context("a"):
        assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 4, "allowed_ips": ["127.0.0.1"]}
    gs.load_account("a", {"max_parallel_requests": 5}, read_since=gs.write_mark())
    with tenant_context("a"):  # a later reload started after the write: the database wins again
        assert dict(gs) == {"alerting": ["slack"], "max_parallel_requests": 5}
    with tenant_context("b"):
        assert "allowed_ips" not in gs
