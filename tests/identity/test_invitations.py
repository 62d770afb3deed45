"""Account-admin invitations: link shown to the super admin, single use, expiring."""
from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone

import httpx
import psycopg


def _invite(super_admin, account_id: str, email: str) -> dict:
    r = super_admin.post(f"/account/{account_id}/admin", json={"email": email})
    assert r.status_code == 200, r.text
    return r.json()


def _token(invite: dict) -> str:
    return invite["invitation_url"].split("/ui/invite?token=")[1]


def test_invitation_is_shown_described_accepted_once(super_admin, account_factory, live_proxy):
    acct = account_factory("invite")
    domain = super_admin.get(f"/account/{acct['account_id']}").json()["domains"][0]
    email = f"new-admin@{domain}"
    invite = _invite(super_admin, acct["account_id"], email.upper())
    assert set(invite) == {"email", "status", "invitation_url", "expires_at", "email_sent"}
    assert invite["email"] == email and invite["status"] == "invited" and invite["email_sent"] is False
    expires = datetime.fromisoformat(invite["expires_at"])
    assert timedelta(days=6, hours=23) < expires - datetime.now(timezone.utc) <= timedelta(days=7)
    token = _token(invite)

    r = httpx.get(f"{live_proxy.url}/v2/invitation/{token}")
    assert r.status_code == 200 and r.json() == {"email": email, "account_name": acct["name"],
                                                 "expires_at": r.json()["expires_at"], "method": "password"}
    assert httpx.post(f"{live_proxy.url}/v2/invitation/{token}/accept", json={"password": "short"}).status_code == 422
    r = httpx.post(f"{live_proxy.url}/v2/invitation/{token}/accept", json={"password": "a long enough password"})
    assert r.status_code == 200 and r.json() == {"redirect_url": "/ui/"}
    me = httpx.get(f"{live_proxy.url}/alchemi/me", cookies={"token": r.cookies.get("token")}).json()
    assert me["role"] == "account_admin" and me["account_id"] == acct["account_id"] and me["email"] == email
    admins = super_admin.get(f"/account/{acct['account_id']}").json()["admins"]
    assert {"email": email, "status": "active"}.items() <= next(a for a in admins if a["email"] == email).items()

    # Single use.
    assert httpx.get(f"{live_proxy.url}/v2/invitation/{token}").status_code == 410
    r = httpx.post(f"{live_proxy.url}/v2/invitation/{token}/accept", json={"password": "another long password"})
    assert r.status_code == 410 and r.json()["error"]["message"]


def test_unknown_expired_and_replaced_invitations(super_admin, account_factory, live_proxy, proxy_database):
    assert httpx.get(f"{live_proxy.url}/v2/invitation/not-a-token").status_code == 404
    assert httpx.post(f"{live_proxy.url}/v2/invitation/not-a-token/accept",
                      json={"password": "whatever-long"}).status_code == 404
    acct = account_factory("invite-exp")
    email = f"late-{uuid.uuid4().hex[:6]}@example.org"
    first = _token(_invite(super_admin, acct["account_id"], email))
    second = _token(_invite(super_admin, acct["account_id"], email))
    assert httpx.get(f"{live_proxy.url}/v2/invitation/{first}").status_code == 410  # replaced by the newer one
    assert httpx.get(f"{live_proxy.url}/v2/invitation/{second}").status_code == 200
    with psycopg.connect(proxy_database, autocommit=True) as conn:
        conn.execute('UPDATE "Alchemi_InvitationTable" SET expires_at = now() - interval \'1 minute\' '
                     'WHERE account_id = %s AND used_at IS NULL', (acct["account_id"],))
    r = httpx.get(f"{live_proxy.url}/v2/invitation/{second}")
    assert r.status_code == 410 and "expired" in r.json()["error"]["message"]
    r = httpx.post(f"{live_proxy.url}/v2/invitation/{second}/accept", json={"password": "whatever-long"})
    assert r.status_code == 410


def test_only_the_super_admin_invites(admin, account_factory, live_proxy):
    r = admin.post(f"/account/{admin.account_id}/admin", json={"email": "x@example.org"})
    assert r.status_code == 403
    assert httpx.post(f"{live_proxy.url}/account/{admin.account_id}/admin",
                      json={"email": "x@example.org"}).status_code == 401


def test_removing_an_admin_takes_away_admin_rights_and_pending_invitations(super_admin, account_factory, live_proxy):
    acct = account_factory("invite-rm")
    email = f"temp-{uuid.uuid4().hex[:6]}@example.org"
    token = _token(_invite(super_admin, acct["account_id"], email))
    r = httpx.post(f"{live_proxy.url}/v2/invitation/{token}/accept", json={"password": "temporary password"})
    assert r.status_code == 200
    pending = _token(_invite(super_admin, acct["account_id"], email))
    assert super_admin.delete(f"/account/{acct['account_id']}/admin/{email}").status_code == 200
    assert httpx.get(f"{live_proxy.url}/v2/invitation/{pending}").status_code == 410
    r = httpx.post(f"{live_proxy.url}/v2/login", json={"username": email, "password": "temporary password"})
    assert r.status_code == 200 and r.json()["role"] == "internal_user"
    me = httpx.get(f"{live_proxy.url}/alchemi/me", cookies={"token": r.cookies.get("token")}).json()
    assert me["role"] == "member"
