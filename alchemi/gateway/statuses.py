"""Give LiteLLM's own "not found" errors that carry no status one, so they answer 404.

`handle_exception_on_proxy` answers an exception with its `status_code` attribute, 500
without one. `OrganizationNotFoundError` (raised when a key, team or user names an
organization the account does not have) has none, so naming another account's organization
on /key/generate answered 500. Setting the class attribute changes nothing else: LiteLLM's
handlers that catch the error by type still do.
"""
from __future__ import annotations

import importlib

# (target, status): LiteLLM exception classes meaning "not found" without a status of their own.
STATUSES: tuple[tuple[str, int], ...] = (
    ("litellm.proxy.auth.auth_checks:OrganizationNotFoundError", 404),
)


def _resolve(target: str) -> type:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def install() -> None:
    for target, status in STATUSES:
        _resolve(target).status_code = status
