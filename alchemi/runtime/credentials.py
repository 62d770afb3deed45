"""Provider credentials resolved from the account in scope, never from another account.

LiteLLM resolves a deployment's `litellm_credential_name` when each call is made
(`load_credentials_from_list`, and the router for pass-through) through
`CredentialAccessor.find_credential`, which searches the process-global
`litellm.credential_list`. Two accounts may both name a credential "openai-prod", and that list
holds whichever was loaded last. The replacement answers from the credentials of the pinned or
in-scope account's runtime (loaded with it, reloaded on every reconcile); an account without a
live runtime gets none rather than someone else's. Platform work keeps LiteLLM's lookup.
"""
from __future__ import annotations

from typing import Any

from alchemi.runtime.registry import RuntimeRegistry, pinned_runtime
from alchemi.tenancy.context import current_scope

_original: Any = None
_registry: RuntimeRegistry | None = None


def find_credential(credential_name: str) -> Any:
    runtime = pinned_runtime()
    scope = current_scope()
    if runtime is None and (scope is None or scope.system):
        return _original(credential_name)
    if runtime is None and _registry is not None and scope is not None:
        runtime = _registry.peek(scope.account_id)
    if runtime is None:
        return None
    return next((c for c in runtime.credentials if c.credential_name == credential_name), None)


def install(registry: RuntimeRegistry) -> None:
    global _original, _registry
    from litellm.litellm_core_utils.credential_accessor import CredentialAccessor

    _registry = registry
    if getattr(CredentialAccessor.find_credential, "_alchemi_runtime", False):
        return
    _original = CredentialAccessor.find_credential
    find_credential._alchemi_runtime = True  # type: ignore[attr-defined]
    CredentialAccessor.find_credential = staticmethod(find_credential)
