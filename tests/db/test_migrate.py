"""Migrations: LiteLLM's then ours, recorded, idempotent, serialised, tamper-evident."""
from __future__ import annotations

import shutil
import threading
from pathlib import Path

import psycopg
import pytest

from alchemi.db import migrate as m


@pytest.fixture()
def our_dir(tmp_path: Path) -> Path:
    d = tmp_path / "migrations"
    shutil.copytree(m.ALCHEMI_MIGRATIONS_DIR, d)
    return d


def test_order_is_litellm_then_alchemi():
    order = m.all_migrations()
    sources = [x.source for x in order]
    assert sources == sorted(sources, key=lambda s: s != "litellm")
    assert sources.count("litellm") >= 170
    names = [x.name for x in order if x.source == "litellm"]
    assert names == sorted(names)


def test_fresh_database_gets_everything_then_nothing(database_factory, our_dir):
    url = database_factory("migrate")
    total = len(m.all_migrations(our_dir))
    first = m.migrate(url, alchemi_dir=our_dir)
    assert len(first.applied) == total and first.already_applied == 0
    assert m.pending(url, our_dir) == []
    second = m.migrate(url, alchemi_dir=our_dir)
    assert second.applied == [] and second.already_applied == total
    with psycopg.connect(url) as conn:
        prisma_rows = conn.execute('SELECT count(*) FROM "_prisma_migrations" WHERE finished_at IS NOT NULL').fetchone()[0]
        ours = conn.execute('SELECT count(*) FROM "alchemi_migrations"').fetchone()[0]
        checksum = conn.execute('SELECT checksum FROM "_prisma_migrations" ORDER BY migration_name LIMIT 1').fetchone()[0]
    assert prisma_rows + ours == total
    assert len(checksum) == 64  # sha256, as `prisma migrate deploy` records it


def test_new_migration_is_applied_later(database_factory, our_dir):
    url = database_factory("migrate_new")
    m.migrate(url, alchemi_dir=our_dir)
    (our_dir / "29990101000000_add_thing").mkdir()
    (our_dir / "29990101000000_add_thing" / "migration.sql").write_text('CREATE TABLE "Alchemi_Thing" (id TEXT);')
    report = m.migrate(url, alchemi_dir=our_dir)
    assert report.applied == ["29990101000000_add_thing"]
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT to_regclass('\"Alchemi_Thing\"') IS NOT NULL").fetchone()[0]


def test_failed_migration_rolls_back_and_is_not_recorded(database_factory, our_dir):
    url = database_factory("migrate_fail")
    m.migrate(url, alchemi_dir=our_dir)
    bad = our_dir / "29990101000000_broken"
    bad.mkdir()
    (bad / "migration.sql").write_text('CREATE TABLE "Alchemi_Half" (id TEXT); SELECT no_such_function();')
    with pytest.raises(m.MigrationError, match="29990101000000_broken"):
        m.migrate(url, alchemi_dir=our_dir)
    with psycopg.connect(url) as conn:
        assert not conn.execute("SELECT to_regclass('\"Alchemi_Half\"') IS NOT NULL").fetchone()[0]
    assert [x.name for x in m.pending(url, our_dir)] == ["29990101000000_broken"]


def test_editing_an_applied_migration_is_refused(database_factory, our_dir):
    url = database_factory("migrate_edit")
    m.migrate(url, alchemi_dir=our_dir)
    applied = sorted(our_dir.iterdir())[0] / "migration.sql"
    applied.write_text(applied.read_text() + "\n-- edited\n")
    with pytest.raises(m.MigrationError, match="changed after it was applied"):
        m.migrate(url, alchemi_dir=our_dir)


def test_concurrent_replicas_apply_each_migration_once(database_factory, our_dir):
    url = database_factory("migrate_race")
    reports, errors = [], []

    def run():
        try:
            reports.append(m.migrate(url, alchemi_dir=our_dir))
        except Exception as e:  # collected and asserted below
            errors.append(e)
    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sum(len(r.applied) for r in reports) == len(m.all_migrations(our_dir))
