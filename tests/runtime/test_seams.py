"""The runtime's seams hold against the installed LiteLLM, and docs/runtime.md lists exactly them."""
from __future__ import annotations

import re
from pathlib import Path

import litellm
import pytest

from alchemi.runtime import callbacks
from alchemi.runtime.seams import SEAMS

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("seam", SEAMS, ids=lambda s: s.name)
def test_seam_contract_holds(seam):
    assert seam.problem() is None, f"seam {seam.name} broken: {seam.problem()}"


def test_every_seam_has_a_contract():
    assert all(len(s.contract) > 40 for s in SEAMS)
    assert len({s.name for s in SEAMS}) == len(SEAMS)


def test_docs_list_exactly_the_seams():
    text = (ROOT / "docs" / "runtime.md").read_text()
    table = text.split("## Seams", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| (\w+) \|", table, re.M)
    assert {name: (target, kind) for name, target, kind in rows} == {s.name: (s.target, s.kind) for s in SEAMS}


def test_a_router_registers_exactly_the_callbacks_we_detach():
    """If an upgrade makes Router.__init__ register more (or other) global callbacks, account
    routers would grow the lists again: this names what changed."""
    lists = sorted(callbacks.callback_list_sizes())
    before = {name: list(getattr(litellm, name)) for name in lists}
    router = litellm.Router(model_list=[])
    try:
        added = {name: [cb for cb in getattr(litellm, name) if cb not in before[name]] for name in lists}
        expected = {name: [] for name in lists}
        for list_name, method, _ in callbacks.ROUTER_CALLBACKS:
            expected[list_name] = [getattr(router, method)]
        assert added == expected
        callbacks.detach(router)
        assert {name: list(getattr(litellm, name)) for name in lists} == before
    finally:
        router.discard()
