"""`alchemi doctor`: check everything the console needs; print each problem with its fix."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, requires, version


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _pinned_litellm() -> str | None:
    for req in requires("alchemi-console") or []:
        m = re.fullmatch(r"litellm==([\w.]+)", req.split(";")[0].strip())
        if m:
            return m.group(1)
    return None


def check_python() -> Check:
    ok = sys.version_info[:2] == (3, 11)
    return Check("Python 3.11", ok, sys.version.split()[0], "use Python 3.11 (make setup creates .venv with it)")


def check_litellm_pin() -> Check:
    pinned = _pinned_litellm()
    try:
        installed = version("litellm")
    except PackageNotFoundError:
        return Check("LiteLLM pin", False, "litellm not installed", "make setup")
    return Check("LiteLLM pin", installed == pinned, f"installed {installed}, pinned {pinned}",
                 "pip install -e . (reinstalls the pinned version)")


def check_no_enterprise() -> Check:
    try:
        v = version("litellm-enterprise")
    except PackageNotFoundError:
        return Check("litellm-enterprise absent", True, "not installed")
    return Check("litellm-enterprise absent", False, f"version {v} is installed (proprietary)",
                 "pip uninstall -y litellm-enterprise")


def check_python_deps() -> Check:
    missing = []
    for req in requires("alchemi-console") or []:
        if "extra ==" in req:
            continue
        name = re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0]
        try:
            version(name)
        except PackageNotFoundError:
            missing.append(name)
    return Check("Python dependencies", not missing, "all installed" if not missing else f"missing {missing}",
                 "pip install -e .")


def check_node() -> Check:
    node = shutil.which("node")
    if not node:
        return Check("Node.js", False, "not found", "install Node.js 18+ (Debian: apt-get install nodejs npm)")
    out = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    major = int(out.lstrip("v").split(".")[0] or 0)
    return Check("Node.js", major >= 18, out, "install Node.js 18 or newer")


def check_bridge() -> Check:
    from alchemi import bridge

    if not bridge.node_modules_installed():
        return Check("Prisma engine bridge", False, "npm packages not installed", "make setup")
    r = subprocess.run([str(bridge.QUERY_ENGINE), "--version"], capture_output=True, text=True)
    ok = r.returncode == 0 and bridge.ENGINE_COMMIT in r.stdout
    return Check("Prisma engine bridge", ok, r.stdout.strip() or r.stderr.strip(), "make setup")


def check_client() -> Check:
    from alchemi.db import client

    try:
        ok = client.is_current()
    except client.ClientGenerationError as e:
        return Check("Prisma client", False, str(e), "make setup")
    return Check("Prisma client", ok, "matches schema.prisma" if ok else "stale or not generated",
                 "make setup (runs prisma generate)")


def check_seams() -> Check:
    from alchemi import seams
    from alchemi.overlay import prepare

    prepare()
    broken = [f"{s.name}: {p}" for s in seams.SEAMS if (p := s.problem())]
    return Check("LiteLLM seams", not broken, f"{len(seams.SEAMS)} verified" if not broken else "; ".join(broken),
                 "LiteLLM moved an internal we rely on: see CUSTOMIZATIONS.md")


def check_database() -> list[Check]:
    import psycopg

    from alchemi.db.embedded import EmbeddedPostgres
    from alchemi.db.migrate import pending
    from alchemi.settings import Settings

    settings = Settings.from_env()
    if settings.uses_embedded_database:
        pg = EmbeddedPostgres(settings.pgdata, port=settings.embedded_pg_port)
        if not pg.initialised():
            return [Check("Database", True, f"embedded, not initialised yet ({settings.pgdata}); "
                                            "alchemi serve will create it")]
        if not pg.running():
            return [Check("Database", True, "embedded, stopped; alchemi serve starts it")]
        url = pg.url(settings.embedded_db_name)
    else:
        url = settings.database_url
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as e:
        return [Check("Database", False, f"cannot connect: {str(e).strip()}",
                      "check DATABASE_URL and that PostgreSQL is running")]
    todo = pending(url)
    return [Check("Database", True, "reachable"),
            Check("Migrations", not todo, "all applied" if not todo else f"{len(todo)} pending",
                  "alchemi migrate")]


CHECKS: list[Callable[[], Check | list[Check]]] = [
    check_python, check_litellm_pin, check_no_enterprise, check_python_deps, check_node, check_bridge,
    check_client, check_seams, check_database,
]


def run() -> int:
    problems = 0
    for fn in CHECKS:
        try:
            results = fn()
        except Exception as e:  # a broken check is itself a problem to report, not a crash
            results = Check(fn.__name__.removeprefix("check_"), False, f"check failed: {e}", "see the error")
        for c in results if isinstance(results, list) else [results]:
            mark = "ok  " if c.ok else "FAIL"
            print(f"[{mark}] {c.name}: {c.detail}")
            if not c.ok:
                problems += 1
                print(f"       fix: {c.fix}")
    print(f"\n{problems} problem{'s' if problems != 1 else ''} found")
    return 1 if problems else 0
