"""Build the branded dashboard: `python -m alchemi.branding.build [--force]`.

Takes the compiled dashboard shipped in the pinned LiteLLM wheel, runs our rewriter over it
(`node/brand.mjs`, under Node) and leaves the result in a directory of its own, named after a
key: the wheel's record of the dashboard's files, our rewriter's sources and assets, and the
build options. Nothing changed, nothing to do: checking costs reading the wheel's RECORD and
hashing a few small files. The wheel's files are verified against its RECORD before each build,
so a dashboard edited in place is refused rather than branded.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Bump when the build's output changes for the same inputs in a way the input hashes miss.
BUILD_VERSION = "1"

NODE_DIR = Path(__file__).resolve().parent / "node"
BRAND_ASSETS = Path(__file__).resolve().parents[2] / "ui" / "brand"
DASHBOARD_IN_WHEEL = "litellm/proxy/_experimental/out/"
STAMP = ".alchemi-build.json"
DEFAULT_DOCS_URL = "/ui/docs"
DEFAULT_SUPPORT_URL = "/ui/support"
_NODE_PACKAGES = ("acorn", "acorn-walk", "parse5")


class BrandingError(RuntimeError):
    """The branded dashboard cannot be built; the message says why and what to do."""


@dataclass(frozen=True)
class Options:
    """Where the build goes and the link targets it writes in place of upstream ones."""

    output_root: Path
    docs_url: str
    support_url: str

    @classmethod
    def from_env(cls) -> Options:
        root = os.environ.get("ALCHEMI_UI_DIR")
        if not root:
            cache = os.environ.get("ALCHEMI_CACHE_DIR")
            if not cache:
                import platformdirs

                cache = platformdirs.user_cache_dir("alchemi", appauthor=False)
            root = str(Path(cache) / "dashboard")
        return cls(output_root=Path(root).expanduser(),
                   docs_url=os.environ.get("ALCHEMI_DOCS_URL", DEFAULT_DOCS_URL),
                   support_url=os.environ.get("ALCHEMI_SUPPORT_URL", DEFAULT_SUPPORT_URL))


def dashboard_source() -> Path:
    """The compiled dashboard inside the installed LiteLLM package (found without importing it)."""
    spec = importlib.util.find_spec("litellm")
    if spec is None or not spec.submodule_search_locations:
        raise BrandingError("litellm is not installed: run `make setup`")
    return Path(list(spec.submodule_search_locations)[0]) / "proxy" / "_experimental" / "out"


def _wheel_record() -> dict[str, str]:
    """{path inside the dashboard: "sha256=..."} as the installed wheel recorded it."""
    dist = importlib.metadata.distribution("litellm")
    record = {}
    for f in dist.files or ():
        name = str(f).replace(os.sep, "/")
        if name.startswith(DASHBOARD_IN_WHEEL) and f.hash is not None:
            record[name[len(DASHBOARD_IN_WHEEL):]] = f"{f.hash.mode}={f.hash.value}"
    if not record:
        raise BrandingError("the installed litellm has no RECORD entries for its dashboard; reinstall it "
                            "(pip install --force-reinstall litellm==<pin>)")
    return record


def _our_inputs() -> list[Path]:
    sources = sorted(p for p in NODE_DIR.iterdir() if p.suffix in {".mjs", ".js"} or p.name == "package-lock.json")
    assets = sorted(p for p in BRAND_ASSETS.iterdir() if p.is_file()) if BRAND_ASSETS.is_dir() else []
    return sources + assets


def build_key(options: Options) -> str:
    """Changes when the wheel's dashboard, our rewriter, our assets or the options change."""
    h = hashlib.sha256()
    h.update(f"build {BUILD_VERSION}\nlitellm {importlib.metadata.version('litellm')}\n".encode())
    for name, digest in sorted(_wheel_record().items()):
        h.update(f"{name} {digest}\n".encode())
    for path in _our_inputs():
        h.update(f"{path.name} {hashlib.sha256(path.read_bytes()).hexdigest()}\n".encode())
    h.update(f"docs {options.docs_url}\nsupport {options.support_url}\n".encode())
    return h.hexdigest()


def _verify_source(src: Path, record: dict[str, str]) -> None:
    import base64

    problems = []
    for name, digest in record.items():
        path = src / name
        if not path.is_file():
            problems.append(f"missing {name}")
            continue
        actual = base64.urlsafe_b64encode(hashlib.sha256(path.read_bytes()).digest()).rstrip(b"=").decode()
        if digest != f"sha256={actual}":
            problems.append(f"changed {name}")
    extra = [p for p in src.rglob("*") if p.is_file() and p.relative_to(src).as_posix() not in record]
    problems += [f"not in the wheel: {p.relative_to(src).as_posix()}" for p in extra]
    if problems:
        raise BrandingError(
            f"the dashboard in the installed litellm ({src}) differs from the wheel's RECORD "
            f"({len(problems)} files, e.g. {'; '.join(problems[:3])}); something edited it in place. "
            "Reinstall it: pip install --force-reinstall --no-deps litellm==<pin>")


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise BrandingError("node not found: install Node.js 18+ (Debian: apt-get install nodejs npm)")
    return node


def node_modules_installed() -> bool:
    return all((NODE_DIR / "node_modules" / name / "package.json").is_file() for name in _NODE_PACKAGES)


def install_node_modules() -> None:
    """The rewriter's npm packages, exactly as locked."""
    npm = shutil.which("npm")
    if npm is None:
        raise BrandingError("npm not found: install Node.js 18+ (Debian: apt-get install nodejs npm)")
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=NODE_DIR, check=True)


def current_build(options: Options | None = None) -> Path | None:
    """The branded dashboard for the installed wheel and our sources, if it is built."""
    options = options or Options.from_env()
    target = options.output_root / build_key(options)[:16]
    return target if (target / STAMP).is_file() else None


def ensure_built(options: Options | None = None, *, force: bool = False) -> tuple[Path, dict | None]:
    """Build the branded dashboard unless it is current. Returns (its directory, the build
    report, or None when it was already current)."""
    options = options or Options.from_env()
    key = build_key(options)
    target = options.output_root / key[:16]
    if (target / STAMP).is_file() and not force:
        return target, None
    src = dashboard_source()
    _verify_source(src, _wheel_record())
    if not node_modules_installed():
        install_node_modules()
    options.output_root.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix=".build-", dir=options.output_root) as tmp:
        work = Path(tmp) / "out"
        proc = subprocess.run(
            [_node(), str(NODE_DIR / "brand.mjs"), "--src", str(src), "--dest", str(work), "--assets", str(BRAND_ASSETS),
             "--docs", options.docs_url, "--support", options.support_url],
            capture_output=True, text=True)
        if proc.returncode != 0:
            raise BrandingError(f"the branding build failed:\n{proc.stderr.strip() or proc.stdout[-2000:]}")
        report = json.loads(proc.stdout)
        report.update(key=key, build_version=BUILD_VERSION, seconds=round(time.monotonic() - started, 2))
        (work / STAMP).write_text(json.dumps(report, indent=1, sort_keys=True))
        if force and target.exists():
            shutil.rmtree(target)
        try:
            work.rename(target)
        except OSError:
            if not (target / STAMP).is_file():  # not another process's finished build
                raise
    _prune(options.output_root, keep=target)
    return target, report


def _prune(root: Path, keep: Path) -> None:
    """Remove branded builds of earlier inputs (an upgrade, a changed rule)."""
    for entry in root.iterdir():
        if entry != keep and entry.is_dir() and not entry.name.startswith(".") and (entry / STAMP).is_file():
            shutil.rmtree(entry, ignore_errors=True)


def summary(report: dict) -> str:
    files, literals = report["files"], report["literals"]
    return (f"rewrote {files['rewritten']['js']} scripts, {files['rewritten']['html']} pages, "
            f"{files['rewritten']['txt']} RSC payloads; {literals['rewritten']} literals rebranded, "
            f"{literals['protected']} protected; {report['seconds']}s")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m alchemi.branding.build", description=__doc__.splitlines()[0])
    p.add_argument("--force", action="store_true", help="rebuild even when current")
    p.add_argument("--json", action="store_true", help="print the build report")
    args = p.parse_args(argv)
    try:
        target, report = ensure_built(force=args.force)
    except BrandingError as e:
        print(f"branding: {e}", file=sys.stderr)
        return 2
    if args.json:
        print((target / STAMP).read_text())
    elif report is None:
        print(f"Branded dashboard is current: {target}")
    else:
        print(f"Branded dashboard built in {target}: {summary(report)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
