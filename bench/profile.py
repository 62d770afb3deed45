"""Where a server's time goes under load: py-spy samples it while the load generator runs, and
the collapsed stacks are summarised by component (the package of the innermost frame that
belongs to a named component) and by function.

py-spy comes from PyPI (`.venv/bin/pip install py-spy`); it is only needed with --profile.
The collapsed stacks are kept, gzipped, next to the results (gunzip, then open them with
speedscope or flamegraph.pl).
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

# Innermost frame first: the first frame whose file starts with one of these names is where a
# sample's time is attributed. Order matters only for ties (none expected).
COMPONENTS = (
    ("alchemi", "alchemi (overlay)"),
    ("litellm_proxy_extras", "litellm"),
    ("litellm", "litellm"),
    ("prisma", "prisma-client-py"),
    ("fastapi", "fastapi/starlette"),
    ("starlette", "fastapi/starlette"),
    ("pydantic", "pydantic"),
    ("pydantic_core", "pydantic"),
    ("uvicorn", "uvicorn/h11"),
    ("h11", "uvicorn/h11"),
    ("httpx", "httpx/httpcore"),
    ("httpcore", "httpx/httpcore"),
    ("aiohttp", "aiohttp"),
    ("openai", "openai sdk"),
    ("orjson", "json"),
    ("json", "json"),
    ("logging", "logging"),
    ("asyncio", "asyncio"),
    ("uvloop", "asyncio"),
)
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*):(?P<line>\d+)\)$")


def py_spy() -> str | None:
    here = Path(sys.executable).parent / "py-spy"
    return str(here) if here.exists() else shutil.which("py-spy")


def record(pid: int, out: Path, seconds: float, rate: int = 200) -> subprocess.Popen:
    """Start sampling `pid` (and its Python children) for `seconds`; wait on the returned process."""
    exe = py_spy()
    if exe is None:
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install py-spy")
    out.parent.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([exe, "record", "--pid", str(pid), "--duration", str(int(seconds)), "--rate", str(rate),
                             "--format", "raw", "--nonblocking", "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def compress(collapsed: Path) -> Path:
    """gzip the collapsed stacks (a few MB of text per profile) and return the kept file."""
    import gzip

    kept = collapsed.with_name(collapsed.name + ".gz")
    with open(collapsed, "rb") as src, gzip.open(kept, "wb") as dst:
        shutil.copyfileobj(src, dst)
    collapsed.unlink()
    return kept


def _component(file: str) -> str | None:
    head = file.split("/", 1)[0].removesuffix(".py")
    for name, label in COMPONENTS:
        if head == name:
            return label
    return None


def _frames(stack: str) -> list[tuple[str, str]]:
    out = []
    for raw in stack.split(";"):
        m = _FRAME.match(raw)
        out.append((m["func"], m["file"]) if m else (raw, ""))
    return out


# Packages an overlay frame hands the request back to: time below them is LiteLLM's work (or
# the database's), not the overlay's, even when an overlay wrapper is further up the stack.
_WRAPPED = frozenset({"litellm", "litellm_proxy_extras", "fastapi", "starlette", "uvicorn", "prisma"})


def _ours(file: str) -> bool:
    return file.startswith("alchemi/")


def summarise(collapsed: Path, top: int = 12) -> dict:
    """Shares of samples: by component (innermost named frame), the busiest functions, and the
    overlay's own time: samples inside an alchemi function and what it calls itself, not below
    a hand-back to LiteLLM, Starlette or the Prisma client (so the middleware that wraps every
    request, or the guard around every query, counts only for its own work)."""
    components: Counter = Counter()
    self_funcs: Counter = Counter()
    overlay: Counter = Counter()
    total = 0
    for line in collapsed.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        n = int(count)
        frames = _frames(stack)
        total += n
        label = next((c for _, f in reversed(frames) if (c := _component(f))), "other")
        components[label] += n
        func, file = frames[-1]
        self_funcs[f"{func} ({file})"] += n
        last = max((i for i, (_, f) in enumerate(frames) if _ours(f) and not f.startswith("alchemi/cli/")),
                   default=None)
        if last is not None and not any(f.split("/", 1)[0] in _WRAPPED for _, f in frames[last + 1:]):
            func, file = frames[last]
            overlay[f"{func} ({file})"] += n
    pct = lambda n: round(100 * n / total, 1) if total else 0.0  # noqa: E731
    return {
        "samples": total,
        "components_pct": {k: pct(v) for k, v in components.most_common()},
        "top_self_pct": {k: pct(v) for k, v in self_funcs.most_common(top)},
        "overlay_own_pct": pct(sum(overlay.values())),
        "overlay_own_by_function_pct": {k: pct(v) for k, v in overlay.most_common(top)},
    }
