"""`alchemi doctor` reports each check, and each problem with its fix."""
from __future__ import annotations

import subprocess
import sys

from tests.support.servers import alchemi_env


def _doctor(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alchemi.cli", "doctor"], capture_output=True, text=True,
                          env=alchemi_env(**env), timeout=120)


def test_healthy_installation(database_factory):
    from alchemi.db.migrate import migrate

    url = database_factory("doctor")
    migrate(url)
    r = _doctor(DATABASE_URL=url)
    assert r.returncode == 0, r.stdout + r.stderr
    for name in ["LiteLLM pin", "litellm-enterprise absent", "Node.js", "Prisma engine bridge", "Prisma client",
                 "LiteLLM seams", "Database", "Migrations"]:
        assert f"[ok  ] {name}" in r.stdout, (name, r.stdout)
    assert "0 problems found" in r.stdout


def test_pending_migrations_are_a_problem_with_a_fix(database_factory):
    r = _doctor(DATABASE_URL=database_factory("doctor_empty"))
    assert r.returncode == 1
    assert "[FAIL] Migrations:" in r.stdout and "fix: alchemi migrate" in r.stdout


def test_unreachable_database_is_a_problem_with_a_fix():
    r = _doctor(DATABASE_URL="postgresql://postgres@127.0.0.1:1/nowhere")
    assert r.returncode == 1
    assert "[FAIL] Database: cannot connect" in r.stdout
    assert "fix: check DATABASE_URL" in r.stdout
