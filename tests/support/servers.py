"""Start and stop real server processes for tests: the proxy (`alchemi serve`) and the fake
upstream. Output goes to a log file whose tail is shown when a server fails to come up."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class ServerProcess:
    proc: subprocess.Popen
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self, timeout: float = 20, sig: int = signal.SIGINT) -> int | None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        return self.proc.returncode


def start(cmd: list[str], *, url: str, ready_path: str, log_path: Path, env: dict[str, str] | None = None,
          timeout: float = 90) -> ServerProcess:
    """Start `cmd` in its own process group and wait until GET url+ready_path answers 200."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=PROJECT_ROOT,
                            start_new_session=True)
    server = ServerProcess(proc, url, log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{cmd} exited with {proc.returncode}:\n{server.log()[-4000:]}")
        try:
            if httpx.get(url + ready_path, timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"{cmd} not ready after {timeout}s:\n{server.log()[-4000:]}")


def start_fake_upstream(name: str, log_dir: Path) -> ServerProcess:
    port = free_port()
    return start([sys.executable, "-m", "tests.support.fake_openai", "--port", str(port), "--name", name],
                 url=f"http://127.0.0.1:{port}", ready_path="/v1/models", log_path=log_dir / f"upstream-{name}.log",
                 timeout=30)


def alchemi_env(**overrides: str) -> dict[str, str]:
    """The environment for an `alchemi serve` child: ours, minus anything a developer's shell
    might carry that would change the server under test."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "LITELLM_MASTER_KEY", "CONFIG_FILE_PATH", "WORKER_CONFIG", "PORT"}}
    env.update({"ALCHEMI_ENV": "test", "LITELLM_LOCAL_MODEL_COST_MAP": "True", "PYTHONUNBUFFERED": "1"})
    env.update(overrides)
    return env


def start_proxy(log_path: Path, *, workers: int = 1, timeout: float = 120, **env: str) -> ServerProcess:
    port = free_port()
    cmd = [sys.executable, "-m", "alchemi.cli", "serve", "--port", str(port), "--workers", str(workers),
           "--log-level", "warning"]
    return start(cmd, url=f"http://127.0.0.1:{port}", ready_path="/health/readiness", log_path=log_path,
                 env=alchemi_env(**env), timeout=timeout)
