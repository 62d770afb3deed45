"""Optional modules LiteLLM tries to import on every request, recorded as absent once.

LiteLLM's key check imports two optional modules inside functions that run on every request:
`litellm_enterprise` (`RouteChecks.should_call_route`; the proprietary package, never installed
here by decision) and its OpenTelemetry logger (`_seed_request_destinations`; needs
opentelemetry-sdk). Python does not remember a failed import: each attempt searches every
sys.path entry again and, for the logger, re-executes the module up to its failing line. That
cost ~0.9 ms of a ~15 ms request in vanilla LiteLLM (bench/README.md, "Where the time goes").

`install()` tries each once; one that cannot be imported gets `sys.modules[name] = None`, after
which an import of it (or of anything under it) raises ModuleNotFoundError at once: the
exception LiteLLM already catches there. A module that imports is left alone, so installing
opentelemetry-sdk later still turns the OpenTelemetry logger on.
"""
from __future__ import annotations

import importlib
import logging
import sys

from alchemi.seamlib import Seam, source_mentions

log = logging.getLogger("alchemi.gateway")

# module -> (where LiteLLM imports it on every request, as a seam target)
PROBED_PER_REQUEST = {
    "litellm_enterprise": "litellm.proxy.auth.route_checks:RouteChecks.should_call_route",
    "litellm.integrations.otel.logger": "litellm.proxy.auth.user_api_key_auth:_seed_request_destinations",
}


def install() -> list[str]:
    """Record the absent ones; returns their names."""
    absent = []
    for name in PROBED_PER_REQUEST:
        if name in sys.modules:  # imported already, or recorded as absent
            if sys.modules[name] is None:
                absent.append(name)
            continue
        try:
            importlib.import_module(name)
        except ImportError as exc:
            sys.modules[name] = None
            absent.append(name)
            log.debug("%s cannot be imported (%s); later imports fail at once", name, exc)
    return absent


SEAMS: tuple[Seam, ...] = (
    Seam(
        name="route_checks.RouteChecks.should_call_route",
        target=PROBED_PER_REQUEST["litellm_enterprise"],
        kind="read",
        contract=(
            "Imports litellm_enterprise on every request and carries on when that fails. The package is "
            "never installed, so `sys.modules['litellm_enterprise'] = None` makes the attempt fail at "
            "once instead of searching sys.path each time (alchemi/gateway/absent_modules.py)."),
        check=source_mentions("from litellm_enterprise"),
    ),
    Seam(
        name="user_api_key_auth._seed_request_destinations",
        target=PROBED_PER_REQUEST["litellm.integrations.otel.logger"],
        kind="read",
        contract=(
            "Imports litellm.integrations.otel.logger on every request, inside a try that tolerates "
            "failure. Without opentelemetry-sdk that import fails; we record the module as absent once "
            "so later attempts fail at once (alchemi/gateway/absent_modules.py)."),
        check=source_mentions("from litellm.integrations.otel.logger import"),
    ),
)
