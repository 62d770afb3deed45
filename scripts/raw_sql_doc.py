#!/usr/bin/env python3
"""Write the raw SQL tables of docs/tenancy.md from alchemi/tenancy/raw_sql_sites.py.

The tables sit between `<!-- raw-sql:begin -->` and `<!-- raw-sql:end -->`; everything else
in the document is left as it is. `--check` writes nothing and exits 1 when they are stale.
tests/tenancy/test_raw_sql_sites.py runs the same rendering, so the doc and the data never
disagree.
"""
from __future__ import annotations

import sys
from pathlib import Path

from alchemi.tenancy.doc_sections import replace_section, write_or_check
from alchemi.tenancy.raw_sql_sites import HANDLINGS, ROUTED, SITES, totals

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "tenancy.md"
BEGIN = "<!-- raw-sql:begin -->"
END = "<!-- raw-sql:end -->"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _code(text: str) -> str:
    return f"`{_cell(text).replace('`', '')}`" if text else ""


def _why(note: str, fix: str) -> str:
    return _cell(note + (f" **Fix:** {fix}" if fix else ""))


def summary() -> str:
    """'N sites: a tenant-views, b system-by-design, ...' for the installed package."""
    counts = totals()
    return f"{len(SITES)} sites: " + ", ".join(f"{counts[h]} {h}" for h in HANDLINGS)


def render_tables() -> str:
    """The summary line, the site table and the routed-statement table, in data order."""
    lines = [f"**{summary()}** (plus {len(ROUTED)} statements routed through pass-through sites).", "",
             "| File | Function | Method | SQL | Tables | Scope | Handling | Why |",
             "|---|---|---|---|---|---|---|---|"]
    lines += [f"| `{s.file}` | `{s.function}` | {s.method} | {_code(s.sql)} | {_cell(', '.join(s.tables))} "
              f"| {s.scope} | {s.handling} | {_why(s.note, s.fix)} |" for s in SITES]
    lines += ["", "Statements that reach a pass-through site (its SQL is a parameter) from its callers:", "",
              "| Via | Caller | SQL | Tables | Scope | Handling | Why |", "|---|---|---|---|---|---|---|"]
    lines += [f"| `{r.via}` | `{r.function}` | {_code(r.sql)} | {_cell(', '.join(r.tables))} | {r.scope} "
              f"| {r.handling} | {_why(r.note, r.fix)} |" for r in ROUTED]
    return "\n".join(lines)


def render(doc: str) -> str:
    """`doc` with the text between the markers replaced by the current content."""
    return replace_section(doc, BEGIN, END, render_tables(), DOC_PATH.name)


def main(argv: list[str]) -> int:
    return write_or_check(DOC_PATH, render, argv, "scripts/raw_sql_doc.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
