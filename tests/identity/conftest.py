"""Fixtures for the identity tests: real OpenID providers (npm oidc-provider under Node) and
helpers that play the browser's part of a sign-in over HTTP."""
from __future__ import annotations

import json
import secrets
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from tests.conftest import ARTIFACTS
from tests.support.servers import ServerProcess, free_port, start

OIDC_DIR = Path(__file__).parent / "oidc"


@dataclass
class Provider:
    name: str
    issuer: str
    clients: dict[str, str]  # client_id -> client_secret
    server: ServerProcess


@pytest.fixture(scope="session")
def oidc_node_modules() -> Path:
    """oidc-provider installed from the committed lock file (npm ci) when missing."""
    if not (OIDC_DIR / "node_modules" / "oidc-provider" / "package.json").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.fail("npm is required for the OpenID provider tests")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=OIDC_DIR, check=True, timeout=600)
    return OIDC_DIR / "node_modules"


def _start_provider(tmp: Path, name: str, *, mode: str, clients: list[str], redirect_uri: str,
                    orgs: dict[str, str] | None = None, clock_offset_seconds: int = 0) -> Provider:
    port = free_port()
    issuer = f"http://127.0.0.1:{port}"
    secrets_by_client = {c: secrets.token_urlsafe(16) for c in clients}
    config = {"port": port, "issuer": issuer, "mode": mode, "orgs": orgs or {},
              "clock_offset_seconds": clock_offset_seconds,
              "clients": [{"client_id": c, "client_secret": s, "redirect_uris": [redirect_uri]}
                          for c, s in secrets_by_client.items()]}
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(config))
    server = start([shutil.which("node") or "node", str(OIDC_DIR / "provider.mjs"), str(path)], url=issuer,
                   ready_path="/.well-known/openid-configuration", log_path=ARTIFACTS / "logs" / f"oidc-{name}.log",
                   timeout=30)
    return Provider(name, issuer, secrets_by_client, server)


ZITADEL_ORGS = {"zitadel-a.example.com": "org-a", "zitadel-b.example.com": "org-b"}


@pytest.fixture(scope="session")
def providers(oidc_node_modules, live_proxy, tmp_path_factory) -> Iterator[dict[str, Provider]]:
    """Three real providers: Zitadel-style (org claims), generic, and a generic one whose
    clock runs two hours behind (its tokens are expired on arrival)."""
    tmp = tmp_path_factory.mktemp("oidc")
    callback = f"{live_proxy.url}/v2/sso/callback"
    started = {
        "zitadel": _start_provider(tmp, "zitadel", mode="zitadel", clients=["zitadel-a", "zitadel-b"],
                                   redirect_uri=callback, orgs=ZITADEL_ORGS),
        "generic": _start_provider(tmp, "generic", mode="generic", clients=["generic-a", "generic-b", "generic-c"],
                                   redirect_uri=callback),
        "late": _start_provider(tmp, "late", mode="generic", clients=["late-a"], redirect_uri=callback,
                                clock_offset_seconds=-7200),
    }
    yield started
    for p in started.values():
        p.server.stop()


def sso_account(super_admin: httpx.Client, idp: Provider, client_id: str, *, label: str,
                domain: str | None = None, **config) -> dict:
    """A new account with one email domain and its SSO at `provider` with `client_id`."""
    suffix = uuid.uuid4().hex[:8]
    domain = domain or f"{label}-{suffix}.example.com"
    r = super_admin.post("/account/new", json={"account_name": f"{label}-{suffix}", "domains": [domain]})
    assert r.status_code == 200, r.text
    account_id = r.json()["account_id"]
    body = {"provider": "oidc", "issuer": idp.issuer, "client_id": client_id,
            "client_secret": idp.clients[client_id], **config}
    r = super_admin.put(f"/account/{account_id}/sso", json=body)
    assert r.status_code == 200, r.text
    return {"account_id": account_id, "domain": domain, "name": f"{label}-{suffix}"}


def with_params(url: str, **params: str) -> str:
    """`url` with some query parameters replaced (to tamper with an authorization request)."""
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(params)
    return urlunsplit(parts._replace(query=urlencode(query)))


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}


class Browser:
    """Follows redirects by hand, keeping cookies, like a browser would."""

    def __init__(self, proxy_url: str) -> None:
        self.proxy_url = proxy_url
        self.client = httpx.Client(timeout=30, follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def start(self, email: str, redirect_to: str | None = None) -> str:
        """The provider authorization URL the proxy sends this email to."""
        params = {"email": email} | ({"redirect_to": redirect_to} if redirect_to else {})
        r = self.client.get(f"{self.proxy_url}/v2/sso/start", params=params)
        assert r.status_code == 302, r.text
        return r.headers["location"]

    def authorize(self, authorization_url: str) -> str:
        """Walk the provider (sign-in and consent) until it redirects back to the proxy."""
        url = authorization_url
        for _ in range(12):
            if url.startswith(self.proxy_url):
                return url
            r = self.client.get(url)
            assert r.status_code in (302, 303), f"{r.status_code} at {url}: {r.text[:500]}"
            url = str(httpx.URL(url).join(r.headers["location"]))
        raise AssertionError("the provider never redirected back")

    def callback(self, callback_url: str) -> httpx.Response:
        return self.client.get(callback_url)


@pytest.fixture
def browser(live_proxy) -> Iterator[Browser]:
    b = Browser(live_proxy.url)
    yield b
    b.close()
