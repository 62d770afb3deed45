"""Isolation problems the suite finds today, each with the mechanism behind it.

Every entry turns the matching test into `xfail(strict=True)`: the suite stays green while the
problem exists and fails as soon as it is fixed, until the entry is removed. Keys are the
operation ("METHOD /path", as in the route table) or, for EXPLICIT, the test's name.
Add an entry only with the mechanism that causes it; never to silence a new finding unread.
"""
from __future__ import annotations

from dataclasses import dataclass


# The mechanisms behind today's findings; the tenancy work fixes them one by one.
MECHANISMS: dict[str, str] = {}


@dataclass(frozen=True)
class Known:
    mechanism: str      # a key of MECHANISMS
    detail: str = ""    # what this operation shows or does

    @property
    def reason(self) -> str:
        text = f"[{self.mechanism}] {MECHANISMS.get(self.mechanism, '')}"
        return f"{text} -- {self.detail}" if self.detail else text


LEAKS: dict[str, Known] = {}
SERVER_ERRORS: dict[str, Known] = {}
CONTROLS: dict[str, Known] = {}
EXPLICIT: dict[str, Known] = {}
DB_TABLES: dict[str, Known] = {}
