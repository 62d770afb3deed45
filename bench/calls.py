"""What the overlay makes LiteLLM do per request: (b) and (c) under cProfile, call counts compared.

    python -m bench.calls            # 1,000 sequential chat completions each
    python -m bench.calls -n 300 --top 40

Sampling profiles (bench.run --profile) say where time goes, but a few percent of extra work
spread over LiteLLM's own functions hides in their noise. Call counts are exact: both proxies
serve the same N sequential requests with cProfile on (deterministic, so slow: compare counts,
not times), and the functions whose calls per request differ most are printed. A function
called twice as often in (c) is work the overlay added, wherever it runs; this is how LiteLLM's
spend tracker running twice per request was found (bench/README.md, "Where the time goes").

Start-up and shutdown are in both profiles alike; a function that runs per request shows N or
a multiple of it. Nothing is asserted.
"""
from __future__ import annotations

import argparse
import contextlib
import pstats
import re
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench import gateway, pg
from bench.procs import ROOT, Placement, Servers, free_port, python_cmd
from bench.suite import MASTER_KEY, Plan, Suite, say

_TINY = Plan("calls", duration=1, warmup=0.1, rounds=1, concurrency=(1,), accounts=1, keys_per_account=1,
             teams_per_account=1, mgmt_keys=1, mgmt_teams=1, mgmt_samples=1, profile_seconds=1)


def _launch(suite: Suite, servers: Servers, out: Path, name: str, db_url: str):
    suite.interpreter_args = ("-m", "cProfile", "-o", str(out / f"{name}.prof"))
    try:
        server = suite.launch_vanilla(db_url) if name == "b" else suite.launch_alchemi("alchemi-calls", db_url)
    finally:
        suite.interpreter_args = ()
    return servers.wait_ready(server, "/health/readiness")


def _counts(path: Path) -> dict[str, int]:
    out: dict[str, int] = {}
    for (file, line, fn), (_cc, calls, *_rest) in pstats.Stats(str(path)).stats.items():
        where = file.split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        key = f"{re.sub(r' at 0x[0-9a-f]+', '', fn)} ({where}:{line})"  # builtins: no address
        out[key] = out.get(key, 0) + calls
    return out


def compare(b: dict[str, int], c: dict[str, int], requests: int, top: int) -> list[tuple[float, float, float, str]]:
    """(c − b, b, c) calls per request for the `top` functions whose count differs most."""
    rows = [((c.get(k, 0) - b.get(k, 0)) / requests, b.get(k, 0) / requests, c.get(k, 0) / requests, k)
            for k in set(b) | set(c)]
    rows.sort(key=lambda r: -abs(r[0]))
    return rows[:top]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.calls", description=__doc__.splitlines()[0])
    p.add_argument("-n", type=int, default=1000, help="sequential chat completions per proxy")
    p.add_argument("--top", type=int, default=30)
    args = p.parse_args(argv)
    with contextlib.ExitStack() as stack:
        out = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="alchemi-calls-")))
        pg_url, _ = stack.enter_context(pg.server())
        dbs = pg.Databases(pg_url)
        stack.callback(dbs.drop_all)
        servers = Servers(Placement(None, None), ROOT / "artifacts" / "logs" / "bench-calls")
        stack.callback(servers.stop_all)
        suite = Suite(_TINY, Placement(None, None), servers, dbs, None)
        template = dbs.create("calls_template")
        suite.migrate(template)
        port = free_port()
        upstream = servers.start("upstream", python_cmd("-m", "bench.upstream", "--port", str(port)),
                                 url=f"http://127.0.0.1:{port}", ready_path="/v1/models")
        timings = {}
        for name in ("b", "c"):
            say(f"starting ({name}) under cProfile")
            server = _launch(suite, servers, out, name, dbs.create(f"calls_{name}", template=template))
            if name == "b":
                key = gateway.add_model_and_key(server.url, MASTER_KEY, upstream.url)
            else:
                account = gateway.new_account(server.url, MASTER_KEY)
                key = gateway.add_model_and_key(server.url, account["admin_key"], upstream.url)
            gateway.wait_until_chat_works(server.url, key)
            with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {key}"}, timeout=60) as client:
                started = time.perf_counter()
                for _ in range(args.n):
                    r = client.post("/chat/completions", json=gateway.chat_body())
                    if r.status_code != 200:
                        raise SystemExit(f"({name}): HTTP {r.status_code}: {r.text[:300]}")
                timings[name] = (time.perf_counter() - started) / args.n * 1000
            servers.stop(server)  # cProfile writes its file as the process exits
        b, c = _counts(out / "b.prof"), _counts(out / "c.prof")
    print(f"{args.n} sequential requests each, under cProfile: (b) {timings['b']:.2f} ms, (c) {timings['c']:.2f} ms "
          "per request (profiled: compare counts, not times)\n")
    print(f"{'c-b':>9} {'b':>9} {'c':>9}  calls per request")
    for diff, per_b, per_c, fn in compare(b, c, args.n, args.top):
        print(f"{diff:+9.2f} {per_b:9.2f} {per_c:9.2f}  {fn[:140]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
