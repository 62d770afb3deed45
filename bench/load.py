"""Running load against a server: the data plane (the load generator in its own process on the
client CPU, the server's process tree metered in the counted window) and the management plane
(sequential admin requests, one at a time)."""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time

import httpx

from collections.abc import Callable

from bench.procs import ROOT, Placement, Server, TreeMeter


class Census:
    """CPU used over the window by every process on the machine, split into ours (the servers'
    trees, the load generator, this orchestrator), PostgreSQL's (shared with whoever else uses
    that server) and everyone else's: how disturbed a run was. Kernel time spent outside any
    process (loopback networking in softirq) is in `machine_busy_pct` only."""

    def __init__(self, ours: Callable[[], set[int]]) -> None:
        import psutil

        self._psutil = psutil
        self._ours = ours

    def _snapshot(self) -> dict[int, tuple[str, float]]:
        out = {}
        for p in self._psutil.process_iter(["name", "cpu_times"]):
            t = p.info["cpu_times"]
            if t is not None:
                out[p.pid] = (p.info["name"] or "", t.user + t.system)
        return out

    def _busy(self) -> float:
        t = self._psutil.cpu_times()
        return sum(t) - t.idle - getattr(t, "iowait", 0.0) - getattr(t, "steal", 0.0) \
            - getattr(t, "guest", 0.0) - getattr(t, "guest_nice", 0.0)

    def start(self) -> None:
        self._t0, self._b0, self._s0 = time.perf_counter(), self._busy(), self._snapshot()

    def stop(self) -> None:
        self._t1, self._b1, self._s1 = time.perf_counter(), self._busy(), self._snapshot()
        self._own = self._ours()

    def result(self) -> dict:
        window = max(self._t1 - self._t0, 1e-9)
        shares = {"ours": 0.0, "postgres": 0.0, "foreign": 0.0}
        for pid, (name, cpu) in self._s1.items():
            used = cpu - self._s0.get(pid, (name, 0.0))[1]
            kind = "ours" if pid in self._own else "postgres" if name.startswith("postgres") else "foreign"
            shares[kind] += used
        pct = lambda v: round(100 * v / window, 1)  # noqa: E731
        return {"machine_busy_pct": pct(self._b1 - self._b0), "postgres_cpu_pct": pct(shares["postgres"]),
                "foreign_cpu_pct": pct(shares["foreign"])}


class DbMeter:
    """What the server asked of its database over the window, from `pg_stat_database` (each
    configuration has a database of its own): transactions (every statement outside an explicit
    transaction is one) and rows read. PostgreSQL publishes a backend's counts within about a
    second, so a window of several seconds under steady load is measured closely; a 1 s smoke run
    only roughly."""

    _SQL = ("SELECT xact_commit + xact_rollback, tup_returned + tup_fetched, "
            "tup_inserted + tup_updated + tup_deleted FROM pg_stat_database WHERE datname = %s")

    def __init__(self, database_url: str) -> None:
        from urllib.parse import urlsplit

        self.url, self.name = database_url, urlsplit(database_url).path.lstrip("/")

    def _read(self) -> tuple[int, int, int]:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            return conn.execute(self._SQL, (self.name,)).fetchone()

    def start(self) -> None:
        self._s0 = self._read()

    def stop(self) -> None:
        self._s1 = self._read()

    def result(self, requests: int) -> dict:
        per = lambda i: round((self._s1[i] - self._s0[i]) / requests, 2) if requests else None  # noqa: E731
        return {"xacts_per_request": per(0), "rows_read_per_request": per(1), "rows_written_per_request": per(2)}


def run_load(placement: Placement, *, url: str, body: dict, headers: list[str], concurrency: int,
             duration: float, warmup: float, servers: dict[str, Server], expect: str = "choices",
             also_ours: list[Server] = (), database_url: str | None = None) -> dict:
    """One fixed-duration run; servers maps a label ("server", "upstream") to what is metered;
    `also_ours` are our other servers (idle meanwhile), counted as ours in the census;
    `database_url`, the server's own database, is metered too."""
    cmd = [sys.executable, "-m", "bench.loadgen", "--url", url, "--body", json.dumps(body),
           "--concurrency", str(concurrency), "--duration", str(duration), "--warmup", str(warmup),
           "--expect", expect]
    for h in headers:
        cmd += ["--header", h]
    meters = {label: TreeMeter(s) for label, s in servers.items()}
    proc_holder: list[subprocess.Popen] = []

    def ours() -> set[int]:
        pids = {os.getpid(), *(p.pid for p in proc_holder)}
        for server in [*servers.values(), *also_ours]:
            pids.update(p.pid for p in server.tree())
        return pids

    census = Census(ours)
    db = DbMeter(database_url) if database_url else None
    result: dict | None = None
    cpus = placement.client
    preexec = (lambda: os.sched_setaffinity(0, cpus)) if cpus is not None else None
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
                            preexec_fn=preexec)
    proc_holder.append(proc)
    try:
        for line in proc.stdout:
            line = line.strip()
            if line == "measure-start":
                if db:
                    db.start()
                census.start()
                for m in meters.values():
                    m.start()
            elif line == "measure-end":
                if db:
                    db.stop()
                census.stop()
                for m in meters.values():
                    m.stop()
            elif line.startswith("{"):
                result = json.loads(line)
        proc.wait(duration + warmup + 120)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    if proc.returncode != 0 or result is None:
        raise RuntimeError(f"load generator failed ({proc.returncode}): {proc.stderr.read()[-2000:]}")
    for label, m in meters.items():
        result[label] = m.result()
    result.update(census.result())
    if db:
        result["database"] = db.result(result.get("requests") or 0)
    # CPU the server spent per answered request: the overlay's cost in a form that a busy
    # machine disturbs far less than throughput or latency (it is not shared out by the scheduler).
    if result["rps"]:
        result["server_cpu_ms_per_request"] = round(10 * result["server"]["cpu_pct"] / result["rps"], 3)
    return result


def median_round(runs: list[dict]) -> dict:
    """One configuration at one concurrency over several rounds: the median of each rate and
    latency, errors and requests summed, the largest RSS; each round kept in brief."""
    if len(runs) == 1:
        return {**runs[0], "rounds": 1}

    def med(get):
        values = sorted(v for v in (get(r) for r in runs) if v is not None)
        return statistics.median(values) if values else None

    out = dict(runs[0])
    for k in ("rps", "p50_ms", "p90_ms", "p99_ms", "mean_ms", "client_cpu_pct", "machine_busy_pct",
              "postgres_cpu_pct", "foreign_cpu_pct", "server_cpu_ms_per_request"):
        out[k] = med(lambda r, k=k: r.get(k))
    out["max_ms"] = max(r["max_ms"] or 0 for r in runs)
    if "database" in runs[0]:
        out["database"] = {k: med(lambda r, k=k: r["database"][k]) for k in runs[0]["database"]}
    for k in ("requests", "errors", "warmup_errors"):
        out[k] = sum(r[k] for r in runs)
    out["error_kinds"] = {}
    for r in runs:
        for kind, n in r["error_kinds"].items():
            out["error_kinds"][kind] = out["error_kinds"].get(kind, 0) + n
    for label in ("server", "upstream"):
        if label in runs[0]:
            out[label] = {"cpu_pct": med(lambda r: r[label]["cpu_pct"]),
                          "rss_mb": max(r[label]["rss_mb"] for r in runs),
                          "rss_peak_mb": max(r[label]["rss_peak_mb"] for r in runs),
                          "processes": runs[-1][label]["processes"],
                          "cpu_pct_by_process": {k: med(lambda r, k=k: r[label]["cpu_pct_by_process"].get(k))
                                                 for k in runs[-1][label]["cpu_pct_by_process"]}}
    out["rounds"] = len(runs)
    out["per_round"] = [{k: r.get(k) for k in ("rps", "p50_ms", "p99_ms", "errors", "server_cpu_ms_per_request",
                                               "foreign_cpu_pct")} for r in runs]
    return out


def latency_stats(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    if not ms:
        return {"n": 0}
    pick = lambda q: ms[min(len(ms) - 1, max(0, int(q / 100 * len(ms) + 0.999999) - 1))]  # noqa: E731
    return {"n": len(ms), "p50_ms": round(pick(50), 2), "p90_ms": round(pick(90), 2), "max_ms": round(ms[-1], 2),
            "mean_ms": round(statistics.fmean(ms), 2)}


def management_plane(url: str, key: str, *, model: str, samples: int, warmup: int = 2) -> dict:
    """Latency of /key/generate, /key/list and /team/list as `key`, sequentially (the admin UI's
    pattern), after `warmup` unrecorded calls of each. Every answer must be 200."""
    calls = {
        "POST /key/generate": lambda c: c.post("/key/generate", json={"models": [model], "key_alias": None}),
        "GET /key/list": lambda c: c.get("/key/list"),
        "GET /key/list?size=100": lambda c: c.get("/key/list", params={"size": 100}),
        "GET /team/list": lambda c: c.get("/team/list"),
    }
    out: dict[str, dict] = {}
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}, timeout=120) as c:
        for name, call in calls.items():
            times, errors, sizes = [], 0, None
            for i in range(warmup + samples):
                t0 = time.perf_counter()
                r = call(c)
                elapsed = time.perf_counter() - t0
                if r.status_code != 200:
                    errors += 1
                    continue
                if i >= warmup:
                    times.append(elapsed)
                if sizes is None:
                    sizes = _size(r.json())
            out[name] = {**latency_stats(times), "errors": errors, "answer": sizes}
    return out


def _size(payload) -> dict:
    """What an answer held (so a fast answer that returned nothing is visible)."""
    if isinstance(payload, list):
        return {"items": len(payload)}
    if isinstance(payload, dict):
        if "keys" in payload:
            return {"items": len(payload["keys"]), "total": payload.get("total_count")}
        if "key" in payload:
            return {"created": True}
    return {}
