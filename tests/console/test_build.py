"""The console build: keyed by the sources that reach the browser, a no-op when current, and
an export with our three pages under the /ui base path."""
from __future__ import annotations

import re
import shutil
import time

import pytest

from alchemi.console import build


@pytest.fixture(scope="module")
def built():
    target, _ = build.ensure_built()
    return target


def _copy_sources(dest):
    for path in build.sources():
        rel = path.relative_to(build.UI_DIR)
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest / rel)
    (dest / "tests").mkdir()
    (dest / "tests" / "x.test.tsx").write_text("test")
    return dest


def test_key_follows_the_sources_not_the_tests(tmp_path):
    ui = _copy_sources(tmp_path / "ui")
    key = build.build_key(ui)
    assert build.build_key(ui) == key
    (ui / "tests" / "x.test.tsx").write_text("changed test")
    assert build.build_key(ui) == key
    page = ui / "src" / "pages" / "login.tsx"
    page.write_text(page.read_text() + "\n// changed\n")
    assert build.build_key(ui) != key
    page.unlink()
    assert build.build_key(ui) != key


def test_sources_include_pages_config_lock_and_brand():
    names = {p.relative_to(build.UI_DIR).as_posix() for p in build.sources()}
    assert {"package-lock.json", "next.config.mjs", "src/pages/login.tsx", "src/pages/tenant-admin.tsx",
            "src/pages/invite.tsx", "brand/alchemi-logo.svg"} <= names
    assert not any(n.startswith(("node_modules/", "out/", ".next/", "tests/")) for n in names)


def test_a_current_build_is_a_no_op(built):
    started = time.monotonic()
    again, report = build.ensure_built()
    assert again == built and report is None
    assert time.monotonic() - started < 2
    assert build.current_build() == built


def test_the_export_has_our_pages_under_ui(built):
    for page in ("login", "tenant-admin", "invite"):
        html = (built / page / "index.html").read_text()
        assert "<title>Alchemi Studio Console</title>" in html
        scripts = re.findall(r'src="([^"]+\.js)"', html)
        assert scripts and all(s.startswith("/ui/_console/_next/static/") for s in scripts), scripts
        for s in scripts:
            assert (built / s.removeprefix("/ui/_console/")).is_file(), s
        assert "litellm" not in html.lower()
    stamp = (built / build.STAMP).read_text()
    assert build.build_key()[:16] in str(built) and '"key"' in stamp


def test_pruning_keeps_the_most_recent_builds(tmp_path):
    import os

    made = []
    for i in range(5):
        d = tmp_path / f"build{i}"
        d.mkdir()
        (d / build.STAMP).write_text("{}")
        os.utime(d / build.STAMP, (1000 + i, 1000 + i))
        made.append(d)
    (tmp_path / ".build-in-progress").mkdir()
    build._prune(tmp_path, keep=made[0])
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [".build-in-progress", "build0", "build3", "build4"]
