"""Keep the generated Prisma client (the `prisma` package LiteLLM imports) in step with
schema.prisma. Generation runs offline: the engine is our bridge (alchemi.bridge)."""
from __future__ import annotations

import compileall
import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path

from alchemi import bridge
from alchemi.db import lazy_types
from alchemi.db.schema import SCHEMA_PATH

_STAMP = ".alchemi-schema.sha256"


class ClientGenerationError(RuntimeError):
    """`prisma generate` failed; the message carries its output."""


def _package_dir() -> Path:
    spec = importlib.util.find_spec("prisma")
    if spec is None or spec.origin is None:
        raise ClientGenerationError("prisma-client-py is not installed (pip install -e .)")
    return Path(spec.origin).parent


def _fingerprint(schema: Path) -> str:
    h = hashlib.sha256(schema.read_bytes())
    h.update(str(bridge.QUERY_ENGINE).encode())  # the generated client embeds the engine path
    h.update(lazy_types.MARKER.encode())  # what we do to the generated client (below)
    return h.hexdigest()


def is_current(schema: Path = SCHEMA_PATH) -> bool:
    stamp = _package_dir() / _STAMP
    return stamp.exists() and stamp.read_text().strip() == _fingerprint(schema)


def generate(cache_dir: Path, schema: Path = SCHEMA_PATH) -> None:
    """Run `prisma generate` for `schema` into the installed `prisma` package."""
    env = {**os.environ, **bridge.engine_env(cache_dir)}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    r = subprocess.run([sys.executable, "-m", "prisma", "generate", f"--schema={schema}"],
                       env=env, capture_output=True, text=True, cwd=schema.parent)
    if r.returncode != 0:
        raise ClientGenerationError(f"prisma generate failed:\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}")
    lazy_types.make_lazy(_package_dir())
    # The generated types module is ~7 MB of source; without its bytecode cached, every worker
    # compiles it at import (~3.5 s of each start-up).
    compileall.compile_dir(str(_package_dir()), quiet=1, force=True)
    (_package_dir() / _STAMP).write_text(_fingerprint(schema) + "\n")


def ensure(cache_dir: Path, schema: Path = SCHEMA_PATH) -> bool:
    """Generate the client if it is missing or stale; return True if it was generated."""
    if is_current(schema):
        return False
    generate(cache_dir, schema)
    return True
