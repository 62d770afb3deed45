"""How the per-account runtime behaves, read from the environment and validated once."""
from __future__ import annotations

from dataclasses import dataclass

from alchemi.settings import env_number


class RuntimeSettingsError(ValueError):
    """A runtime setting is not a usable number; the message names it."""


def _number(name: str, default: float, *, low: float, high: float) -> float:
    return env_number(name, default, low=low, high=high, error=RuntimeSettingsError)


@dataclass(frozen=True)
class RuntimeSettings:
    """`idle_ttl_seconds`: an account's router is evicted after this long without a request.
    `sweep_seconds`: how often idle routers are looked for.
    `sync_seconds`: how often live routers are compared with the database (0: only LiteLLM's
    own poll, PROXY_CONFIG_RELOAD_INTERVAL_SECONDS, default 30 s).
    `max_accounts`: most routers kept at once; the least recently used idle ones go first
    (0: no limit).
    `spend_log_count_seconds`: how old an account's spend-log count (shown by the dashboard) may
    get before a read refreshes it."""

    idle_ttl_seconds: float = 900.0
    sweep_seconds: float = 30.0
    sync_seconds: float = 2.0
    max_accounts: int = 0
    spend_log_count_seconds: float = 60.0

    @classmethod
    def from_env(cls) -> RuntimeSettings:
        return cls(
            idle_ttl_seconds=_number("ALCHEMI_RUNTIME_IDLE_TTL", cls.idle_ttl_seconds, low=1, high=7 * 86400),
            sweep_seconds=_number("ALCHEMI_RUNTIME_SWEEP_SECONDS", cls.sweep_seconds, low=0.1, high=3600),
            sync_seconds=_number("ALCHEMI_RUNTIME_SYNC_SECONDS", cls.sync_seconds, low=0, high=3600),
            max_accounts=int(_number("ALCHEMI_RUNTIME_MAX_ACCOUNTS", cls.max_accounts, low=0, high=10_000_000)),
            spend_log_count_seconds=_number("ALCHEMI_RUNTIME_SPEND_LOG_COUNT_SECONDS", cls.spend_log_count_seconds,
                                            low=0.5, high=86400),
        )
