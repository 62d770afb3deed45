"""The identity rules that need no server: redirects, secrets at rest, scopes, membership."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from alchemi.identity import login, oidc, secrets, sso_flow
from alchemi.identity.errors import IdentityError


@pytest.mark.parametrize("target, expected", [
    ("/ui/?page=keys", "/ui/?page=keys"), ("/ui/tenant-admin", "/ui/tenant-admin"), (None, "/ui/"), ("", "/ui/"),
    ("https://evil.example.org/", "/ui/"), ("//evil.example.org/x", "/ui/"), ("/\\evil.example.org", "/ui/"),
    ("javascript:alert(1)", "/ui/"), ("/ui/\r\nSet-Cookie: x=1", "/ui/"), ("ui/", "/ui/"), ("/" + "a" * 3000, "/ui/"),
])
def test_only_same_origin_relative_redirects(target, expected):
    assert login.safe_redirect(target, "/ui/") == expected


def test_secrets_round_trip_and_do_not_leak(monkeypatch):
    monkeypatch.setenv("LITELLM_SALT_KEY", "salt-one")
    sealed = secrets.encrypt("client-secret-value")
    assert "client-secret-value" not in sealed and sealed != secrets.encrypt("client-secret-value")  # random nonce
    assert secrets.decrypt(sealed) == "client-secret-value"
    monkeypatch.setenv("LITELLM_SALT_KEY", "salt-two")  # another key cannot read it
    with pytest.raises(Exception):
        secrets.decrypt(sealed)
    with pytest.raises(ValueError):
        secrets.decrypt("plain-text")


def test_scopes_per_provider():
    assert oidc.scopes_for("okta", [], None) == ["openid", "email", "profile"]
    assert oidc.scopes_for("oidc", ["email"], None) == ["openid", "email"]
    zitadel = oidc.scopes_for("zitadel", [], "org-7")
    assert "urn:zitadel:iam:org:id:org-7" in zitadel and "urn:zitadel:iam:user:resourceowner" in zitadel


def test_pkce_pair_is_s256():
    import base64
    import hashlib

    verifier, challenge = oidc.pkce_pair()
    assert 43 <= len(verifier) <= 128
    assert challenge == base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()


def _account(domains=("acme.example.com",), zitadel_org_id=None):
    return SimpleNamespace(domains=[SimpleNamespace(domain=d) for d in domains], zitadel_org_id=zitadel_org_id)


def _config(provider="oidc", allowed=(), org=None):
    return SimpleNamespace(provider=provider, allowed_domains=list(allowed), zitadel_org_id=org)


def test_membership_by_domain_or_zitadel_organisation():
    assert sso_flow.check_membership(_account(), _config(), {"email": "Ann@ACME.example.com"}) == "ann@acme.example.com"
    assert sso_flow.check_membership(_account(), _config(allowed=["partner.example.org"]),
                                     {"email": "bo@partner.example.org"}) == "bo@partner.example.org"
    for claims in ({"email": "eve@evil.example.org"}, {}, {"email": "not-an-email"},
                   {"email": "ann@acme.example.com", "email_verified": False}):
        with pytest.raises(IdentityError) as e:
            sso_flow.check_membership(_account(), _config(), claims)
        assert e.value.status == 403
    zitadel = _config(provider="zitadel", org="org-1")
    ok = {"email": "x@anywhere.example.net", "urn:zitadel:iam:org:id": "org-1"}
    assert sso_flow.check_membership(_account(), zitadel, ok) == "x@anywhere.example.net"
    with pytest.raises(IdentityError):
        sso_flow.check_membership(_account(), zitadel, {**ok, "urn:zitadel:iam:org:id": "org-2"})
    # The account's own Zitadel organisation applies when the SSO configuration names none.
    assert sso_flow.check_membership(_account(zitadel_org_id="org-9"), _config(provider="zitadel"),
                                     {"email": "y@z.example.net", "urn:zitadel:iam:user:resourceowner:id": "org-9"})
