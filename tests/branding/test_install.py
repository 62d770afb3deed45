"""install(app): the live proxy serves the branded dashboard and the Alchemi logo; the seams
it touches hold against the installed LiteLLM."""
from __future__ import annotations

import httpx
import pytest

from alchemi.branding import build
from alchemi.branding.install import SEAMS


@pytest.mark.parametrize("seam", SEAMS, ids=lambda s: s.name)
def test_seam_contract_holds(seam):
    from alchemi.overlay import prepare

    prepare()
    assert seam.problem() is None, f"seam {seam.name} broken: {seam.problem()}"
    assert len(seam.contract) > 40


@pytest.mark.e2e
def test_dashboard_pages_and_chunks_are_the_branded_ones(branded_proxy, branded):
    target, _ = branded
    page = httpx.get(f"{branded_proxy.url}/ui/login/", timeout=30)
    assert page.status_code == 200
    assert "<title>Alchemi Studio Console</title>" in page.text and "LiteLLM" not in page.text
    menu_chunk = next(m["file"] for m in branded[1]["patches"]["menus"])
    for prefix in ("", "/litellm-asset-prefix"):
        chunk = httpx.get(f"{branded_proxy.url}{prefix}/{menu_chunk}", timeout=30)
        assert chunk.status_code == 200
        assert chunk.content == (target / menu_chunk).read_bytes()
        assert b'groupLabel:"COPILOT"' in chunk.content
    runtime = httpx.get(f"{branded_proxy.url}/ui/alchemi/brand.js", timeout=30)
    assert runtime.status_code == 200 and "hiddenByDefault" in runtime.text


@pytest.mark.e2e
@pytest.mark.parametrize(("path", "asset", "media_type"), [
    ("/get_image", "alchemi-logo.png", "image/png"),
    ("/get_image?theme=light", "alchemi-logo.png", "image/png"),
    ("/get_image?theme=dark", "alchemi-logo-dark.png", "image/png"),
    ("/get_favicon", "favicon.ico", "image/x-icon"),
    ("/favicon.ico", "favicon.ico", "image/x-icon"),
])
def test_logo_and_favicon_are_alchemi(branded_proxy, path, asset, media_type):
    r = httpx.get(f"{branded_proxy.url}{path}", timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"] == media_type
    assert r.content == (build.BRAND_ASSETS / asset).read_bytes()
