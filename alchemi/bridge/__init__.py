"""The Prisma query-engine bridge: prisma-client-py's engine protocol served by Node.

prisma-client-py spawns a `query-engine` binary that it would normally download from a host
our machines cannot reach. We point it (PRISMA_QUERY_ENGINE_BINARY) at `bin/query-engine`,
which runs `server.mjs`: `@prisma/query-engine-wasm` over `@prisma/adapter-pg`, behind the
same HTTP protocol. Only Node and the npm packages in package-lock.json are needed.
See docs/bridge.md.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

BRIDGE_DIR = Path(__file__).resolve().parent
QUERY_ENGINE = BRIDGE_DIR / "bin" / "query-engine"
SCHEMA_ENGINE = BRIDGE_DIR / "bin" / "schema-engine"
# The engine commit prisma-client-py 0.15.0 was built against; the wasm package must match.
ENGINE_COMMIT = "393aa359c9ad4a4bb28630fb5613f9c281cde053"


class BridgeError(RuntimeError):
    """The bridge cannot run here (no Node, or its packages are not installed)."""


def node_modules_installed() -> bool:
    """Whether the bridge's npm packages are installed (see `install_node_modules`)."""
    return (BRIDGE_DIR / "node_modules" / "@prisma" / "query-engine-wasm").is_dir()


def install_node_modules() -> None:
    """Install the bridge's npm packages exactly as locked (`npm ci`)."""
    npm = shutil.which("npm")
    if npm is None:
        raise BridgeError("npm not found: install Node.js 18+ (Debian: apt-get install nodejs npm)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BRIDGE_DIR, check=True)


def engine_env(cache_dir: Path) -> dict[str, str]:
    """Environment that makes prisma-client-py (generate and runtime) use the bridge.

    `cache_dir` holds the Prisma CLI that prisma-client-py installs from npm for `generate`.
    """
    return {
        "PRISMA_QUERY_ENGINE_BINARY": str(QUERY_ENGINE),
        "PRISMA_SCHEMA_ENGINE_BINARY": str(SCHEMA_ENGINE),
        "PRISMA_BINARY_CACHE_DIR": str(cache_dir / "prisma"),
        "PRISMA_NODEENV_CACHE_DIR": str(cache_dir / "nodeenv"),
        "PRISMA_USE_GLOBAL_NODE": "1",
        "PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING": "1",
        "PRISMA_SKIP_POSTINSTALL_GENERATE": "1",
        "PRISMA_HIDE_UPDATE_MESSAGE": "1",
        "CHECKPOINT_DISABLE": "1",
    }


def apply_engine_env(cache_dir: Path) -> None:
    """Set `engine_env` in this process (children inherit it)."""
    os.environ.update(engine_env(cache_dir))
