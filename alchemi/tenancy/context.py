"""Which account the current work belongs to.

One ContextVar holds the scope for the running task: an account (tenant work: every scoped
query is filtered to it), SYSTEM (named platform work that may cross accounts: start-up,
account administration, jobs that fan out per account), or nothing. With nothing set, the
data layer refuses scoped queries instead of returning every account's rows.

The scope is set per request by pure ASGI middleware and, for work outside requests, only
inside `tenant_context(...)` or `system_context(reason)`; grep for those to find every place
that switches or crosses tenants.
"""
from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass


class TenancyError(RuntimeError):
    """Scoped data was touched with no account in scope, or across accounts."""


@dataclass(frozen=True)
class Scope:
    """An account (account_id set) or platform work (system=True, with the reason)."""

    account_id: str | None = None
    system: bool = False
    reason: str = ""

    def __post_init__(self) -> None:
        if self.system == (self.account_id is not None):
            raise ValueError("a scope is either one account or system work")


_scope: ContextVar[Scope | None] = ContextVar("alchemi_scope", default=None)


def current_scope() -> Scope | None:
    return _scope.get()


def current_account_id() -> str | None:
    """The account in scope, or None (no scope, or system work)."""
    scope = _scope.get()
    return scope.account_id if scope else None


def require_account_id() -> str:
    account_id = current_account_id()
    if account_id is None:
        raise TenancyError("no account in scope")
    return account_id


@contextlib.contextmanager
def tenant_context(account_id: str) -> Iterator[Scope]:
    """Run the block as work of `account_id`."""
    if not account_id:
        raise ValueError("tenant_context needs an account id")
    token = _scope.set(Scope(account_id=account_id))
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


@contextlib.contextmanager
def system_context(reason: str) -> Iterator[Scope]:
    """Run the block as platform work that may read and write every account's rows.

    `reason` says why (it is logged with any error); keep such blocks small."""
    if not reason:
        raise ValueError("system_context needs a reason")
    token = _scope.set(Scope(system=True, reason=reason))
    try:
        yield _scope.get()
    finally:
        _scope.reset(token)


def set_scope(scope: Scope | None):
    """For middleware: set the scope for the rest of this task; returns the reset token."""
    return _scope.set(scope)


def reset_scope(token) -> None:
    _scope.reset(token)
