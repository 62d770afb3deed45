"""Accounts at a glance for the super admin: users, keys and this month's spend per account.

Only aggregates cross the tenant line here (counts and sums per account, never a row), read as
platform work. Spend comes from LiteLLM's daily per-user rollups, which the spend writer keeps
current within a minute or so.
"""
from __future__ import annotations

import datetime as dt

from fastapi import APIRouter

from alchemi.identity.deps import SuperAdminDep
from alchemi.tenancy.context import system_context

router = APIRouter(prefix="/account", tags=["accounts"])

_OVERVIEW_SQL = """
SELECT a.account_id,
       (SELECT count(*) FROM "LiteLLM_UserTable" u WHERE u.account_id = a.account_id) AS users,
       (SELECT count(*) FROM "LiteLLM_VerificationToken" k WHERE k.account_id = a.account_id) AS keys,
       (SELECT coalesce(sum(d.spend), 0) FROM "LiteLLM_DailyUserSpend" d
         WHERE d.account_id = a.account_id AND d.date >= $1) AS spend_this_month
FROM "Alchemi_AccountTable" a
ORDER BY a.account_id
"""


def month_start(today: dt.date | None = None) -> str:
    today = today or dt.datetime.now(dt.timezone.utc).date()
    return today.replace(day=1).isoformat()


async def overview() -> dict:
    from litellm.proxy.proxy_server import prisma_client

    if prisma_client is None:
        return {"accounts": [], "month_start": month_start()}
    start = month_start()
    with system_context("account overview: per-account counts for the super admin"):
        rows = await prisma_client.db.query_raw(_OVERVIEW_SQL, start)
    return {"month_start": start,
            "accounts": [{"account_id": r["account_id"], "users": int(r["users"]), "keys": int(r["keys"]),
                          "spend_this_month": round(float(r["spend_this_month"] or 0), 6)} for r in rows]}


@router.get("/overview")
async def account_overview(actor: SuperAdminDep):
    """Per account: users, virtual keys, and spend since the first of this month (UTC)."""
    return await overview()
