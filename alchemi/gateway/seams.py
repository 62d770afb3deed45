"""LiteLLM internals the gateway's request checks read (listed in alchemi/seams.py too)."""
from __future__ import annotations

from alchemi.seamlib import Seam

PROMPT_INITIALIZERS = Seam(
    name="prompt_registry.prompt_initializer_registry",
    target="litellm.proxy.prompts.prompt_registry:prompt_initializer_registry",
    kind="read",
    contract=(
        "The prompt integrations LiteLLM can build (dotprompt, gitlab, ...), discovered at import. "
        "RequestChecks refuses a prompt whose litellm_params.prompt_integration is not one of them "
        "with a 400, where LiteLLM's ValueError would answer 500 (alchemi/gateway/validation.py)."),
    check=lambda obj: None if isinstance(obj, dict) else f"is {type(obj).__name__}, expected dict",
)

ORGANIZATION_NOT_FOUND = Seam(
    name="auth_checks.OrganizationNotFoundError",
    target="litellm.proxy.auth.auth_checks:OrganizationNotFoundError",
    kind="extend",
    contract=(
        "Raised by get_org_object when an organization id names no row (in the account's scope, also "
        "another account's organization); it has no status, so handle_exception_on_proxy answered 500. "
        "We give the class `status_code = 404` (alchemi/gateway/statuses.py); catches by type are unchanged."),
    check=lambda obj: None if isinstance(obj, type) and issubclass(obj, Exception) else "is not an exception class",
)

from alchemi.gateway.absent_modules import SEAMS as _ABSENT_MODULES  # noqa: E402

SEAMS: tuple[Seam, ...] = (PROMPT_INITIALIZERS, ORGANIZATION_NOT_FOUND, *_ABSENT_MODULES)
