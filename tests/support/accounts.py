"""Create accounts and their admin keys through the super admin API."""
from __future__ import annotations

import uuid

import httpx


def new_account(super_admin: httpx.Client, label: str, *, domains: list[str] | None = None) -> dict:
    suffix = uuid.uuid4().hex[:8]
    r = super_admin.post("/account/new", json={
        "account_name": f"{label}-{suffix}", "domains": domains if domains is not None else [f"{label}-{suffix}.example.com"]})
    assert r.status_code == 200, r.text
    account_id = r.json()["account_id"]
    k = super_admin.post(f"/account/{account_id}/api-key", json={"key_alias": f"{label}-admin"})
    assert k.status_code == 200, k.text
    return {"account_id": account_id, "key": k.json()["key"], "name": r.json()["account_name"]}
