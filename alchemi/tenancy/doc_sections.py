"""Keep a generated section of docs/tenancy.md (between two markers) in step with its data."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def replace_section(doc: str, begin: str, end: str, body: str, name: str) -> str:
    """`doc` with the text between `begin` and `end` replaced by `body`."""
    head, found_begin, rest = doc.partition(begin)
    _, found_end, tail = rest.partition(end)
    if not found_begin or not found_end:
        raise ValueError(f"{name} must contain {begin} followed by {end}")
    return f"{head}{begin}\n{body}\n{end}{tail}"


def write_or_check(path: Path, render: Callable[[str], str], argv: list[str], script: str) -> int:
    """Rewrite `path` with `render`, or with --check only say whether it is stale (exit 1)."""
    current = path.read_text()
    wanted = render(current)
    if "--check" in argv:
        if current != wanted:
            print(f"{path.name} is stale: run `python {script}`")
            return 1
        return 0
    if current != wanted:
        path.write_text(wanted)
    print(f"{path.name}: {'updated' if current != wanted else 'unchanged'}")
    return 0
