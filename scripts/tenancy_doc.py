#!/usr/bin/env python3
"""Write the model table of docs/tenancy.md from alchemi/tenancy/classification.py.

The table sits between `<!-- models:begin -->` and `<!-- models:end -->`; everything else in
the document is left as it is. `--check` writes nothing and exits 1 when the table is stale.
tests/tenancy/test_classification.py runs the same rendering, so the doc and the data never
disagree.
"""
from __future__ import annotations

import sys
from pathlib import Path

from alchemi.tenancy.doc_sections import replace_section, write_or_check
from alchemi.tenancy.classification import MODELS, ModelTenancy

DOC_PATH = Path(__file__).resolve().parents[1] / "docs" / "tenancy.md"
BEGIN = "<!-- models:begin -->"
END = "<!-- models:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _key_or_parent(m: ModelTenancy) -> str:
    if m.key_fields:
        return ", ".join(f"`{f}`" for f in m.key_fields)
    if m.parent:
        return f"parent `{m.parent}`"
    return ""


def render_table() -> str:
    """The markdown table of every classified model, one row each, in MODELS order."""
    lines = ["| Model | Strategy | Key fields / parent | Why |", "|---|---|---|---|"]
    lines += [f"| `{m.model}` | {m.strategy.value} | {_key_or_parent(m)} | {_cell(m.reason)} |"
              for m in MODELS]
    return "\n".join(lines)


def render(doc: str) -> str:
    """`doc` with the text between the markers replaced by the current content."""
    return replace_section(doc, BEGIN, END, render_table(), DOC_PATH.name)


def main(argv: list[str]) -> int:
    return write_or_check(DOC_PATH, render, argv, "scripts/tenancy_doc.py")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
