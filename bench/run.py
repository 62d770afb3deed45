"""Alchemi against vanilla LiteLLM, side by side, in one run on one machine and one PostgreSQL.

    python -m bench.run            # full: 3 rounds of 10 s runs, 1,000 accounts x 100 keys (make bench)
    python -m bench.run --smoke    # seconds-long: 1 round of 1 s runs, 20 accounts x 5 keys (make bench-smoke)
    python -m bench.run --profile  # also py-spy each proxy under load (`.venv/bin/pip install py-spy`)

Configurations, each at concurrency 1 / 8 / 32, fixed duration after an unmeasured warm-up,
POST /chat/completions (non-streaming) with one virtual key:
(a) the fake upstream alone (the floor, bench/upstream.py);
(b) LiteLLM 1.102.4 with no overlay: `uvicorn litellm.proxy.proxy_server:app` with the
    environment `alchemi serve` sets, on its own copy of a database `alchemi migrate` made;
(c) Alchemi (`alchemi serve`) with 1 account, made through the super admin API;
(d) Alchemi on a database with 999 other accounts of 100 keys each (seeded with COPY).
Then the management plane with 10,000 keys in the measured account, and time to ready.

Writes `<out>/<timestamp>-<mode>.json` and `.md` (bench/results/ for a full run,
artifacts/bench/ for a smoke run) and prints the markdown. Nothing is asserted: targets are
goals, reported as met or missed.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import time
from dataclasses import asdict, replace
from pathlib import Path

from bench import pg, report
from bench.procs import ROOT, Placement, Servers
from bench.suite import Plan, Suite, say

FULL = Plan("full", duration=10.0, warmup=2.0, rounds=3, concurrency=(1, 8, 32), accounts=1000,
            keys_per_account=100, teams_per_account=2, mgmt_keys=10_000, mgmt_teams=50, mgmt_samples=30,
            profile_seconds=20.0)
SMOKE = Plan("smoke", duration=1.0, warmup=0.2, rounds=1, concurrency=(1, 8, 32), accounts=20,
             keys_per_account=5, teams_per_account=1, mgmt_keys=50, mgmt_teams=5, mgmt_samples=3,
             profile_seconds=3.0, parallel_start=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--smoke", action="store_true", help="seconds-long run with tiny data (CI)")
    p.add_argument("--out", type=Path, help="directory for the JSON and markdown results")
    p.add_argument("--duration", type=float, help="seconds per measured run")
    p.add_argument("--warmup", type=float, help="unmeasured seconds before each run")
    p.add_argument("--rounds", type=int, help="interleaved rounds (the median round is reported)")
    p.add_argument("--accounts", type=int, help="accounts in (d), the measured one included")
    p.add_argument("--profile", action="store_true", help="py-spy each proxy under load (concurrency 8)")
    p.add_argument("--no-pin", action="store_true", help="do not pin servers and load generator to CPUs")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    plan = replace(plan, **{k: getattr(args, k) for k in ("duration", "warmup", "rounds", "accounts")
                            if getattr(args, k) is not None})
    if args.profile:
        from bench.profile import py_spy

        if py_spy() is None:  # before any measuring, so a long run is never lost at its profile step
            raise SystemExit("--profile needs py-spy: .venv/bin/pip install py-spy")
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out_dir = (args.out or ROOT / ("artifacts/bench" if args.smoke else "bench/results")).resolve()
    placement = Placement.choose(not args.no_pin)
    placement.pin_self_to_client()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # unwind: stop servers, drop databases
    load_before = os.getloadavg()
    started = report.now()
    say(f"{plan.mode} run; {placement.describe()}; load average {load_before}")

    with contextlib.ExitStack() as stack:
        pg_url, pg_kind = stack.enter_context(pg.server())
        dbs = pg.Databases(pg_url)
        stack.callback(dbs.drop_all)
        servers = Servers(placement, ROOT / "artifacts" / "logs" / "bench")
        stack.callback(servers.stop_all)
        suite = Suite(plan, placement, servers, dbs, out_dir / "profiles" / stamp if args.profile else None)
        phases: dict[str, float] = {}
        for phase in ("set_up", "measure", "profile", "management_plane", "restart"):
            say(phase.replace("_", " "))
            t0 = time.monotonic()
            out = getattr(suite, phase)()
            phases[phase] = round(time.monotonic() - t0, 1)
            if phase == "measure":
                loads = out
        pg_version = pg.server_version(pg_url)

    configs = {name: {**suite.info.get(name, {}), "load": levels} for name, levels in loads.items()}
    ratios = report.ratios(configs)
    result = {
        "mode": plan.mode, "started_at": started, "finished_at": report.now(), "plan": asdict(plan),
        "machine": report.machine(), "versions": report.versions(pg_version), "database": pg_kind,
        "placement": placement.describe(), "migrate_s": suite.info.get("migrate_s"),
        "quiet": report.quiet(load_before, [r for c in loads.values() for r in c.values()]),
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "configs": configs, "ratios": ratios, "targets": report.verdicts(ratios, suite.ready),
        "ready_s": suite.ready, "management": suite.management, "profiles": suite.profiles,
        "phase_s": phases,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    base = out_dir / f"{stamp}-{plan.mode}"
    Path(f"{base}.json").write_text(json.dumps(result, indent=2) + "\n")
    md = report.markdown(result)
    Path(f"{base}.md").write_text(md + "\n")
    print(md)
    say(f"wrote {base}.json and {base}.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
