"""Every row an account's activity produced carries that account: checked straight in
PostgreSQL after both accounts' seeding and traffic (before B's probing writes), so background
writers (spend batches, daily aggregates, indexes) are covered too."""
from __future__ import annotations

import pytest

from alchemi.tenancy.policy import scoped_tables
from tests.isolation.known_leaks import DB_TABLES
from tests.support.isolation_campaign import Results


@pytest.mark.parametrize("table", [pytest.param(t, marks=[pytest.mark.xfail(strict=True, reason=DB_TABLES[t].reason)]
                                                if t in DB_TABLES else []) for t in scoped_tables()])
def test_rows_are_stamped_with_their_account(campaign: Results, table: str) -> None:
    ownership = campaign.row_ownership.get(table)
    if ownership is None:
        pytest.skip(f"{table} is not in this database")
    wrong = {label: {where: n for where, n in places.items() if where != "own"}
             for label, places in ownership.items()}
    wrong = {label: places for label, places in wrong.items() if places}
    assert not wrong, f"{table}: rows holding an account's canary stored elsewhere: {wrong}"


def test_known_db_entries_name_scoped_tables() -> None:
    stale = sorted(set(DB_TABLES) - set(scoped_tables()))
    assert not stale, stale
