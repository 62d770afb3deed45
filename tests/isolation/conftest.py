"""The cross-tenant probe suite's fixtures: the route table, two seeded accounts, one run of the
probes (shared by every test), and the report printed and written at the end.

The route table is built by importing the app in a subprocess (tests/support/isolation_routes.py)
at collection time, because the tests are parametrized by its operations; the dump is cached in
artifacts/ under a fingerprint of the installed packages and our sources, so it is rebuilt
whenever either changes.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from tests.isolation import known_leaks
from tests.support.isolation_campaign import probed_operations

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
ROUTES_CACHE = ARTIFACTS / "isolation-routes.json"
REPORT = ARTIFACTS / "isolation-report.json"


def _fingerprint() -> str:
    h = hashlib.sha256()
    for dist in ("litellm", "fastapi", "starlette"):
        h.update(f"{dist}={version(dist)}\n".encode())
    for path in sorted((ROOT / "alchemi").rglob("*.py")) + [ROOT / "tests/support/isolation_routes.py"]:
        h.update(path.read_bytes())
    return h.hexdigest()


def load_route_table() -> dict:
    fingerprint = _fingerprint()
    if ROUTES_CACHE.exists():
        cached = json.loads(ROUTES_CACHE.read_text())
        if cached.get("fingerprint") == fingerprint:
            return cached
    ARTIFACTS.mkdir(exist_ok=True)
    tmp = ROUTES_CACHE.with_suffix(".tmp")
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "tests.support.isolation_routes", str(tmp)], cwd=ROOT, check=True,
                   timeout=300, stdout=subprocess.DEVNULL)
    table = json.loads(tmp.read_text())
    table["fingerprint"] = fingerprint
    table["built_in_s"] = round(time.monotonic() - start, 1)
    ROUTES_CACHE.write_text(json.dumps(table))
    tmp.unlink()
    return table


_TABLE: dict | None = None


def route_table() -> dict:
    global _TABLE
    if _TABLE is None:
        _TABLE = load_route_table()
    return _TABLE


# Which known-problem list marks which parametrized test.
KNOWN_BY_TEST = {
    "test_no_cross_tenant_leak": known_leaks.LEAKS,
    "test_no_server_error": known_leaks.SERVER_ERRORS,
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "op" not in metafunc.fixturenames or metafunc.function.__name__ not in KNOWN_BY_TEST:
        return
    known = KNOWN_BY_TEST[metafunc.function.__name__]
    params = []
    for op in probed_operations(route_table()["routes"]):
        marks = []
        if op.key in known:
            marks.append(pytest.mark.xfail(strict=True, reason=known[op.key].reason))
        elif known is known_leaks.LEAKS and op.key in known_leaks.TIMING_DEPENDENT_LEAKS:
            marks.append(pytest.mark.xfail(strict=False, reason=known_leaks.TIMING_DEPENDENT_LEAKS[op.key].reason))
        params.append(pytest.param(op.key, id=op.key, marks=marks))
    metafunc.parametrize("op", params)


def pytest_collection_modifyitems(config, items) -> None:
    """Tests that read the freshly seeded accounts run before the probe campaign, whose writes
    (B's objects named like A's, B's settings) would otherwise blur what they look at."""
    isolation = [i for i in items if "tests/isolation/" in str(i.fspath)]
    if not isolation:
        return
    first = [i for i in isolation if "campaign" not in getattr(i, "fixturenames", ())]
    rest = [i for i in isolation if "campaign" in getattr(i, "fixturenames", ())]
    start = items.index(isolation[0])
    others = [i for i in items if i not in set(isolation)]
    items[:] = others[:start] + first + rest + others[start:]


# ---- live fixtures -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def routes() -> list[dict]:
    return route_table()["routes"]


@pytest.fixture(scope="session")
def tenants(live_proxy, account_factory, fake_upstream, proxy_database) -> dict:
    """Accounts A and B, seeded one after the other with the same shapes through the API."""
    from tests.support.isolation_seed import seed, wait_for_spend

    start = time.monotonic()
    made = {label: seed(live_proxy.url, label, account_factory(f"iso{label}"), fake_upstream.url)
            for label in ("A", "B")}
    spend = wait_for_spend(proxy_database, list(made.values()))
    _STATE["seed_s"] = round(time.monotonic() - start, 1)
    _STATE["spend_rows"] = spend
    _STATE["tenants"] = made
    return made


@pytest.fixture(scope="session")
def suspended_account(account_factory, super_admin) -> dict:
    account = account_factory("isoSuspended")
    r = super_admin.delete(f"/account/{account['account_id']}")
    assert r.status_code == 200 and r.json()["status"] == "suspended", r.text
    return account


@pytest.fixture(scope="session")
def campaign(live_proxy, tenants, routes, proxy_database, suspended_account):
    """One run of every probe; the per-operation tests read its results."""
    from tests.conftest import MASTER_KEY
    from tests.support.isolation_campaign import Campaign

    run = Campaign(live_proxy.url, routes, tenants["A"], tenants["B"], proxy_database)
    results = run.run(master_key=MASTER_KEY, suspended_key=suspended_account["key"])
    _STATE["campaign"] = run
    return results


_STATE: dict = {}


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if "campaign" not in _STATE:
        return
    from tests.support.isolation_report import build_report, render

    tests: dict[str, list] = {}
    for outcome in ("passed", "failed", "error", "xfailed", "xpassed", "skipped"):
        for rep in terminalreporter.stats.get(outcome, []):
            if getattr(rep, "nodeid", "").startswith("tests/isolation/") and getattr(rep, "when", "call") in ("call", "setup"):
                tests.setdefault(outcome, []).append(
                    {"test": rep.nodeid.split("::", 1)[-1], "reason": getattr(rep, "wasxfail", "") or ""})
    report = build_report(_STATE, route_table(), tests)
    ARTIFACTS.mkdir(exist_ok=True)
    REPORT.write_text(json.dumps(report, indent=1, default=str))
    terminalreporter.write_line("")
    for line in render(report):
        terminalreporter.write_line(line)
    terminalreporter.write_line(f"(full report: {REPORT.relative_to(ROOT)})")
