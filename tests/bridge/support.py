"""Running the bridge directly, as prisma-client-py spawns it, for tests of its HTTP protocol
and process behaviour (no generated client involved)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from alchemi import bridge

SCHEMA = Path(__file__).resolve().parent / "schema.prisma"
TABLES = '"Organization", "Team", "Member", "Membership", "events"'


def truncate(database_url: str) -> None:
    """Empty the test schema's tables."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def graphql(operation: str, root: str, args: str = "", selection: str = "") -> str:
    """A request in prisma-client-py's GraphQL dialect, e.g. graphql("query", "findManyTeam", "", "id")."""
    arguments = f"({args})" if args else ""
    fields = f"{{ {selection} }}" if selection else ""
    return f"{operation} {{ result: {root}{arguments} {fields} }}"


class BridgeProcess:
    """A bridge process on `url`; its stdout and stderr go to files (read with .stdout/.stderr)."""

    def __init__(self, proc: subprocess.Popen, port: int, out_dir: Path) -> None:
        self.proc = proc
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.http = httpx.Client(base_url=self.url, timeout=20)
        self._out_dir = out_dir

    @property
    def stdout(self) -> str:
        return (self._out_dir / "stdout").read_text(errors="replace")

    @property
    def stderr(self) -> str:
        return (self._out_dir / "stderr").read_text(errors="replace")

    def post(self, path: str, body: object = None, **kwargs) -> httpx.Response:
        if isinstance(body, (str, bytes)):
            return self.http.post(path, content=body, **kwargs)
        return self.http.post(path, json=body, **kwargs)

    def query(self, text: str, **kwargs) -> dict:
        """POST / with one GraphQL query; the answer must be 200 (errors are in the body)."""
        response = self.post("/", {"query": text, "variables": {}}, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()

    def wait_ready(self, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.http.get("/status").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.proc.poll() is None, f"bridge exited ({self.proc.returncode}): {self.stderr}"
            assert time.monotonic() < deadline, "bridge did not answer /status"
            time.sleep(0.05)

    def stop(self, sig: int = signal.SIGINT, timeout: float = 10) -> int:
        """Send `sig` (prisma-client-py sends SIGINT) and return the exit code."""
        self.http.close()
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                raise
        return self.proc.returncode


@contextmanager
def run_bridge(database_url: str | None, *, env: dict[str, str] | None = None,
               wait: bool = True) -> Iterator[BridgeProcess]:
    """Start bin/query-engine on a free port with the test schema; stop it afterwards."""
    port = free_port()
    full_env = {**os.environ, "PRISMA_DML_PATH": str(SCHEMA), "RUST_LOG": "error", **(env or {})}
    if database_url is not None:
        full_env["BRIDGE_TEST_DATABASE_URL"] = database_url
    with tempfile.TemporaryDirectory(prefix="bridge-") as tmp:
        out_dir = Path(tmp)
        with open(out_dir / "stdout", "wb") as stdout, open(out_dir / "stderr", "wb") as stderr:
            proc = subprocess.Popen(
                [str(bridge.QUERY_ENGINE), "-p", str(port), "--enable-metrics", "--enable-raw-queries"],
                env=full_env, stdout=stdout, stderr=stderr,
            )
        process = BridgeProcess(proc, port, out_dir)
        try:
            if wait:
                process.wait_ready()
            yield process
        finally:
            if proc.poll() is None:
                process.stop()
