"""Every seam holds against the installed LiteLLM, and CUSTOMIZATIONS.md lists exactly them."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from alchemi import seams
from alchemi.overlay import prepare

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module", autouse=True)
def _overlay_prepared():
    prepare()


@pytest.mark.parametrize("seam", seams.SEAMS, ids=lambda s: s.name)
def test_seam_contract_holds(seam):
    assert seam.problem() is None, f"seam {seam.name} broken: {seam.problem()}"


def test_verify_all_passes():
    seams.verify_all()


def test_a_moved_internal_is_reported_by_name():
    moved = seams.Seam(name="example.moved", target="litellm.proxy.proxy_server:no_such_global",
                       kind="read", contract="", check=lambda obj: None)
    assert "not found" in moved.problem()
    with pytest.raises(seams.SeamError, match="example.moved"):
        seams.verify_all((moved,))


def test_a_changed_signature_is_reported():
    changed = seams.Seam(name="example.sig", target="litellm.proxy.db.prisma_client:PrismaWrapper._write_engine",
                         kind="replace", contract="", check=seams._is_callable_with("prisma_client", "new_param"))
    assert "new_param" in changed.problem()


def test_customizations_md_lists_exactly_the_seams():
    text = (ROOT / "CUSTOMIZATIONS.md").read_text()
    table = text.split("## Seams", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| `([^`]+)` \| (\w+) \|", table, re.M)
    documented = {name: (target, kind) for name, target, kind in rows}
    declared = {s.name: (s.target, s.kind) for s in seams.SEAMS}
    assert documented == declared


def test_every_seam_has_a_contract():
    for s in seams.SEAMS:
        assert len(s.contract) > 40, s.name
