"""`alchemi serve` as a user runs it: a fresh machine with no database, and several workers."""
from __future__ import annotations

import signal
import stat
import time

import httpx
import pytest

from tests.conftest import ARTIFACTS
from tests.support.servers import free_port, start_proxy


def _chat_through_new_key(url: str, master_key: str, upstream: str) -> httpx.Response:
    from tests.support.accounts import new_account

    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {master_key}"}, timeout=30) as sa:
        account = new_account(sa, "serve")
    h = {"Authorization": f"Bearer {account['key']}"}
    r = httpx.post(f"{url}/model/new", headers=h, timeout=30, json={
        "model_name": "fresh-gpt", "litellm_params": {"model": "openai/fake", "api_base": f"{upstream}/v1",
                                                      "api_key": "sk-up"}})
    assert r.status_code == 200, r.text
    key = httpx.post(f"{url}/key/generate", headers=h, json={"models": ["fresh-gpt"]}, timeout=30).json()["key"]
    return httpx.post(f"{url}/chat/completions", headers={"Authorization": f"Bearer {key}"}, timeout=30,
                      json={"model": "fresh-gpt", "messages": [{"role": "user", "content": "hi"}]})


def test_fresh_machine_embedded_database(tmp_path, fake_upstream):
    """No DATABASE_URL, no data directory: serve initialises everything, prints a master key
    once, serves a chat completion through a virtual key, and restarts onto the same data."""
    from alchemi.db.embedded import EmbeddedPostgres

    data_dir, pg_port = tmp_path / "alchemi-data", free_port()
    env = {"ALCHEMI_DATA_DIR": str(data_dir), "ALCHEMI_EMBEDDED_PG_PORT": str(pg_port)}
    log = ARTIFACTS / "logs" / "serve-embedded-first.log"
    started = time.monotonic()
    server = start_proxy(log, **env)
    first_ready = time.monotonic() - started
    try:
        key_file = data_dir / "master_key"
        master_key = key_file.read_text().strip()
        assert master_key.startswith("sk-")
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        assert server.log().count(master_key) == 1  # printed exactly once
        r = _chat_through_new_key(server.url, master_key, fake_upstream.url)
        assert r.status_code == 200, r.text
        assert r.json()["choices"][0]["message"]["content"] == "[upstream-a] echo: hi"
    finally:
        assert server.stop() is not None
    pg = EmbeddedPostgres(data_dir / "postgres" / "pgdata", port=pg_port)
    assert not pg.running(), "the embedded PostgreSQL outlived the server that started it"

    started = time.monotonic()
    again = start_proxy(ARTIFACTS / "logs" / "serve-embedded-second.log", **env)
    second_ready = time.monotonic() - started
    try:
        assert master_key not in again.log()  # not printed again
        accounts = httpx.get(f"{again.url}/account/list", headers={"Authorization": f"Bearer {master_key}"}, timeout=30)
        assert [a["account_name"].split("-")[0] for a in accounts.json()["accounts"]] == ["serve"]
    finally:
        again.stop(sig=signal.SIGTERM)  # as a service manager stops it
    assert not pg.running(), "SIGTERM left the embedded PostgreSQL running"
    (ARTIFACTS / "timings.txt").open("a").write(
        f"serve embedded: first ready {first_ready:.1f}s, second ready {second_ready:.1f}s\n")


def test_several_workers_each_run_the_overlay(database_factory, fake_upstream):
    from tests.conftest import MASTER_KEY

    server = start_proxy(ARTIFACTS / "logs" / "serve-workers.log", workers=2,
                         DATABASE_URL=database_factory("workers"), LITELLM_MASTER_KEY=MASTER_KEY)
    try:
        pids = set()
        h = {"Authorization": f"Bearer {MASTER_KEY}"}
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline:
            r = httpx.get(f"{server.url}/alchemi/status", headers=h, timeout=30)  # new connection each time
            assert r.status_code == 200, r.text
            assert r.json()["seams"]["broken"] == {}
            pids.add(r.json()["worker_pid"])
        assert len(pids) == 2, "requests never reached a second worker"
        from tests.support.accounts import new_account

        with httpx.Client(base_url=server.url, headers=h, timeout=30) as sa:
            account = new_account(sa, "workers")
        for _ in range(4):  # the overlay's guard answers in whichever worker takes the request
            r = httpx.post(f"{server.url}/team/new", content="[1]", timeout=30, headers={
                "Authorization": f"Bearer {account['key']}", "content-type": "application/json"})
            assert r.status_code == 422
        assert _chat_through_new_key(server.url, MASTER_KEY, fake_upstream.url).status_code == 200
    finally:
        server.stop()


def test_config_file_is_refused(tmp_path):
    with pytest.raises(RuntimeError, match="loads no config file"):
        start_proxy(ARTIFACTS / "logs" / "serve-config.log", timeout=30, CONFIG_FILE_PATH=str(tmp_path / "c.yaml"),
                    DATABASE_URL="postgresql://127.0.0.1:1/none")
