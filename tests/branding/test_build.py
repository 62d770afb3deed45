"""The branding build on the pinned wheel's dashboard: what it produces, that it is keyed and
idempotent, and that it refuses a dashboard edited in place."""
from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from alchemi.branding import build


def test_build_rebrands_the_pinned_dashboard(branded):
    target, report = branded
    assert report is not None and report["problems"] == []
    assert report["files"]["rewritten"]["html"] >= 50 and report["files"]["rewritten"]["js"] >= 40
    assert report["literals"]["rewritten"] > 300
    assert report["protected"] and all("LiteLLM" in name for name in report["protected"])
    index = (target / "index.html").read_text()
    assert "<title>Alchemi Studio Console</title>" in index
    assert index.count('<script src="/ui/alchemi/brand.js"></script>') == 1
    assert "LiteLLM" not in (target / "login" / "index.html").read_text()
    for name in ("brand.js", "alchemi-logo.png", "alchemi-logo-dark.png", "favicon.ico"):
        assert (target / "alchemi" / name).is_file(), name
    assert (target / "favicon.ico").read_bytes() == (build.BRAND_ASSETS / "favicon.ico").read_bytes()
    stamp = json.loads((target / build.STAMP).read_text())
    assert target.name == stamp["key"][:16]


def test_the_dashboards_sign_out_hands_the_session_to_our_logout(branded):
    target, _ = branded
    chunks = [p.read_text() for p in target.rglob("*.js") if '"clearTokenCookies"' in p.read_text()]
    patched = [c for c in chunks if 'fetch("/alchemi/logout"' in c]
    assert len(patched) == 1, "exactly the one chunk defining clearTokenCookies is patched"
    at = patched[0].index('"clearTokenCookies"')
    body = patched[0][at:at + 1500]
    assert body.index('fetch("/alchemi/logout"') < body.index("document.cookie=`token=;")  # before the cookie goes


def test_build_keeps_functional_lowercase_names(branded):
    target, _ = branded
    src = build.dashboard_source()
    for needle in ("/litellm/.well-known/litellm-ui-config", "litellm_params", "x-litellm-api-key", "litellm_return_url"):
        original = sum(p.read_text().count(needle) for p in src.rglob("*.js"))
        branded_count = sum(p.read_text().count(needle) for p in target.rglob("*.js"))
        assert original > 0 and branded_count == original, needle


def test_build_is_skipped_when_nothing_changed(branded, ui_dir_root):
    target, _ = branded
    options = build.Options(output_root=ui_dir_root, docs_url=build.DEFAULT_DOCS_URL,
                            support_url=build.DEFAULT_SUPPORT_URL)
    started = time.monotonic()
    again, report = build.ensure_built(options)
    assert (again, report) == (target, None)
    assert time.monotonic() - started < 2
    assert build.current_build(options) == target


def test_build_key_follows_the_options(ui_dir_root):
    a = build.Options(output_root=ui_dir_root, docs_url="/ui/docs", support_url="/ui/support")
    b = build.Options(output_root=ui_dir_root, docs_url="https://docs.example.com", support_url="/ui/support")
    assert build.build_key(a) != build.build_key(b)
    assert build.build_key(a) == build.build_key(a)


def test_a_dashboard_edited_in_place_is_refused(tmp_path):
    src = build.dashboard_source()
    copy = tmp_path / "out"
    shutil.copytree(src, copy)
    record = build._wheel_record()
    build._verify_source(copy, record)
    (copy / "index.html").write_text((copy / "index.html").read_text().replace("<title>", "<title>x"))
    (copy / "extra.html").write_text("")
    with pytest.raises(build.BrandingError, match="changed index.html.*not in the wheel: extra.html|differs from the wheel"):
        build._verify_source(copy, record)


def test_options_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ALCHEMI_UI_DIR", str(tmp_path / "ui"))
    monkeypatch.setenv("ALCHEMI_DOCS_URL", "https://docs.example.com")
    monkeypatch.delenv("ALCHEMI_SUPPORT_URL", raising=False)
    options = build.Options.from_env()
    assert options == build.Options(Path(tmp_path / "ui"), "https://docs.example.com", build.DEFAULT_SUPPORT_URL)
    monkeypatch.delenv("ALCHEMI_UI_DIR")
    monkeypatch.setenv("ALCHEMI_CACHE_DIR", str(tmp_path / "cache"))
    assert build.Options.from_env().output_root == tmp_path / "cache" / "dashboard"
