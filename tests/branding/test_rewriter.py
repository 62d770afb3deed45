"""The rewriter's unit tests (tests/branding/node/*.test.mjs), run with Node's test runner."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from alchemi.branding import build


def test_rewriter_unit_tests_pass():
    if not build.node_modules_installed():
        build.install_node_modules()
    tests = sorted(str(p) for p in (Path(__file__).parent / "node").glob("*.test.mjs"))
    proc = subprocess.run([shutil.which("node") or "node", "--test", *tests], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-6000:] + proc.stderr[-2000:]
    assert "# fail 0" in proc.stdout
