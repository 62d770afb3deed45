"""Live servers and HTTP helpers for the runtime tests and bench/runtime_accounts.py."""
from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx

from tests.support.servers import ServerProcess, start_proxy


def start_runtime_proxy(log_path: Path, *, workers: int = 1, timeout: float = 180, **env: str) -> ServerProcess:
    """`alchemi serve` (the overlay installs the per-account runtime), ready on /health/readiness."""
    return start_proxy(log_path, workers=workers, timeout=timeout, **env)


def client(base_url: str, key: str) -> httpx.Client:
    return httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {key}"}, timeout=60)


def add_model(admin: httpx.Client, name: str, upstream_url: str, **params) -> str:
    """Create a model through /model/new; returns its model id."""
    litellm_params = {"model": "openai/fake-model", "api_base": f"{upstream_url}/v1", "api_key": "sk-up", **params}
    r = admin.post("/model/new", json={"model_name": name, "litellm_params": litellm_params})
    assert r.status_code == 200, r.text
    return r.json()["model_id"]


def chat(base_url: str, key: str, model: str, text: str = "hi", *, fresh_connection: bool = False,
         **extra) -> httpx.Response:
    body = {"model": model, "messages": [{"role": "user", "content": text}], **extra}
    headers = {"Authorization": f"Bearer {key}"}
    if fresh_connection:
        headers["Connection"] = "close"
    return httpx.post(f"{base_url}/chat/completions", json=body, headers=headers, timeout=60)


def answered_by(response: httpx.Response) -> str | None:
    """The fake upstream that produced a chat answer (it stamps its name on every answer)."""
    if response.status_code != 200:
        return None
    return response.json().get("system_fingerprint")


def recorded(upstream: ServerProcess) -> list[dict]:
    return httpx.get(f"{upstream.url}/_recorded", timeout=10).json()


def clear(upstream: ServerProcess) -> None:
    httpx.delete(f"{upstream.url}/_recorded", timeout=10)


def unique(label: str) -> str:
    return f"{label}-{uuid.uuid4().hex[:6]}"


def wait_until(predicate, *, timeout: float, interval: float = 0.2):
    """Poll until predicate() is truthy; returns (value, seconds waited) or raises."""
    started = time.monotonic()
    while True:
        value = predicate()
        if value:
            return value, time.monotonic() - started
        if time.monotonic() - started > timeout:
            raise AssertionError(f"not true after {timeout}s")
        time.sleep(interval)
