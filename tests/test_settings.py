"""Settings: validated once, unsafe production values refused with a fix in the message."""
from __future__ import annotations

import stat

import pytest

from alchemi.settings import Settings, SettingsError, load_or_create_master_key


@pytest.fixture()
def env(monkeypatch, tmp_path):
    for name in ["DATABASE_URL", "LITELLM_MASTER_KEY", "UI_PASSWORD", "PORT", "ALCHEMI_PORT", "ALCHEMI_WORKERS",
                 "CONFIG_FILE_PATH", "WORKER_CONFIG", "ALCHEMI_ENV"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("ALCHEMI_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def test_defaults_suit_a_developer_machine(env, tmp_path):
    s = Settings.from_env()
    assert s.is_development and s.uses_embedded_database
    assert s.port == 4000 and s.workers == 1 and s.host == "127.0.0.1"
    assert s.pgdata == tmp_path / "data" / "postgres" / "pgdata"


def test_production_refuses_embedded_database_and_weak_secrets(env):
    env.setenv("ALCHEMI_ENV", "production")
    with pytest.raises(SettingsError, match="DATABASE_URL"):
        Settings.from_env()
    env.setenv("DATABASE_URL", "postgresql://db/alchemi")
    env.setenv("LITELLM_MASTER_KEY", "sk-1234")
    with pytest.raises(SettingsError, match="LITELLM_MASTER_KEY"):
        Settings.from_env()
    env.setenv("LITELLM_MASTER_KEY", "sk-" + "x" * 40)
    env.setenv("UI_PASSWORD", "admin")
    with pytest.raises(SettingsError, match="UI_PASSWORD"):
        Settings.from_env()
    env.setenv("UI_PASSWORD", "a-long-random-passphrase")
    assert not Settings.from_env().is_development


@pytest.mark.parametrize("name,value", [("PORT", "abc"), ("PORT", "70000"), ("ALCHEMI_WORKERS", "0")])
def test_bad_numbers_are_named(env, name, value):
    env.setenv(name, value)
    with pytest.raises(SettingsError, match=name):
        Settings.from_env()


@pytest.mark.parametrize("name", ["CONFIG_FILE_PATH", "WORKER_CONFIG"])
def test_config_files_are_refused(env, name):
    env.setenv(name, "/tmp/config.yaml")
    with pytest.raises(SettingsError, match="loads no config file"):
        Settings.from_env()


def test_master_key_generated_once_and_private(env):
    s = Settings.from_env()
    key, created = load_or_create_master_key(s)
    assert created and key.startswith("sk-") and len(key) > 40
    assert stat.S_IMODE(s.master_key_file.stat().st_mode) == 0o600
    assert load_or_create_master_key(s) == (key, False)


def test_master_key_from_environment_wins(env):
    env.setenv("LITELLM_MASTER_KEY", "sk-from-env")
    s = Settings.from_env()
    assert load_or_create_master_key(s) == ("sk-from-env", False)
    assert not s.master_key_file.exists()
