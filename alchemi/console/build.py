"""Build our console pages (ui/) when they are missing or stale: `python -m alchemi.console.build [--force]`.

ui/ is a Next.js app exported as static files. The build runs `npm ci` (only when the lock file
changed since the last install) and `next build`, then copies the export into a directory of
its own under the cache, named after a key: a hash of every source file of ui/ that reaches
the browser (pages, components, styles, configs, the lock file, the brand assets). Nothing
changed, nothing to do: checking costs hashing a few dozen small files. Tests and the test
configuration are not part of the key; they do not change what is served.
"""
from __future__ import annotations

import argparse
import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

# Bump when the build's output changes for the same inputs in a way the input hashes miss.
BUILD_VERSION = "1"

UI_DIR = Path(__file__).resolve().parents[2] / "ui"
STAMP = ".alchemi-build.json"
LOCK_STAMP = ".alchemi-lock.sha256"  # inside node_modules: the lock file it was installed from
# What reaches the browser; everything else in ui/ (tests, node_modules, build output) does not.
_SOURCE_DIRS = ("src", "brand", "public")
_SOURCE_FILES = ("package.json", "package-lock.json", "next.config.mjs", "tsconfig.json", "tailwind.config.ts",
                 "postcss.config.mjs")
_SKIP_SUFFIXES = (".test.ts", ".test.tsx")


class ConsoleBuildError(RuntimeError):
    """The console pages cannot be built; the message says why and what to do."""


def output_root() -> Path:
    """ALCHEMI_CONSOLE_DIR, else <ALCHEMI_CACHE_DIR or the per-user cache>/console."""
    root = os.environ.get("ALCHEMI_CONSOLE_DIR")
    if not root:
        cache = os.environ.get("ALCHEMI_CACHE_DIR")
        if not cache:
            import platformdirs

            cache = platformdirs.user_cache_dir("alchemi", appauthor=False)
        root = str(Path(cache) / "console")
    return Path(root).expanduser()


def sources(ui_dir: Path = UI_DIR) -> list[Path]:
    files = [ui_dir / name for name in _SOURCE_FILES if (ui_dir / name).is_file()]
    for d in _SOURCE_DIRS:
        if (ui_dir / d).is_dir():
            files += [p for p in (ui_dir / d).rglob("*")
                      if p.is_file() and not p.name.endswith(_SKIP_SUFFIXES) and "__tests__" not in p.parts]
    return sorted(files)


def build_key(ui_dir: Path = UI_DIR) -> str:
    """Changes when anything the export is made from changes."""
    h = hashlib.sha256(f"build {BUILD_VERSION}\n".encode())
    for path in sources(ui_dir):
        h.update(f"{path.relative_to(ui_dir).as_posix()} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    return h.hexdigest()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ConsoleBuildError(f"{name} not found: install Node.js 18+ (Debian: apt-get install nodejs npm)")
    return path


def _lock_hash(ui_dir: Path) -> str:
    return hashlib.sha256((ui_dir / "package-lock.json").read_bytes()).hexdigest()


def node_modules_current(ui_dir: Path = UI_DIR) -> bool:
    stamp = ui_dir / "node_modules" / LOCK_STAMP
    return stamp.is_file() and stamp.read_text().strip() == _lock_hash(ui_dir)


def install_node_modules(ui_dir: Path = UI_DIR) -> None:
    """ui/'s npm packages, exactly as locked (dev ones included: the build and the tests need them)."""
    proc = subprocess.run([_tool("npm"), "ci", "--no-audit", "--no-fund", "--loglevel=error", "--include=dev"],
                          cwd=ui_dir, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ConsoleBuildError(f"npm ci in ui/ failed:\n{(proc.stderr or proc.stdout).strip()[-3000:]}")
    (ui_dir / "node_modules" / LOCK_STAMP).write_text(_lock_hash(ui_dir))


@contextlib.contextmanager
def _exclusive(root: Path) -> Iterator[None]:
    """One build at a time per machine user: `next build` writes into ui/ itself."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def current_build(root: Path | None = None) -> Path | None:
    """The export for the current sources, if it is built."""
    if not UI_DIR.is_dir():
        return None
    target = (root or output_root()) / build_key()[:16]
    return target if (target / STAMP).is_file() else None


def ensure_built(*, force: bool = False, root: Path | None = None) -> tuple[Path | None, dict | None]:
    """Build the static export unless current. Returns (its directory, the build report or None
    when it was already current). (None, None) when this installation has no ui/ sources."""
    if not (UI_DIR / "package.json").is_file():
        return None, None
    root = root or output_root()
    target = root / build_key()[:16]
    if (target / STAMP).is_file() and not force:
        return target, None
    with _exclusive(root):
        if (target / STAMP).is_file() and not force:  # another process built it while we waited
            return target, None
        started = time.monotonic()
        installed = False
        if not node_modules_current():
            install_node_modules()
            installed = True
        env = {**os.environ, "NEXT_TELEMETRY_DISABLED": "1"}
        shutil.rmtree(UI_DIR / "out", ignore_errors=True)
        proc = subprocess.run([_tool("node"), str(UI_DIR / "node_modules" / "next" / "dist" / "bin" / "next"), "build"],
                              cwd=UI_DIR, capture_output=True, text=True, env=env)
        if proc.returncode != 0 or not (UI_DIR / "out" / "login" / "index.html").is_file():
            raise ConsoleBuildError(f"next build in ui/ failed:\n{(proc.stdout + proc.stderr).strip()[-4000:]}")
        with tempfile.TemporaryDirectory(prefix=".build-", dir=root) as tmp:
            work = Path(tmp) / "out"
            shutil.copytree(UI_DIR / "out", work)
            pages = sorted(p.parent.relative_to(work).as_posix() for p in work.glob("*/index.html"))
            report = {"key": build_key(), "build_version": BUILD_VERSION, "pages": pages, "npm_ci": installed,
                      "seconds": round(time.monotonic() - started, 2)}
            (work / STAMP).write_text(json.dumps(report, indent=1, sort_keys=True))
            if target.exists():
                shutil.rmtree(target)
            work.rename(target)
        _prune(root, keep=target)
    return target, report


KEEP_BUILDS = 3  # servers started on earlier sources keep serving theirs while a developer edits ui/


def _prune(root: Path, keep: Path) -> None:
    """Remove exports of earlier sources, but the few most recent."""
    builds = [e for e in root.iterdir() if e != keep and e.is_dir() and not e.name.startswith(".") and (e / STAMP).is_file()]
    builds.sort(key=lambda e: (e / STAMP).stat().st_mtime, reverse=True)
    for entry in builds[KEEP_BUILDS - 1:]:
        shutil.rmtree(entry, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m alchemi.console.build", description=__doc__.splitlines()[0])
    p.add_argument("--force", action="store_true", help="rebuild even when current")
    args = p.parse_args(argv)
    try:
        target, report = ensure_built(force=args.force)
    except ConsoleBuildError as e:
        print(f"console: {e}", file=sys.stderr)
        return 2
    if target is None:
        print("console: no ui/ sources in this installation; nothing to build")
    elif report is None:
        print(f"Console pages are current: {target}")
    else:
        print(f"Console pages built in {target}: {', '.join(report['pages'])}; {report['seconds']}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
