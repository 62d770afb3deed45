"""The benchmark's smoke run (`python -m bench.run --smoke`) completes, records every field,
and sees no errors. It never asserts a speed: the benchmark is not a timed test."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = ("a_upstream", "b_litellm", "c_alchemi_1", "d_alchemi_1000")
LEVELS = ("1", "8", "32")
RUN_FIELDS = ("concurrency", "duration_s", "requests", "errors", "rps", "p50_ms", "p90_ms", "p99_ms",
              "client_cpu_pct", "machine_busy_pct", "postgres_cpu_pct", "foreign_cpu_pct", "server")
RATIO_FIELDS = ("c_over_b_rps", "d_over_b_rps", "c_minus_b_p50_ms", "d_over_c_p99")
MANAGEMENT_CALLS = ("POST /key/generate", "GET /key/list", "GET /key/list?size=100", "GET /team/list")

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def result(tmp_path_factory) -> dict:
    out = tmp_path_factory.mktemp("bench")
    env = {**os.environ}
    if "TEST_DATABASE_URL" in env and "DATABASE_URL" not in env:
        env["DATABASE_URL"] = env["TEST_DATABASE_URL"]
    proc = subprocess.run([sys.executable, "-m", "bench.run", "--smoke", "--out", str(out)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=540)
    assert proc.returncode == 0, f"bench --smoke failed ({proc.returncode}):\n{proc.stderr[-6000:]}"
    jsons = sorted(out.glob("*-smoke.json"))
    assert len(jsons) == 1, list(out.iterdir())
    assert jsons[0].with_suffix(".md").exists(), "the markdown table was not written"
    assert "## Data plane" in proc.stdout, "the markdown was not printed"
    return json.loads(jsons[0].read_text())


def test_records_the_machine_versions_and_conditions(result):
    assert result["mode"] == "smoke"
    assert {"cpu_model", "cpus", "memory_gb", "python"} <= set(result["machine"])
    assert result["versions"]["litellm"] == "1.102.4"
    assert result["versions"]["postgresql"]
    assert len(result["quiet"]["loadavg_before"]) == 3 and len(result["loadavg_after"]) == 3
    assert isinstance(result["quiet"]["quiet"], bool)
    assert result["placement"] and result["started_at"] and result["finished_at"]


def test_every_configuration_at_every_concurrency(result):
    assert set(result["configs"]) == set(CONFIGS)
    for name in CONFIGS:
        load = result["configs"][name]["load"]
        assert set(load) == set(LEVELS), name
        for level in LEVELS:
            run = load[level]
            missing = [f for f in RUN_FIELDS if f not in run]
            assert not missing, (name, level, missing)
            assert {"cpu_pct", "rss_mb", "rss_peak_mb"} <= set(run["server"]), (name, level)
            if name != "a_upstream":
                assert "upstream" in run, (name, level)
        assert sum(load[level]["requests"] for level in LEVELS) > 0, f"{name} answered no request"


def test_no_errors(result):
    for name in CONFIGS:
        for level, run in result["configs"][name]["load"].items():
            assert run["errors"] == 0 and run["warmup_errors"] == 0, (name, level, run["error_kinds"])
    for name, plane in result["management"].items():
        for call, stats in plane["latency"].items():
            assert stats["errors"] == 0, (name, call)


def test_ratios_targets_ready_and_management_plane(result):
    assert set(result["ratios"]) == set(LEVELS)
    for level in LEVELS:
        assert set(RATIO_FIELDS) <= set(result["ratios"][level])
    assert set(result["targets"]) == {"c_over_b_rps", "c_minus_b_p50_ms", "d_over_c_p99", "ready_s"}
    ready = result["ready_s"]
    assert any(k.startswith("litellm") for k in ready)
    assert any("first start" in k and k.startswith("alchemi") for k in ready)
    assert any("restart" in k for k in ready)
    assert all(isinstance(v, (int, float)) and v > 0 for v in ready.values())
    assert set(result["management"]) == {"b_litellm", "d_alchemi_1000"}
    for plane in result["management"].values():
        assert set(plane["latency"]) == set(MANAGEMENT_CALLS)
        assert all(s["n"] > 0 for s in plane["latency"].values())
    d = result["management"]["d_alchemi_1000"]["rows"]
    assert d["accounts"] == result["plan"]["accounts"] and d["account_keys"] >= result["plan"]["mgmt_keys"]
