"""Helpers for the bridge tests (and bench/bridge_find_unique.py): the generated test client,
and running the bridge directly, as prisma-client-py spawns it, for protocol tests."""
from __future__ import annotations

import hashlib
import importlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from types import ModuleType

import httpx

from alchemi import bridge

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schema.prisma"
SCHEMA_SQL = HERE / "schema.sql"
GENERATED = HERE / "_generated"  # gitignored
PACKAGE = "bridge_client"
# Children first; DELETE is much faster than TRUNCATE on these tiny tables.
EMPTY_TABLES = "; ".join(f'DELETE FROM "{t}"' for t in ["events", "Membership", "Member", "Team", "Organization"])


def truncate(database_url: str) -> None:
    """Empty the test schema's tables."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(EMPTY_TABLES)


def cache_dir() -> Path:
    """Where the Prisma CLI used by `prisma generate` is cached (shared with the app)."""
    return Path(os.environ.get("ALCHEMI_CACHE_DIR") or Path.home() / ".cache" / "alchemi")


def engine_environment() -> dict[str, str]:
    """The environment that makes prisma-client-py use the bridge (installing its packages)."""
    if not bridge.node_modules_installed():
        bridge.install_node_modules()
    return bridge.engine_env(cache_dir())


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of the block only."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


async def connect(client_module: ModuleType, database_url: str):
    """A connected client of the generated package. The bridge environment is set only while
    prisma-client-py spawns the engine (it reads it then), so other test suites in the same
    session see the environment they set themselves."""
    client = client_module.Prisma(datasource={"url": database_url})
    with environment(engine_environment()):
        await client.connect()
    return client


def _fingerprint() -> str:
    digest = hashlib.sha256(SCHEMA.read_bytes())
    digest.update(f"{metadata.version('prisma')}|{bridge.QUERY_ENGINE}|{sys.executable}".encode())
    return digest.hexdigest()


def generated_client(env: dict[str, str]) -> ModuleType:
    """The prisma-client-py package for schema.prisma, generated into _generated/bridge_client
    (a custom `output`, so LiteLLM's `prisma` package is never touched) unless it is current,
    and imported as `bridge_client`."""
    out = GENERATED / PACKAGE
    stamp = out / ".fingerprint"
    fingerprint = _fingerprint()
    if not (stamp.exists() and stamp.read_text() == fingerprint):
        shutil.rmtree(out, ignore_errors=True)
        full_env = {**os.environ, **env}
        full_env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{full_env.get('PATH', '')}"
        result = subprocess.run(
            [sys.executable, "-m", "prisma", "generate", f"--schema={SCHEMA}"],
            cwd=HERE, env=full_env, capture_output=True, text=True, timeout=300,
        )
        if result.returncode != 0:
            raise RuntimeError(f"prisma generate failed:\n{result.stdout}\n{result.stderr}")
        stamp.write_text(fingerprint)
    if str(GENERATED) not in sys.path:
        sys.path.insert(0, str(GENERATED))
    return importlib.import_module(PACKAGE)


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
