"""The component tests of our pages (Vitest + Testing Library, in ui/tests/) and the type check
of ui/, run as part of the Python suite so `make test` covers them."""
from __future__ import annotations

import json
import subprocess

import pytest

from alchemi.console import build


@pytest.fixture(scope="module")
def ui_modules():
    if not build.node_modules_current():
        build.install_node_modules()
    return build.UI_DIR / "node_modules"


def test_component_tests_pass(ui_modules, tmp_path):
    report = tmp_path / "vitest.json"
    proc = subprocess.run(["node", str(ui_modules / "vitest" / "vitest.mjs"), "run", "--reporter=json",
                           f"--outputFile={report}"], cwd=build.UI_DIR, capture_output=True, text=True, timeout=600)
    assert report.is_file(), proc.stderr[-4000:]
    result = json.loads(report.read_text())
    failed = [f"{t['fullName']}: {' '.join(t.get('failureMessages') or [])[:500]}"
              for f in result["testResults"] for t in f["assertionResults"] if t["status"] != "passed"]
    assert failed == [] and proc.returncode == 0, "\n".join(failed) or proc.stderr[-4000:]
    files = {f["name"].rsplit("/", 1)[-1] for f in result["testResults"]}
    assert {"login.test.tsx", "tenant-admin.test.tsx", "invite.test.tsx", "navigation.test.ts"} <= files
    assert result["numPassedTests"] >= 40


def test_ui_type_checks(ui_modules):
    proc = subprocess.run(["node", str(ui_modules / "typescript" / "bin" / "tsc"), "--noEmit", "-p", "."],
                          cwd=build.UI_DIR, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-4000:]
