"""Our console pages in a real browser (Debian's chromium, driven by playwright-core) against the
live proxy: the super admin signs in, creates an account and invites its admin; the admin
accepts, lands in the dashboard and creates a key; password sign-in keeps a deep link; the super
admin configures and tests the account's SSO with a real OpenID provider, and a user of the account
signs in through it; the super admin cannot reach any dashboard page; and our pages show no
upstream brand. Screenshots of each step: artifacts/screenshots/console/."""
from __future__ import annotations

import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

from tests.console.conftest import (ACCOUNT_ADMIN_PASSWORD, SCREENSHOTS, SUPER_ADMIN_PASSWORD, SUPER_ADMIN_USERNAME,
                                    require_routes)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def journey(live_proxy, chromium, node_modules, tmp_path_factory, request) -> dict:
    require_routes(live_proxy.url, ("POST", "/v2/login/resolve", {"json": {}}), ("GET", "/alchemi/me", {}),
                   ("GET", "/v2/invitation/x", {}), ("POST", "/alchemi/logout", {}), ("GET", "/account/x/sso", {}))
    tmp = tmp_path_factory.mktemp("console-e2e")
    suffix = uuid.uuid4().hex[:8]
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    config = {"base": live_proxy.url, "chromium": chromium, "nodeModules": str(node_modules), "shots": str(SCREENSHOTS),
              "out": str(tmp / "journey.json"), "superAdmin": {"username": SUPER_ADMIN_USERNAME, "password": SUPER_ADMIN_PASSWORD},
              "account": {"name": f"Chromium {suffix}", "domain": f"chromium-{suffix}.example.com"},
              "adminEmail": f"admin@chromium-{suffix}.example.com", "adminPassword": ACCOUNT_ADMIN_PASSWORD}
    idp = request.getfixturevalue("sso_provider")
    config["sso"] = {"issuer": idp.issuer, "clientId": "console-sso", "clientSecret": idp.clients["console-sso"],
                     "email": f"sso-user@chromium-{suffix}.example.com"}
    (tmp / "config.json").write_text(json.dumps(config))
    proc = subprocess.run(["node", str(Path(__file__).with_name("e2e.mjs")), str(tmp / "config.json")],
                          capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-4000:]
    result = json.loads((tmp / "journey.json").read_text())
    (SCREENSHOTS / "journey.json").write_text(json.dumps(result, indent=1))
    return {**result, "config": config}


def test_every_step_ran(journey):
    assert journey.get("failed") is None, journey.get("failed")
    shots = [s["screenshot"] for s in journey["steps"].values()]
    assert len(shots) >= 15 and all((SCREENSHOTS / s).is_file() for s in shots)


def test_super_admin_signs_in_to_tenant_admin_and_creates_an_account_and_admin(journey):
    assert journey.get("failed") is None, journey.get("failed")
    assert "Invalid" in journey["wrongPasswordMessage"]
    assert journey["steps"]["tenant-admin"]["url"].startswith("/ui/tenant-admin")
    assert "Platform administrator" in journey["signedInAs"] or "admin" in journey["signedInAs"]
    assert journey["accountTitle"] == journey["config"]["account"]["name"]
    assert "/ui/invite?token=" in journey["invitationUrl"]


def test_account_admin_accepts_signs_in_and_creates_a_key(journey):
    assert journey.get("failed") is None, journey.get("failed")
    assert journey["steps"]["dashboard-after-invitation"]["url"] in ("/ui/", "/ui")
    assert journey["createdKey"] and journey["createdKey"].startswith("sk-")
    assert journey["accountAdminLanding"] == "/ui/api-keys/"
    assert journey["accountAdminAtTenantAdmin"] in ("/ui/", "/ui")
    assert journey["envCredentialBanner"] is False  # LiteLLM shows it to admins unless our install turns it off


def test_the_dashboards_sign_out_lands_on_our_login_page(journey):
    """The dashboard routes to its login page client-side; its payloads 404, so ours loads."""
    assert journey.get("failed") is None, journey.get("failed")
    assert journey["dashboardLogout"]["url"].startswith("/ui/login/") and journey["dashboardLogout"]["ours"]


def test_the_dashboards_sign_out_retires_the_session(journey):
    """The dashboard clears its cookie in the browser; the build makes it hand the session to our
    logout first, so the key inside it stops working (it stayed valid until expiry before)."""
    assert journey.get("failed") is None, journey.get("failed")
    assert journey["dashboardLogout"]["hadSession"]
    assert journey["dashboardLogout"]["sessionStatus"] == 401, journey["dashboardLogout"]


def test_sso_is_configured_tested_and_used_from_our_pages(journey):
    assert journey.get("failed") is None, journey.get("failed")
    assert journey["ssoTest"].startswith("Connection works"), journey["ssoTest"]
    assert journey["config"]["sso"]["issuer"] in journey["ssoSaved"] and "stored" in journey["ssoSaved"]
    assert journey["ssoLanding"] == "/ui/api-keys/"


def test_super_admin_crawl_lands_on_tenant_admin_everywhere(journey):
    assert journey.get("failed") is None, journey.get("failed")
    assert len(journey["crawl"]) >= 20, journey["crawl"]
    elsewhere = {href: final for href, final in journey["crawl"].items() if not final.startswith("/ui/tenant-admin/")}
    assert elsewhere == {}
    assert journey["afterSignOut"].startswith("/ui/login/")


def test_our_pages_show_no_upstream_brand(journey):
    pages = journey["ours"]
    assert {"login", "tenant-admin", "new-account-dialog", "account", "invitation-link", "edit-account-dialog",
            "sso-form", "accounts-list", "invite", "signed-out"} <= set(pages)
    found = []
    for name, page in pages.items():
        found += [f"{name} title: {page['title']}"] if page["titleHit"] else []
        found += [f"{name} text: …{hit}…" for hit in page["textHits"]]
        found += [f"{name} attribute: {hit}" for hit in page["attrHits"]]
        found += [f"{name} link: {hit}" for hit in page["linkHits"]]
    assert found == []
    assert all(page["title"] == "Alchemi Studio Console" for page in pages.values())


def test_no_page_errors(journey):
    assert journey["errors"] == []
