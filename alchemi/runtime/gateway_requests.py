"""Gateway request counts per account.

LiteLLM's billable-request middleware folds every answered request into one process-wide
`gateway_request_accumulator`, keyed by (date, category, route), and a system job flushes the
fold with one raw `INSERT ... ON CONFLICT (date, category, route)` into
LiteLLM_DailyGatewayRequests: counts mixed accounts, carried no account, and no account's
`/gateway/daily/activity` (which reads its own rows through the tenant views) saw any.

The accumulator keeps its identity (the middleware's sink reads the module global) and gets a
subclass whose `record`, in an account's scope, folds the route in its stored, namespaced form
`<account>::<route>` (LiteLLM_DailyGatewayRequests is a namespaced-key model on `route`). The
flush is unchanged; a BEFORE INSERT trigger gives each row the account named by its prefix
(migration 20261122020000_gateway_request_owner), and the tenant views show the route without it.
Requests that resolved to no account are counted as before, for the platform.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime.registry import account_in_scope
from alchemi.seamlib import swap_class
from alchemi.tenancy.scoping import namespaced

def _class(base: type) -> type:
    class AccountGatewayRequestAccumulator(base):  # type: ignore[misc, valid-type]
        def record(self, *, category: Any, route: str, status_code: int) -> None:
            account_id = account_in_scope()
            if account_id is not None:
                route = namespaced(account_id, route)
            return super().record(category=category, route=route, status_code=status_code)

    return AccountGatewayRequestAccumulator


def install() -> None:
    from litellm.proxy import proxy_server

    swap_class(proxy_server.gateway_request_accumulator, _class, prefix="Account")
