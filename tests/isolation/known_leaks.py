"""Isolation problems the suite finds today, each with the mechanism behind it.

Every entry turns the matching test into `xfail(strict=True)`: the suite stays green while the
problem exists and fails as soon as it is fixed, until the entry is removed. Keys are the
operation ("METHOD /path", as in the route table), the table (DB_TABLES) or the named check
(EXPLICIT, CONTROLS). Add an entry only with the mechanism that causes it; never to silence a
new finding unread.
"""
from __future__ import annotations

from dataclasses import dataclass

# The mechanisms behind today's findings; the tenancy work fixes them one by one.
MECHANISMS: dict[str, str] = {
    "cross-reference":
        "writes store ids of other accounts' objects without an ownership check: the tenant guard filters reads "
        "and stamps B's rows, but foreign ids inside them (a key's team_id/agent_id/user_id, an invitation's "
        "user_id, object-permission mcp_servers, toolset/credential/env-var server_id, public agent/MCP lists in "
        "B's config, memory team/user ids) are not checked against B's account",
    "background-writer":
        "rows written outside any request (end users upserted by the spend writer from a request's `user`) are "
        "stored with no account",
    "existence-oracle":
        "caller-chosen ids are unique platform-wide (team_id, organization_id, server_id, user_id; docs/tenancy.md "
        "caveat): creating an object with another account's id fails with a unique-constraint 500, revealing that "
        "the id exists",
    "litellm-bad-input":
        "LiteLLM 1.102.4 answers 500 to input it should refuse with 4xx (a not-found or validation error "
        "re-raised as 500); not a tenancy problem, listed so it stays visible",
}


@dataclass(frozen=True)
class Known:
    mechanism: str      # a key of MECHANISMS
    detail: str = ""    # what this operation shows or does

    @property
    def reason(self) -> str:
        text = f"[{self.mechanism}] {MECHANISMS[self.mechanism]}"
        return f"{text} -- {self.detail}" if self.detail else text


def _k(mechanism: str, detail: str = "") -> Known:
    assert mechanism in MECHANISMS, mechanism
    return Known(mechanism, detail)


# test_no_cross_tenant_leak: B sees A's data, or B's call changed A's rows / tied B's rows to A's ids.
LEAKS: dict[str, Known] = {
    # in-memory registries
    # shared caches and process-wide settings
}

# Leaks that depend on when LiteLLM's background reload ran: xfail(strict=False), so neither
# outcome fails the suite; the report still lists every occurrence.
TIMING_DEPENDENT_LEAKS: dict[str, Known] = {
}

# test_no_server_error: 5xx (or a dropped connection) on a probe.
SERVER_ERRORS: dict[str, Known] = {
    "DELETE /v1/mcp/toolset/{toolset_id}": _k("litellm-bad-input", "unknown toolset -> AttributeError"),
    "PUT /v1/mcp/toolset": _k("litellm-bad-input", "unknown toolset -> AttributeError"),
    "GET /model/metrics/exceptions": _k("litellm-bad-input", "query_raw gets 4 parameters for 3 placeholders"),
    "GET /provider/budgets": _k("litellm-bad-input", "no provider budget config -> 500"),
    "PATCH /organization/update": _k("litellm-bad-input", "unknown organization -> ValueError"),
    "POST /cache/delete": _k("litellm-bad-input", "local cache cannot delete keys -> 500"),
    "POST /cloudzero/export": _k("litellm-bad-input", "no CloudZero configuration -> 500"),
    "POST /credentials/migrate-encryption": _k("litellm-bad-input", "no encryption_algorithm -> RuntimeError"),
    "POST /customer/block": _k("litellm-bad-input", "AttributeError on the end-user row"),
    "POST /policy/templates/suggest": _k("litellm-bad-input", "no LLM credentials for the suggester"),
}

# test_owner_reaches_own_objects: B's own object through the main read routes.
CONTROLS: dict[str, Known] = {
}

# Named checks outside the per-operation tests.
EXPLICIT: dict[str, Known] = {
}

# test_rows_are_stamped_with_their_account: rows holding an account's canary under another account.
DB_TABLES: dict[str, Known] = {
}
