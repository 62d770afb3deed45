"""Writes the tenant guard refuses, as typed errors that end in a clear 4xx.

LiteLLM's handlers turn most exceptions into a ProxyException whose code is the exception's
`status_code` attribute (`proxy/utils.py::handle_exception_on_proxy`), so these errors carry
one. Other handlers wrap every exception as `HTTPException(500, str(e))`; for those, each
refusal is also noted in the current request's record, and the gateway's RefusalGuard
(alchemi/gateway/refusals.py) answers the refusal's status and message instead of the 500.
"""
from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from prisma.errors import UniqueViolationError

from alchemi.tenancy.context import TenancyError


@dataclass(frozen=True)
class Noted:
    status: int
    message: str


_record: ContextVar[list[Noted] | None] = ContextVar("alchemi_refusals", default=None)


def open_record():
    """For the gateway middleware: start an empty record for this request; returns the token."""
    return _record.set([])


def close_record(token) -> None:
    _record.reset(token)


def noted() -> Noted | None:
    """The first refusal noted during this request, if any."""
    record = _record.get()
    return record[0] if record else None


def note(status: int, message: str) -> None:
    record = _record.get()
    if record is not None:
        record.append(Noted(status, message))


class ForeignReference(TenancyError):
    """A write names an object (a team, a user, an MCP server ...) that is not the account's."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        note(self.status_code, message)


class IdNotAvailable(UniqueViolationError):
    """A caller-chosen id is already used, in this account or another one. Still a
    UniqueViolationError, so LiteLLM's own handling of duplicates keeps working; the message
    never says where the id is used."""

    status_code = 409

    def __init__(self, data: dict, fields: str) -> None:
        # LiteLLM recognises duplicates by this phrase (customer and access-group endpoints).
        message = (f"Unique constraint failed on the fields: ({fields}): this id is not available; "
                   "choose another")
        super().__init__(data, message=message)
        self.message = message
        note(self.status_code, message)


class ConfigIdNotAvailable(TenancyError):
    """An id inside a stored setting (e.g. a pass-through endpoint's id) is used by another
    account; ids there are looked up platform-wide (LiteLLM registers routes by them)."""

    status_code = 409

    def __init__(self, what: str, value: str) -> None:
        message = f"{what} '{value}' is not available; choose another"
        super().__init__(message)
        self.message = message
        note(self.status_code, message)
