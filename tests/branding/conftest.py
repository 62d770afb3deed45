"""Fixtures for the branding tests: the branded build, a live proxy serving it, a dashboard
session for an account admin, and Debian's chromium."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from alchemi.branding import build
from tests.conftest import ARTIFACTS, MASTER_KEY

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ARTIFACTS / "screenshots" / "branding"


@pytest.fixture(scope="session")
def ui_dir_root(tmp_path_factory) -> Path:
    """Where this session's branded builds go (ALCHEMI_UI_DIR for the build and the server)."""
    return tmp_path_factory.mktemp("branded-ui")


@pytest.fixture(scope="session")
def branded(ui_dir_root: Path) -> tuple[Path, dict]:
    """The branded dashboard built from the installed wheel: (directory, build report)."""
    options = build.Options(output_root=ui_dir_root, docs_url=build.DEFAULT_DOCS_URL,
                            support_url=build.DEFAULT_SUPPORT_URL)
    target, report = build.ensure_built(options)
    return target, report


@pytest.fixture(scope="session")
def node_modules() -> Path:
    """The branding package's npm modules, dev ones (playwright-core) included."""
    if not (build.NODE_DIR / "node_modules" / "playwright-core" / "package.json").is_file():
        build.install_node_modules()
    return build.NODE_DIR / "node_modules"


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's chromium; installed with apt-get when missing. Skips only where there is no apt."""
    if not Path(CHROMIUM).exists():
        apt = shutil.which("apt-get")
        if apt is None:
            pytest.skip(f"{CHROMIUM} is missing and this machine has no apt-get to install Debian's chromium")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run([apt, "update", "-qq"], check=True, env=env)
        subprocess.run([apt, "install", "-y", "-qq", "chromium"], check=True, env=env)
    assert Path(CHROMIUM).exists(), f"apt-get installed chromium but {CHROMIUM} is missing"
    return CHROMIUM


@pytest.fixture(scope="session")
def branded_proxy(branded, ui_dir_root: Path, database_factory) -> Iterator:
    """The live proxy (`alchemi serve`) serving the branded console."""
    from tests.support.servers import alchemi_env, free_port, start

    port = free_port()
    cmd = [sys.executable, "-m", "tests.branding.serve_branded", "--port", str(port), "--workers", "1",
           "--log-level", "warning"]
    server = start(cmd, url=f"http://127.0.0.1:{port}", ready_path="/health/readiness",
                   log_path=ARTIFACTS / "logs" / "proxy-branding.log", timeout=180,
                   env=alchemi_env(DATABASE_URL=database_factory("branding"), LITELLM_MASTER_KEY=MASTER_KEY,
                                   ALCHEMI_UI_DIR=str(ui_dir_root)))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dashboard_session(branded_proxy) -> dict:
    """A dashboard session for a new account's admin: the `token` cookie LiteLLM's login would
    set (an HS256 JWT signed with the master key), minted for the account admin's API key."""
    import httpx
    import jwt

    from tests.support.accounts import new_account

    with httpx.Client(base_url=branded_proxy.url, headers={"Authorization": f"Bearer {MASTER_KEY}"},
                      timeout=60) as super_admin:
        account = new_account(super_admin, "branding")
    info = httpx.get(f"{branded_proxy.url}/key/info", params={"key": account["key"]},
                     headers={"Authorization": f"Bearer {account['key']}"}, timeout=60)
    assert info.status_code == 200, info.text
    user_id = info.json()["info"]["user_id"]
    claims = {"user_id": user_id, "key": account["key"], "user_email": None, "user_role": "proxy_admin",
              "login_method": "username_password", "premium_user": True, "auth_header_name": "Authorization",
              "disabled_non_admin_personal_key_creation": False, "server_root_path": "",
              "exp": int(time.time()) + 3600}
    return {"token": jwt.encode(claims, MASTER_KEY, algorithm="HS256"), **account, "user_id": user_id}
