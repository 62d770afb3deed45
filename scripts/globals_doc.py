#!/usr/bin/env python3
"""Write the process-global table of docs/tenancy.md from alchemi/runtime/globals_table.py.

The table sits between `<!-- globals:begin -->` and `<!-- globals:end -->`; everything else in
the document is left as it is. `--check` writes nothing and exits 1 when the table is stale.
The counts come from scanning the installed LiteLLM (alchemi/runtime/globals_scan.py), so an
upgrade that adds or removes globals makes the table stale. tests/runtime/test_globals_table.py
runs the same rendering, so the doc and the data never disagree.
"""
from __future__ import annotations

import sys
from pathlib import Path

from alchemi.runtime.globals_scan import ENV_WRITE, KINDS, LITELLM_SETTING, PROXY_GLOBAL, counts, scan
from alchemi.runtime.globals_table import (ENTRIES, PENDING, PER_ACCOUNT, REVIEWED_LITELLM, STRATEGIES, Cover,
                                           Entry, coverage, totals)
from alchemi.tenancy.doc_sections import replace_section, write_or_check

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "tenancy.md"
# what is done, then what is not, then what needs nothing
DOC_ORDER = (PER_ACCOUNT, PENDING, *(s for s in STRATEGIES if s not in (PER_ACCOUNT, PENDING)))
BEGIN = "<!-- globals:begin -->"
END = "<!-- globals:end -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _target(cover: Cover) -> str:
    """How one pattern reads in the table: the object, as LiteLLM's code names it."""
    target, _, function = cover.name.partition(" @ ")
    dynamic = target.startswith("{")
    if cover.kind == LITELLM_SETTING:
        text = f"setattr(litellm, {target[1:-1]})" if dynamic else f"litellm.{target}"
    elif cover.kind == ENV_WRITE:
        text = f"os.environ[{target[1:-1] if dynamic else repr(target)}]"
    else:
        text = target
    if target == "*":
        text = {ENV_WRITE: "os.environ[...]", LITELLM_SETTING: "litellm.*"}.get(cover.kind, "*")
    return f"`{text}`" + (f" in `{function}`" if function and function != "*" else "")


def _objects(entry: Entry) -> str:
    """The entry's patterns, grouped by module in the order they are declared."""
    groups: dict[str, list[str]] = {}
    for cover in entry.covers:
        module = "proxy_server" if cover.kind == PROXY_GLOBAL else cover.module
        groups.setdefault(module, []).append(_target(cover))
    return "; ".join(f"`{module}`: {', '.join(targets)}" for module, targets in groups.items())


def summary() -> str:
    """'N globals: a per-account, b shared-safe, ...' for the installed package."""
    items = scan()
    by_strategy = totals(items)
    by_kind = counts(items)
    return (f"{len(items)} globals found: " + ", ".join(f"{by_strategy[s]} {s}" for s in STRATEGIES)
            + " (" + ", ".join(f"{by_kind[k]} {k}" for k in KINDS) + ")")


def render_table() -> str:
    """The summary line and one row per entry, grouped by strategy in DOC_ORDER."""
    covered = coverage(scan())
    lines = [f"**{summary()}**; reviewed against LiteLLM {REVIEWED_LITELLM}.", "",
             "| Strategy | Objects | Found | In LiteLLM | Why / where |", "|---|---|---|---|---|"]
    for strategy in DOC_ORDER:
        for entry in (e for e in ENTRIES if e.strategy.name == strategy):
            if strategy == PER_ACCOUNT:
                why = f"{entry.note} Where: {entry.strategy.detail}." + (
                    f" Without it: {entry.risk}" if entry.risk else "")
            elif strategy == PENDING:
                why = f"{entry.note} **Risk:** {entry.risk}"
            else:
                why = f"{entry.note} {entry.strategy.detail}"
            lines.append(f"| {strategy} | {_cell(entry.title)} | {len(covered[entry.title])} "
                         f"| {_cell(_objects(entry))} | {_cell(why)} |")
    return "\n".join(lines)


def render(doc: str) -> str:
    """`doc` with the text between the markers replaced by the current content."""
    return replace_section(doc, BEGIN, END, render_table(), DOC_PATH.name)


def main(argv: list[str]) -> int:
    return write_or_check(DOC_PATH, render, argv, "scripts/globals_doc.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
