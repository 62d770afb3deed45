"""The branded console in a real browser (Debian's chromium, driven by playwright-core): no
visible upstream brand on the pages reachable signed out, nor on any sidebar page of an
account admin's session. Screenshots: artifacts/screenshots/branding/."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.branding.conftest import SCREENSHOTS

pytestmark = pytest.mark.e2e

PUBLIC_PAGES = ["/ui/", "/ui/login/", "/ui/model_hub/", "/ui/no-such-page/"]


def crawl(tmp_path, proxy, chromium, node_modules, *, prefix: str, token: str | None = None,
          public_pages: list[str] = ()) -> dict:
    config = {"base": proxy.url, "chromium": chromium, "shots": str(SCREENSHOTS), "prefix": prefix,
              "out": str(tmp_path / f"{prefix}crawl.json"), "token": token, "publicPages": list(public_pages),
              "nodeModules": str(node_modules)}
    (tmp_path / "crawl-config.json").write_text(json.dumps(config))
    proc = subprocess.run(["node", str(Path(__file__).with_name("crawl.mjs")),
                           str(tmp_path / "crawl-config.json")], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads((tmp_path / f"{prefix}crawl.json").read_text())
    (SCREENSHOTS / f"{prefix}crawl.json").write_text(json.dumps(result, indent=1))
    return result


def brand_mentions(pages: dict) -> list[str]:
    found = []
    for url, page in pages.items():
        found += [f"{url} title: {page['title']}"] if page["titleHit"] else []
        found += [f"{url} text: …{hit}…" for hit in page["textHits"]]
        found += [f"{url} attribute: {hit}" for hit in page["attrHits"]]
        found += [f"{url} link: {hit}" for hit in page["linkHits"]]
    return found


def test_signed_out_pages_show_no_upstream_brand(tmp_path, branded_proxy, chromium, node_modules):
    result = crawl(tmp_path, branded_proxy, chromium, node_modules, prefix="signed-out-", public_pages=PUBLIC_PAGES)
    assert set(result["pages"]) == set(PUBLIC_PAGES)
    assert brand_mentions(result["pages"]) == []
    login = result["pages"]["/ui/login/"]
    assert login["title"] == "Alchemi Studio Console"
    assert result["errors"] == [], result["errors"]


def test_every_sidebar_page_shows_no_upstream_brand(tmp_path, branded_proxy, dashboard_session, chromium, node_modules):
    result = crawl(tmp_path, branded_proxy, chromium, node_modules, prefix="admin-", token=dashboard_session["token"])
    labels = [link["text"] for link in result["sidebar"]]
    assert len(result["pages"]) >= 30, labels
    assert "Learning Resources" not in labels
    assert "COPILOT" in result["groups"] and "Copilot" in labels
    assert "Enterprise usage" not in result["sidebarFooter"]
    for switch in ("Hide New Feature Indicators", "Hide All Prompts", "Hide Blog Posts", "Hide Bouncing Icon"):
        assert switch not in result["accountMenuText"]
    assert brand_mentions({"/ui/ (home)": result["home"], "account menu": result["accountMenu"], **result["pages"]}) == []
    assert all(page["title"] == "Alchemi Studio Console" for page in result["pages"].values())
    assert any(src and "get_image" in src for src in result["home"]["images"])
