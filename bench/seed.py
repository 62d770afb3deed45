"""Many accounts, keys and teams written straight into the database with COPY.

Creating 1,000 accounts and 100,000 keys through the API would take longer than the whole
benchmark; what the measured account's requests meet is only the rows, so we write the rows
the API would have written: accounts in "Alchemi_AccountTable", virtual keys in
"LiteLLM_VerificationToken" (token = sha256 hex of a random `sk-` key, as LiteLLM stores it),
teams in "LiteLLM_TeamTable", each with its `account_id`. `account_id=None` writes rows as a
vanilla LiteLLM would (no account).
"""
from __future__ import annotations

import hashlib
import secrets
import time
import uuid

import psycopg

_KEY_COLUMNS = ("token", "key_name", "key_alias", "models", "user_id", "account_id", "created_by")
_TEAM_COLUMNS = ("team_id", "team_alias", "admins", "members", "models", "account_id")


def _key_rows(account_id: str | None, count: int, label: str):
    for i in range(count):
        key = "sk-" + secrets.token_urlsafe(16)
        yield (hashlib.sha256(key.encode()).hexdigest(), f"sk-...{key[-4:]}", f"{label}-{i}", "{}",
               None, account_id, "bench-seed")


def _team_rows(account_id: str | None, count: int, label: str):
    for i in range(count):
        yield (str(uuid.uuid4()), f"{label}-team-{i}", "{}", "{}", "{}", account_id)


def _copy(conn: psycopg.Connection, table: str, columns: tuple[str, ...], rows) -> int:
    n = 0
    cols = ", ".join(f'"{c}"' for c in columns)
    with conn.cursor().copy(f'COPY "{table}" ({cols}) FROM STDIN') as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def add_keys(url: str, account_id: str | None, count: int, label: str = "bench-key") -> int:
    if count <= 0:
        return 0
    with psycopg.connect(url) as conn:
        return _copy(conn, "LiteLLM_VerificationToken", _KEY_COLUMNS, _key_rows(account_id, count, label))


def add_teams(url: str, account_id: str | None, count: int, label: str = "bench") -> int:
    if count <= 0:
        return 0
    with psycopg.connect(url) as conn:
        return _copy(conn, "LiteLLM_TeamTable", _TEAM_COLUMNS, _team_rows(account_id, count, label))


def other_accounts(url: str, *, accounts: int, keys_each: int, teams_each: int) -> dict:
    """`accounts` active accounts, each with `keys_each` keys and `teams_each` teams; returns
    what was written and how long it took (then ANALYZE, as autovacuum would soon)."""
    started = time.monotonic()
    run = uuid.uuid4().hex[:6]
    ids = [str(uuid.uuid4()) for _ in range(accounts)]
    with psycopg.connect(url) as conn:
        _copy(conn, "Alchemi_AccountTable", ("account_id", "account_name", "created_by"),
              ((a, f"bench-{run}-{i:05d}", "bench-seed") for i, a in enumerate(ids)))
        keys = _copy(conn, "LiteLLM_VerificationToken", _KEY_COLUMNS,
                     (row for i, a in enumerate(ids) for row in _key_rows(a, keys_each, f"bench-{i}")))
        teams = _copy(conn, "LiteLLM_TeamTable", _TEAM_COLUMNS,
                      (row for i, a in enumerate(ids) for row in _team_rows(a, teams_each, f"bench-{i}")))
    analyze(url)
    return {"accounts": accounts, "keys": keys, "teams": teams, "seconds": round(time.monotonic() - started, 2)}


def analyze(url: str) -> None:
    """VACUUM (ANALYZE) the seeded tables: fresh statistics for the planner, and the bulk
    insert's vacuum done now rather than by autovacuum in the middle of a measured run (it
    was: PostgreSQL at ~5 % CPU during (d)'s first runs)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for table in ("Alchemi_AccountTable", "LiteLLM_VerificationToken", "LiteLLM_TeamTable"):
            conn.execute(f'VACUUM (ANALYZE) "{table}"')


def counts(url: str, account_id: str | None = None) -> dict:
    """Rows in the database, and in one account when `account_id` is given."""
    with psycopg.connect(url) as conn:
        one = lambda sql, *a: conn.execute(sql, a).fetchone()[0]  # noqa: E731
        out = {"accounts": one('SELECT count(*) FROM "Alchemi_AccountTable"'),
               "keys": one('SELECT count(*) FROM "LiteLLM_VerificationToken"'),
               "teams": one('SELECT count(*) FROM "LiteLLM_TeamTable"')}
        if account_id is not None:
            out["account_keys"] = one('SELECT count(*) FROM "LiteLLM_VerificationToken" WHERE account_id = %s',
                                      account_id)
            out["account_teams"] = one('SELECT count(*) FROM "LiteLLM_TeamTable" WHERE account_id = %s', account_id)
    return out
