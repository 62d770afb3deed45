"""GET /alchemi/runtime: the super admin sees a worker's live account runtimes; accounts and
anonymous callers are refused."""
from __future__ import annotations

import httpx

from tests.runtime.support import add_model, chat


def test_super_admin_sees_live_runtimes(replica, runtime_super_admin, two_accounts, upstream_a):
    a, _ = two_accounts
    add_model(a, "gpt-4o", upstream_a.url)
    assert chat(replica.url, a.key, "gpt-4o").status_code == 200
    r = runtime_super_admin.get("/alchemi/runtime")
    assert r.status_code == 200, r.text
    body = r.json()
    mine = [x for x in body["accounts"] if x["account_id"] == a.account_id]
    assert mine and mine[0]["deployments"] == 1 and len(mine[0]["deployments_digest"]) == 12
    assert body["callback_lists"]["_async_success_callback"] < 100
    assert "api_base" not in r.text and "sk-up" not in r.text  # nothing of what the account serves


def test_accounts_and_anonymous_callers_are_refused(replica, two_accounts):
    a, _ = two_accounts
    assert a.get("/alchemi/runtime").status_code == 403
    assert httpx.get(f"{replica.url}/alchemi/runtime").status_code == 401
