"""The benchmark's record: the machine and versions, the ratios against the targets, and the
markdown table written beside the JSON."""
from __future__ import annotations

import os
import platform
import subprocess
from datetime import datetime, timezone
from importlib import metadata

from bench.procs import ROOT

CONFIGS = {
    "a_upstream": "(a) fake upstream alone (floor)",
    "b_litellm": "(b) LiteLLM 1.102.4, no overlay",
    "c_alchemi_1": "(c) Alchemi, 1 account",
    "d_alchemi_1000": "(d) Alchemi, 1,000 accounts",
}
TARGETS = {"c_over_b_rps": 0.95, "c_minus_b_p50_ms": 1.0, "d_over_c_p99": 1.1, "ready_s": 10.0}
# 1-minute load average above this before our servers start: someone else is using the machine.
QUIET_LOADAVG = 1.0
# Median CPU used by processes that are not ours (nor PostgreSQL) during the runs, in % of a core.
QUIET_FOREIGN_PCT = 10.0


def _cpu_model() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def _run(cmd: list[str]) -> str | None:
    try:
        return subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=10).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        return None


def machine() -> dict:
    import psutil

    return {
        "cpu_model": _cpu_model(), "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
        "node": _run(["node", "--version"]),
    }


def versions(pg_version: str) -> dict:
    return {
        "litellm": _version("litellm"), "alchemi_console": _version("alchemi-console"),
        "git_commit": _run(["git", "rev-parse", "--short", "HEAD"]),
        "git_dirty": bool(_run(["git", "status", "--porcelain", "--untracked-files=no"])),
        "uvicorn": _version("uvicorn"), "prisma": _version("prisma"), "uvloop": _version("uvloop"),
        "postgresql": pg_version,
    }


def now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ratios(configs: dict) -> dict:
    """Per concurrency: (c)/(b) and (d)/(b) throughput, p50 added by (c) over (b), (d)/(c) p99."""
    out = {}
    b, c, d = (configs.get(k, {}).get("load", {}) for k in ("b_litellm", "c_alchemi_1", "d_alchemi_1000"))
    for level in b:
        if level not in c or level not in d:
            continue
        rb, rc, rd = b[level], c[level], d[level]
        div = lambda x, y: round(x / y, 3) if x is not None and y else None  # noqa: E731
        out[level] = {
            "c_over_b_rps": div(rc["rps"], rb["rps"]),
            "d_over_b_rps": div(rd["rps"], rb["rps"]),
            "c_minus_b_p50_ms": round(rc["p50_ms"] - rb["p50_ms"], 3) if rc["p50_ms"] and rb["p50_ms"] else None,
            "d_over_c_p99": div(rd["p99_ms"], rc["p99_ms"]),
            "c_over_b_cpu_per_request": div(rc.get("server_cpu_ms_per_request"), rb.get("server_cpu_ms_per_request")),
            "d_over_b_cpu_per_request": div(rd.get("server_cpu_ms_per_request"), rb.get("server_cpu_ms_per_request")),
        }
    return out


def verdicts(ratio: dict, ready: dict) -> dict:
    """Each target: met or missed, at every concurrency (targets are goals, never assertions)."""
    def every(name: str, ok) -> dict:
        vals = {lvl: r[name] for lvl, r in ratio.items()}
        met = all(v is not None and ok(v) for v in vals.values()) if vals else None
        return {"target": TARGETS[name], "values": vals, "met": met}

    ready_vals = {k: v for k, v in ready.items() if k.startswith("alchemi")}
    return {
        "c_over_b_rps": every("c_over_b_rps", lambda v: v >= TARGETS["c_over_b_rps"]),
        "c_minus_b_p50_ms": every("c_minus_b_p50_ms", lambda v: v <= TARGETS["c_minus_b_p50_ms"]),
        "d_over_c_p99": every("d_over_c_p99", lambda v: v <= TARGETS["d_over_c_p99"]),
        "ready_s": {"target": TARGETS["ready_s"], "values": ready_vals,
                    "met": all(v <= TARGETS["ready_s"] for v in ready_vals.values()) if ready_vals else None},
    }


def quiet(load_before: tuple[float, float, float], runs: list[dict]) -> dict:
    others = sorted(r.get("foreign_cpu_pct", 0.0) for r in runs)
    median_other = others[len(others) // 2] if others else 0.0
    is_quiet = load_before[0] <= QUIET_LOADAVG and median_other <= QUIET_FOREIGN_PCT
    return {"loadavg_before": [round(x, 2) for x in load_before], "median_foreign_cpu_pct": median_other,
            "quiet": is_quiet,
            "note": "quiet machine" if is_quiet else
            "NOT a quiet machine: other people's work was running (see the load average and the others' CPU "
            "column); numbers are disturbed"}


def _fmt(v, spec: str = ".1f") -> str:
    return "–" if v is None else format(v, spec)


def _bridge(server: dict) -> str:
    node = server.get("cpu_pct_by_process", {}).get("node")
    return f" ({node:.1f})" if node is not None else ""


def _db(run: dict) -> str:
    d = run.get("database")
    if not d:
        return "–"
    return f"{_fmt(d.get('xacts_per_request'), '.2f')} ({_fmt(d.get('rows_read_per_request'), '.1f')})"


def markdown(r: dict) -> str:
    m, v, q = r["machine"], r["versions"], r["quiet"]
    lines = [
        f"# Alchemi benchmark — {r['mode']} run, {r['finished_at']}", "",
        f"- Machine: {m['cpu_model']}, {m['cpus']} CPUs, {m['memory_gb']} GiB RAM, {m['os']}, Python {m['python']}, "
        f"Node {m['node']}",
        f"- Versions: litellm {v['litellm']}, alchemi-console {v['alchemi_console']} (git {v['git_commit']}"
        f"{', dirty' if v['git_dirty'] else ''}), uvicorn {v['uvicorn']}, prisma {v['prisma']}, "
        f"PostgreSQL {v['postgresql']} ({r['database']})",
        f"- CPU placement: {r['placement']}; {r['plan']['rounds']} interleaved round(s) of {r['plan']['duration']} s "
        f"per run after {r['plan']['warmup']} s warm-up, median round reported; POST /chat/completions, "
        f"non-streaming, one virtual key; `alchemi migrate` of an empty database: {r['migrate_s']} s",
        f"- Load average before / after: {q['loadavg_before']} / {r['loadavg_after']}; "
        f"median CPU used by other people's processes during the runs: {q['median_foreign_cpu_pct']}% of a core "
        f"— **{q['note']}**", "",
        "## Data plane", "",
        "| configuration | conc. | RPS | p50 ms | p90 ms | p99 ms | errors | server CPU % (of it Node bridge) "
        "| server CPU ms / request | DB transactions / request (rows read) | server RSS MB "
        "| upstream CPU % | client CPU % | PostgreSQL CPU % | others' CPU % |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for key, label in CONFIGS.items():
        for level, x in r["configs"].get(key, {}).get("load", {}).items():
            up = x.get("upstream", {}).get("cpu_pct")
            lines.append(f"| {label} | {level} | {_fmt(x['rps'])} | {_fmt(x['p50_ms'], '.2f')} | "
                         f"{_fmt(x['p90_ms'], '.2f')} | {_fmt(x['p99_ms'], '.2f')} | {x['errors']} | "
                         f"{_fmt(x['server']['cpu_pct'])}{_bridge(x['server'])} | "
                         f"{_fmt(x.get('server_cpu_ms_per_request'), '.2f')} | {_db(x)} | {_fmt(x['server']['rss_mb'])} | {_fmt(up)} | "
                         f"{_fmt(x['client_cpu_pct'])} | {_fmt(x.get('postgres_cpu_pct'))} | "
                         f"{_fmt(x.get('foreign_cpu_pct'))} |")
    lines += ["", "## Ratios against the targets", "",
              "| concurrency | (c)/(b) RPS (≥ 0.95) | (d)/(b) RPS | (c)−(b) p50 ms (≤ +1) | (d)/(c) p99 (≤ 1.1) "
              "| (c)/(b) CPU per request | (d)/(b) CPU per request |",
              "|---:|---:|---:|---:|---:|---:|---:|"]
    for level, x in r["ratios"].items():
        lines.append(f"| {level} | {_fmt(x['c_over_b_rps'], '.3f')} | {_fmt(x['d_over_b_rps'], '.3f')} | "
                     f"{_fmt(x['c_minus_b_p50_ms'], '+.2f')} | {_fmt(x['d_over_c_p99'], '.3f')} | "
                     f"{_fmt(x['c_over_b_cpu_per_request'], '.3f')} | {_fmt(x['d_over_b_cpu_per_request'], '.3f')} |")
    lines += ["", "| target | met? |", "|---|---|"]
    for name, t in r["targets"].items():
        lines.append(f"| {name} (goal {t['target']}) | {'yes' if t['met'] else 'no' if t['met'] is False else '–'} |")
    lines += ["", "## Time to ready", "", "| server | seconds |", "|---|---:|"]
    for name, s in r["ready_s"].items():
        lines.append(f"| {name} | {_fmt(s, '.2f')} |")
    lines.append("")
    for key, info in r["configs"].items():
        for field, when in (("boot_steps_s", "first start"), ("restart_boot_steps_s", "restart")):
            steps = info.get(field)
            if steps:
                slow = ", ".join(f"{k} {v:.1f} s" for k, v in steps.items() if v >= 0.1) or "none over 0.1 s"
                lines.append(f"- {CONFIGS[key]}, {when}: `alchemi serve` steps took {sum(steps.values()):.1f} s "
                             f"({slow}); the rest is importing LiteLLM and its start-up")
    lines += ["", "## Management plane (sequential requests)", ""]
    for key, plane in r["management"].items():
        lines += [f"{plane['description']}", "", "| request | n | p50 ms | p90 ms | max ms | errors | answer |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for req, s in plane["latency"].items():
            lines.append(f"| {req} | {s.get('n', 0)} | {_fmt(s.get('p50_ms'), '.1f')} | {_fmt(s.get('p90_ms'), '.1f')} | "
                         f"{_fmt(s.get('max_ms'), '.1f')} | {s['errors']} | {s.get('answer') or ''} |")
        lines.append("")
    if r.get("profiles"):
        lines += ["## Profiles (py-spy, share of samples by component)", ""]
        for key, p in r["profiles"].items():
            comps = ", ".join(f"{k} {v}%" for k, v in list(p["components_pct"].items())[:8])
            lines.append(f"- {CONFIGS.get(key, key)}: {p['samples']} samples — {comps}")
            ours = ", ".join(f"{k} {v}%" for k, v in list(p["overlay_own_by_function_pct"].items())[:6])
            lines.append(f"  - overlay's own time: {p['overlay_own_pct']}% of samples" + (f" ({ours})" if ours else ""))
        lines.append("")
    return "\n".join(lines)
