"""Runs the bridge's Node unit tests (tests/bridge/node/*.test.mjs: parser, translation,
results, errors, column types, connection URLs, metrics) with `node --test`, so that
`make test` covers them."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from pathlib import Path

import pytest

NODE_TESTS = Path(__file__).resolve().parent / "node"


def litellm_schema() -> str | None:
    """LiteLLM's schema.prisma, for the test that translates against it (skipped without it)."""
    spec = importlib.util.find_spec("litellm")
    if spec is None or spec.origin is None:
        return None
    schema = Path(spec.origin).parent / "proxy" / "schema.prisma"
    return str(schema) if schema.exists() else None


def test_node_unit_tests():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    files = sorted(str(p) for p in NODE_TESTS.glob("*.test.mjs"))
    env = {**os.environ, "LITELLM_SCHEMA": litellm_schema() or ""}
    result = subprocess.run([node, "--test", *files], capture_output=True, text=True, env=env, timeout=120)
    failures = [line for line in result.stdout.splitlines() if line.startswith("not ok")]
    assert result.returncode == 0, "\n".join(failures) + "\n\n" + result.stdout[-4000:] + result.stderr[-2000:]
