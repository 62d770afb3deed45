"""The embedded PostgreSQL: initialise, start, adopt, stop, survive a crash's leftovers."""
from __future__ import annotations

import os
import signal
import time

import psycopg
import pytest

from alchemi.db.embedded import EmbeddedPostgres, EmbeddedPostgresError
from tests.support.servers import free_port


@pytest.fixture()
def pg(tmp_path):
    server = EmbeddedPostgres(tmp_path / "data" / "pgdata", port=free_port())
    yield server
    server.stop()


def test_first_start_initialises_and_serves(pg):
    assert not pg.initialised()
    pg.start()
    assert pg.initialised() and pg.running() and pg.started_here
    url = pg.ensure_database("alchemi")
    assert pg.ensure_database("alchemi") == url  # idempotent
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == "alchemi"


def test_stop_then_restart_keeps_data(pg):
    pg.start()
    url = pg.ensure_database("keep")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE TABLE t (v int); INSERT INTO t VALUES (42)")
    pg.stop()
    assert not pg.running()
    pg.start()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT v FROM t").fetchone()[0] == 42


def test_a_second_handle_adopts_the_running_server(pg):
    pg.start()
    other = EmbeddedPostgres(pg.pgdata, port=pg.port)
    other.start()
    assert not other.started_here  # so it will not stop a server it did not start
    assert other.running()


def test_stale_pid_file_after_a_crash_is_handled(pg):
    pg.start()
    pid = pg._postmaster_pid()
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        if not pg.running():
            break
        time.sleep(0.1)
    assert (pg.pgdata / "postmaster.pid").exists()
    # children of a killed postmaster may hold the port for a moment
    time.sleep(1)
    pg.start()
    assert pg.running()
    with psycopg.connect(pg.url()) as conn:
        assert conn.execute("SELECT 1").fetchone()[0] == 1


def test_port_taken_is_a_clear_error(tmp_path, pg):
    pg.start()
    other = EmbeddedPostgres(tmp_path / "other" / "pgdata", port=pg.port)
    with pytest.raises(EmbeddedPostgresError, match="port .* is taken"):
        other.start()
