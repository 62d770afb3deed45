"""OWASP API1 (BOLA) across accounts: every management operation of the route table, called as
account B's admin with account A's ids (and as a listing, and by B's plain user), must not
show anything of A's and must not change A's rows; bad input must not make the server fail."""
from __future__ import annotations

import time

import pytest

from tests.isolation.known_leaks import CONTROLS, LEAKS, SERVER_ERRORS, TIMING_DEPENDENT_LEAKS
from tests.support.isolation_campaign import Results

# 501 Not Implemented / 503 "not configured here" (no cache, no Redis) are honest answers.
ACCEPTED_5XX = frozenset({501, 503})

# B's own objects through the main read routes: with B's ids they must answer 2xx, which shows
# the probe's request is well-formed (A's ids being refused is then the isolation, not a typo).
MAIN_ROUTES = (
    "GET /key/info", "POST /v2/key/info", "GET /key/list", "GET /team/info", "GET /team/list",
    "GET /v2/team/list", "GET /user/info", "GET /user/list", "GET /organization/info", "POST /organization/info",
    "GET /organization/list", "GET /model/info", "GET /v2/model/info", "GET /guardrails/{guardrail_id}",
    "GET /guardrails/{guardrail_id}/info", "GET /policies/{policy_id}", "GET /v1/mcp/server/{server_id}",
    "GET /v1/mcp/toolset/{toolset_id}", "GET /v1/agents/{agent_id}", "GET /search_tools/{search_tool_id}",
    "POST /tag/info", "POST /budget/info", "POST /vector_store/info", "GET /v1/access_group/{access_group_id}",
    "GET /access_group/{access_group}/info", "GET /customer/info", "GET /end_user/info", "GET /invitation/info",
    "GET /jwt/key/mapping/info", "GET /v1/workflows/runs/{run_id}", "GET /v1/memory/{key:path}",
    "GET /spend/logs", "GET /credentials/by_name/{credential_name:path}", "GET /prompts/{prompt_id}",
    "GET /policy/info/{policy_name}",
)


def _outcomes(campaign: Results, op: str) -> list:
    outcomes = campaign.outcomes.get(op)
    if not outcomes:
        pytest.skip(campaign.not_exercised.get(op, "not exercised"))
    return outcomes


def test_no_cross_tenant_leak(campaign: Results, op: str) -> None:
    findings = []
    for o in _outcomes(campaign, op):
        if o.variant == "control" and o.caller == "b-admin" and not o.leaks:
            continue
        if o.leaks:
            findings.append(f"[{o.caller} {o.variant} -> {o.status}] shows A's {'; '.join(o.leaks)}\n"
                            f"    request {o.request}\n    ...{o.snippet[:300]}...")
        if o.mutations:
            findings.append(f"[{o.caller} {o.variant} -> {o.status}] changed A's rows: {'; '.join(o.mutations)}\n"
                            f"    request {o.request}")
    assert not findings, f"{op} crosses accounts:\n" + "\n".join(findings)


def test_no_server_error(campaign: Results, op: str) -> None:
    failures = [f"[{o.caller} {o.variant}] {o.status or ''} {o.error}\n    request {o.request}"
                for o in _outcomes(campaign, op)
                if o.status is None or (o.status >= 500 and o.status not in ACCEPTED_5XX)]
    assert not failures, f"{op} fails on input it should refuse:\n" + "\n".join(failures)


@pytest.mark.parametrize("op", [pytest.param(op, marks=[pytest.mark.xfail(strict=True, reason=CONTROLS[op].reason)]
                                             if op in CONTROLS else []) for op in MAIN_ROUTES])
def test_owner_reaches_own_objects(campaign: Results, op: str) -> None:
    """B's own ids through the same request shape: 2xx (control)."""
    controls = [o for o in campaign.outcomes.get(op, []) if o.variant == "control"]
    listings = [o for o in campaign.outcomes.get(op, []) if o.variant == "listing" and o.caller == "b-admin"]
    checked = controls or listings
    assert checked, f"{op}: no control probe was built (no id of B's maps to its parameters)"
    bad = [f"{o.variant}: {o.status} {o.request}" for o in checked if o.status is None or not 200 <= o.status < 300]
    assert not bad, f"{op} with B's own ids: " + "; ".join(bad)


def test_known_lists_name_real_operations(routes) -> None:
    from tests.support.isolation_campaign import probed_operations

    names = {op.key for op in probed_operations(routes)}
    stale = sorted((set(LEAKS) | set(TIMING_DEPENDENT_LEAKS) | set(SERVER_ERRORS) | set(CONTROLS)) - names)
    assert not stale, f"known_leaks.py names operations the route table no longer has: {stale}"


def test_owner_objects_survive_the_probes(campaign: Results, live_proxy, tenants) -> None:
    """After all of B's calls, once LiteLLM's background reload has run, A sees its objects as
    before (rows are compared per call in test_no_cross_tenant_leak)."""
    from tests.support.isolation_probe import TenantView

    view = TenantView(live_proxy.url, tenants["A"])
    try:
        deadline = time.monotonic() + 40
        while True:
            diff = TenantView.diff(campaign.owner_view_before, view.take())
            if not diff or time.monotonic() > deadline:
                break
            time.sleep(2)
    finally:
        view.close()
    assert not diff, "A's objects changed after B's probes:\n" + "\n".join(diff)
