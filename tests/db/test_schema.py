"""schema.prisma is generated, deterministic, current, and fits the migrated database."""
from __future__ import annotations

import re

import psycopg
import pytest

from alchemi.db import schema
from alchemi.db.migrate import migrate

LITELLM = """datasource client {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

generator client {
  provider = "prisma-client-py"
  binaryTargets = ["native"]
}

model LiteLLM_TeamTable {
  team_id String @id
  spend   Float  @default(0.0)
  @@index([spend])
}

model LiteLLM_Config {
  param_name String @id
}
"""


def test_committed_schema_is_current():
    assert schema.SCHEMA_PATH.read_text() == schema.render(), (
        "schema.prisma is stale: run `python scripts/generate_schema.py` and commit it")


def test_generation_is_deterministic():
    assert schema.render() == schema.render()


def test_account_column_added_to_scoped_models_only():
    out = schema.generate(LITELLM, "model Alchemi_X {\n  id String @id\n}", ["LiteLLM_TeamTable"], "9.9.9")
    team = re.search(r"model LiteLLM_TeamTable \{(.*?)\n\}", out, re.S).group(1)
    config = re.search(r"model LiteLLM_Config \{(.*?)\n\}", out, re.S).group(1)
    assert "account_id String?" in team and "@@index([account_id])" in team
    # fields before block attributes, as Prisma expects
    assert team.index("account_id String?") < team.index("@@index([spend])")
    assert "account_id" not in config
    assert "model Alchemi_X" in out
    assert "binaryTargets" not in out
    assert "LiteLLM 9.9.9" in out


def test_scoping_twice_does_not_duplicate():
    once = schema.generate(LITELLM, "", ["LiteLLM_TeamTable"], "1")
    body = once.split("// GENERATED", 1)[1]
    twice = schema.generate(body, "", ["LiteLLM_TeamTable"], "1")
    assert twice.count("account_id String?") == 1


def test_unknown_scoped_model_is_an_error():
    with pytest.raises(schema.SchemaError, match="LiteLLM_Nope"):
        schema.generate(LITELLM, "", ["LiteLLM_Nope"], "1")


def test_overlay_may_not_redefine_litellm_models():
    with pytest.raises(schema.SchemaError, match="LiteLLM_Config"):
        schema.generate(LITELLM, "model LiteLLM_Config {\n  x String @id\n}", [], "1")


def _scalar_columns(text: str) -> dict[str, set[str]]:
    """model -> columns that must exist, from the schema text (relation fields excluded)."""
    models = dict(re.findall(r"^model\s+(\w+)\s*\{(.*?)^\}", text, re.S | re.M))
    enums = set(re.findall(r"^enum\s+(\w+)", text, re.M))
    scalars = {"String", "Int", "BigInt", "Float", "Decimal", "Boolean", "DateTime", "Json", "Bytes"} | enums
    out: dict[str, set[str]] = {}
    for name, body in models.items():
        cols = set()
        for line in body.splitlines():
            m = re.match(r"\s*(\w+)\s+(\w+)(\[\])?\??", line)
            if m and not line.strip().startswith(("@@", "//")) and m.group(2) in scalars:
                mapped = re.search(r'@map\("([^"]+)"\)', line)
                cols.add(mapped.group(1) if mapped else m.group(1))
        table = re.search(r'@@map\("([^"]+)"\)', body)
        out[table.group(1) if table else name] = cols
    return out


def test_migrated_database_has_every_table_and_column_of_the_schema(database_factory):
    url = database_factory("schema")
    migrate(url)
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT table_name, column_name FROM information_schema.columns "
                            "WHERE table_schema = 'public'").fetchall()
    have: dict[str, set[str]] = {}
    for table, column in rows:
        have.setdefault(table, set()).add(column)
    missing = {t: sorted(cols - have.get(t, set())) for t, cols in _scalar_columns(schema.SCHEMA_PATH.read_text()).items()
               if cols - have.get(t, set())}
    assert missing == {}
