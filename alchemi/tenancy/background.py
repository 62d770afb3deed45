"""LiteLLM background work that acts on one account's rows runs in that account's scope.

LiteLLM's scheduled jobs start in system scope (they inherit it from start-up). Jobs that
sweep every account's rows and only update them in place (budget resets, expired-key
cleanup) are right there. Jobs that act on one row at a time and then create rows through
code written for requests are wrapped here, so what they create belongs to the row's account:

- key rotation (`KeyRotationManager._rotate_key`): regenerating a key writes the grace-period
  row of the old key, which must belong to the key's account.
"""
from __future__ import annotations

import functools

from alchemi.tenancy.context import tenant_context


def install() -> None:
    from litellm.proxy.common_utils.key_rotation_manager import KeyRotationManager

    original = KeyRotationManager._rotate_key
    if getattr(original, "_alchemi_scoped", False):
        return

    @functools.wraps(original)
    async def _rotate_key(self, key):
        account_id = getattr(key, "account_id", None)
        if not account_id:  # a key from before accounts existed: leave it to platform scope
            return await original(self, key)
        with tenant_context(account_id):
            return await original(self, key)

    _rotate_key._alchemi_scoped = True  # type: ignore[attr-defined]
    KeyRotationManager._rotate_key = _rotate_key
