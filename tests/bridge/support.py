"""Running the bridge directly, as prisma-client-py spawns it, for tests of its HTTP protocol
and process behaviour (no generated client involved)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from alchemi import bridge

SCHEMA = Path(__file__).resolve().parent / "schema.prisma"



def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BridgeProcess:
    """A bridge process started as prisma-client-py starts the engine, for protocol tests."""

    def __init__(self, proc: subprocess.Popen, port: int) -> None:
        self.proc = proc
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=self.url, timeout=10)

    def post(self, path: str, body: object | str = None, **kwargs) -> httpx.Response:
        content = body if isinstance(body, str) else None
        json_body = None if isinstance(body, str) else body
        return self.http.post(path, content=content, json=json_body, **kwargs)

    def query(self, graphql: str, **kwargs) -> dict:
        response = self.post("/", {"query": graphql, "variables": {}}, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def stop(self, sig: int | None = None, timeout: float = 10) -> int:
        self.http.close()
        if self.proc.poll() is None:
            self.proc.send_signal(sig or signal.SIGINT)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@contextmanager
def run_bridge(database_url: str | None, *, env: dict[str, str] | None = None, wait: bool = True,
               stdout=subprocess.PIPE, stderr=subprocess.PIPE) -> Iterator[BridgeProcess]:
    """Start bin/query-engine on a free port with the test schema; stop it afterwards."""
    port = free_port()
    full_env = {**os.environ, "PRISMA_DML_PATH": str(SCHEMA), "RUST_LOG": "error", **(env or {})}
    if database_url is not None:
        full_env["BRIDGE_TEST_DATABASE_URL"] = database_url
    proc = subprocess.Popen(
        [str(bridge.QUERY_ENGINE), "-p", str(port), "--enable-metrics", "--enable-raw-queries"],
        env=full_env, stdout=stdout, stderr=stderr,
    )
    process = BridgeProcess(proc, port)
    try:
        if wait:
            deadline = time.monotonic() + 15
            while True:
                try:
                    if process.http.get("/status").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert proc.poll() is None, f"bridge exited: {proc.communicate()[1]!r}"
                assert time.monotonic() < deadline, "bridge did not answer /status"
                time.sleep(0.05)
        yield process
    finally:
        process.stop()
