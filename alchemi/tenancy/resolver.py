"""Who is calling, and for which account: resolved from the request's credential.

A virtual key belongs to exactly one account, forever, so `key hash -> account` is cached
without expiry; an account's status (active / suspended) is cached for a few seconds so a
suspension reaches every replica quickly. The master key is the platform super admin, who
belongs to no account.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import os
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Literal

from alchemi.tenancy.context import system_context

# A scope that matches no row: requests whose credential resolves to no account run in it,
# so LiteLLM's own checks answer them (401) and nothing of any account is visible.
NO_ACCOUNT = "alchemi:no-account"

_KEY_CACHE_SIZE = 50_000
_STATUS_TTL = float(os.environ.get("ALCHEMI_ACCOUNT_STATUS_TTL", "5"))


@dataclass(frozen=True)
class Caller:
    kind: Literal["super_admin", "account", "unknown", "anonymous"]
    account_id: str | None = None
    account_status: str | None = None
    # A virtual key to present to LiteLLM instead of the caller's credential (an account's JWT,
    # exchanged by alchemi/identity/jwt_auth.py).
    swapped_key: str | None = None


class _LRU(OrderedDict):
    def __init__(self, size: int) -> None:
        super().__init__()
        self.size = size

    def put(self, key, value) -> None:
        self[key] = value
        self.move_to_end(key)
        if len(self) > self.size:
            self.popitem(last=False)


_key_accounts: _LRU = _LRU(_KEY_CACHE_SIZE)
_account_status: dict[str, tuple[str, float]] = {}
_status_reads: dict[str, asyncio.Task] = {}  # account -> the read refreshing its status
_forgotten: dict[str, int] = {}  # account -> how many times forget_account ran
log = logging.getLogger("alchemi.tenancy")


def forget_account(account_id: str) -> None:
    """Drop the cached status (after a change made in this process); a read already under way
    does not put the old status back."""
    _account_status.pop(account_id, None)
    _forgotten[account_id] = _forgotten.get(account_id, 0) + 1


def master_key() -> str | None:
    """The platform master key (LiteLLM's, once started; the environment's before)."""
    from litellm.proxy import proxy_server

    return proxy_server.master_key or os.environ.get("LITELLM_MASTER_KEY")


_master_key = master_key


def _db():
    from litellm.proxy.proxy_server import prisma_client

    return prisma_client.db if prisma_client is not None else None


def _session_key(token: str, master_key: str | None) -> str | None:
    """The virtual key inside a console session token (HS256, signed with the master key)."""
    if not master_key or token.count(".") != 2:
        return None
    import jwt

    try:
        claims = jwt.decode(token, master_key, algorithms=["HS256"])
    except jwt.PyJWTError:
        return None
    key = claims.get("key")
    return key if isinstance(key, str) else None


async def _account_of_key_hash(token_hash: str) -> str | None:
    cached = _key_accounts.get(token_hash)
    if cached is not None:
        return cached
    db = _db()
    if db is None:
        return None
    with system_context("resolve the account of a virtual key"):
        row = await db.litellm_verificationtoken.find_unique(where={"token": token_hash})
        if row is None:  # a rotated key still inside its grace period
            row = await db.litellm_deprecatedverificationtoken.find_unique(where={"token": token_hash})
    account_id = getattr(row, "account_id", None) if row is not None else None
    if account_id:
        _key_accounts.put(token_hash, account_id)
    return account_id


async def _read_status(account_id: str) -> str | None:
    db = _db()
    if db is None:
        return None
    generation = _forgotten.get(account_id, 0)
    with system_context("read an account's status"):
        row = await db.alchemi_accounttable.find_unique(where={"account_id": account_id})
    status = row.status if row is not None else None
    if status is not None and _forgotten.get(account_id, 0) == generation:
        _account_status[account_id] = (status, time.monotonic() + _STATUS_TTL)
    return status


def _settle(account_id: str, task: asyncio.Task) -> None:
    _status_reads.pop(account_id, None)
    if not task.cancelled() and task.exception() is not None:  # retrieved here when no caller waited
        log.warning("reading the status of account %s failed: %s", account_id, task.exception())


async def account_status(account_id: str) -> str | None:
    """The account's status, cached for ALCHEMI_ACCOUNT_STATUS_TTL seconds. When it expires, one
    read refreshes it: concurrent callers share that read, and while it runs callers that have a
    previous value answer with it (a suspension still shows within the TTL plus one read). Without
    this, every request in flight when the entry expired read the row itself (59 reads in 10 s at
    32 concurrent requests)."""
    cached = _account_status.get(account_id)
    if cached and cached[1] > time.monotonic():
        return cached[0]
    task = _status_reads.get(account_id)
    if task is None:
        task = _status_reads[account_id] = asyncio.ensure_future(_read_status(account_id))
        task.add_done_callback(lambda t: _settle(account_id, t))
    if cached:
        return cached[0]
    return await asyncio.shield(task)


async def _jwt_caller(token: str) -> Caller:
    """A JWT from an account's own identity provider (per-account JWT authentication)."""
    from alchemi.identity import jwt_auth

    if not jwt_auth.looks_like_jwt(token):
        return Caller("unknown")
    verified = await jwt_auth.verify(token)
    if verified is None:
        return Caller("unknown")
    config, claims = verified
    status = await account_status(config.account_id)
    if status != "active":
        return Caller("account", config.account_id, status)
    key = await jwt_auth.key_for(config, claims)
    if key is None:
        return Caller("unknown")
    return Caller("account", config.account_id, status, swapped_key=key)


async def resolve(token: str | None) -> Caller:
    if not token:
        return Caller("anonymous")
    master_key = _master_key()
    if master_key and hmac.compare_digest(token.encode(), master_key.encode()):
        return Caller("super_admin")
    if not token.startswith("sk-"):
        from alchemi.identity.sessions import is_super_admin_token

        # A console session of the super admin (or the signed key inside it): platform routes only.
        if is_super_admin_token(token, master_key):
            return Caller("super_admin")
        inner = _session_key(token, master_key)
        if inner is None:
            return await _jwt_caller(token)
        token = inner
        if master_key and hmac.compare_digest(token.encode(), master_key.encode()):
            return Caller("super_admin")
    account_id = await _account_of_key_hash(hashlib.sha256(token.encode()).hexdigest())
    if account_id is None:
        return Caller("unknown")
    return Caller("account", account_id, await account_status(account_id))
