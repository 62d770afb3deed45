"""Every setting Alchemi reads from the environment, validated once, in one object.

LiteLLM's own environment variables (REDIS_HOST, UI_USERNAME, ...) keep their names and are
passed through untouched; the ones listed here are ours or ones we must decide before LiteLLM
starts. `docs/configuration.md` and the README describe each.
"""
from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

DEV_ENVIRONMENTS = {"development", "dev", "test"}
# Defaults that must never protect a production deployment.
WEAK_SECRETS = {"", "admin", "password", "sk-1234", "changeme", "change-me"}


class SettingsError(ValueError):
    """A setting is missing or unsafe; the message says which and how to fix it."""


def _default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("alchemi", appauthor=False))


def _default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("alchemi", appauthor=False))


def env_number(name: str, default: float, *, low: float, high: float, whole: bool = False,
               error: type[ValueError] | None = None) -> float:
    """A number from the environment (`default` when unset), checked against low..high; a bad
    value raises `error` (SettingsError by default) naming the variable."""
    error = error or SettingsError
    raw = os.environ.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw) if whole else float(raw)
    except ValueError:
        raise error(f"{name}={raw!r} is not a {'whole number' if whole else 'number'}") from None
    if not low <= value <= high:
        raise error(f"{name}={value:g} is outside {low:g}..{high:g}")
    return value


def _int(name: str, default: int, low: int = 1, high: int = 65535) -> int:
    return int(env_number(name, default, low=low, high=high, whole=True))


@dataclass(frozen=True)
class Settings:
    environment: str
    data_dir: Path
    cache_dir: Path
    database_url: str | None
    embedded_pg_port: int
    embedded_db_name: str
    host: str
    port: int
    workers: int
    master_key: str | None

    @property
    def is_development(self) -> bool:
        return self.environment in DEV_ENVIRONMENTS

    @property
    def uses_embedded_database(self) -> bool:
        return not self.database_url

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "postgres" / "pgdata"

    @property
    def master_key_file(self) -> Path:
        return self.data_dir / "master_key"

    @classmethod
    def from_env(cls) -> Settings:
        env = os.environ.get("ALCHEMI_ENV", "development").strip().lower()
        s = cls(
            environment=env,
            data_dir=Path(os.environ.get("ALCHEMI_DATA_DIR") or _default_data_dir()).expanduser(),
            cache_dir=Path(os.environ.get("ALCHEMI_CACHE_DIR") or _default_cache_dir()).expanduser(),
            database_url=os.environ.get("DATABASE_URL") or None,
            embedded_pg_port=_int("ALCHEMI_EMBEDDED_PG_PORT", 54329, 1024),
            embedded_db_name=os.environ.get("ALCHEMI_EMBEDDED_DB_NAME", "alchemi"),
            host=os.environ.get("ALCHEMI_HOST", "127.0.0.1"),
            port=_int("PORT", _int("ALCHEMI_PORT", 4000)),
            workers=_int("ALCHEMI_WORKERS", 1, 1, 64),
            master_key=os.environ.get("LITELLM_MASTER_KEY") or None,
        )
        s.validate()
        return s

    def validate(self) -> None:
        for name in ("CONFIG_FILE_PATH", "WORKER_CONFIG"):
            if os.environ.get(name):
                raise SettingsError(f"{name} is set, but Alchemi loads no config file: every "
                                    "account's configuration lives in the database. Unset it.")
        if self.is_development:
            return
        if self.uses_embedded_database:
            raise SettingsError(f"ALCHEMI_ENV={self.environment}: set DATABASE_URL; the embedded "
                                "PostgreSQL is for development only")
        if not self.master_key or self.master_key in WEAK_SECRETS or not self.master_key.startswith("sk-"):
            raise SettingsError(f"ALCHEMI_ENV={self.environment}: set LITELLM_MASTER_KEY to a strong "
                                "secret starting with 'sk-' (e.g. sk-$(openssl rand -hex 24))")
        ui_password = os.environ.get("UI_PASSWORD")
        if ui_password is not None and ui_password in WEAK_SECRETS:
            raise SettingsError(f"ALCHEMI_ENV={self.environment}: UI_PASSWORD is a default password")


def load_or_create_master_key(settings: Settings) -> tuple[str, bool]:
    """The master key: LITELLM_MASTER_KEY, else the one stored in the data directory, else a
    new one stored there (mode 0600). Returns (key, created_now)."""
    if settings.master_key:
        return settings.master_key, False
    path = settings.master_key_file
    if path.exists():
        return path.read_text().strip(), False
    path.parent.mkdir(parents=True, exist_ok=True)
    key = "sk-" + secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "w") as f:
        f.write(key + "\n")
    return key, True
