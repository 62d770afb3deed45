"""The distribution pins LiteLLM and never installs (or imports) the proprietary package."""
from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def test_litellm_is_pinned_exactly():
    deps = PYPROJECT["project"]["dependencies"]
    assert "litellm==1.102.4" in deps
    assert version("litellm") == "1.102.4"


def test_litellm_is_installed_without_its_proxy_extra():
    # The proxy extra pulls in litellm-enterprise; we list its other dependencies ourselves.
    assert not any(re.match(r"litellm\[", d) for d in PYPROJECT["project"]["dependencies"])


def test_litellm_enterprise_is_not_installed():
    with pytest.raises(PackageNotFoundError):
        version("litellm-enterprise")


def test_our_code_never_imports_litellm_enterprise():
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "alchemi").rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+(litellm_enterprise|enterprise)\b", p.read_text(), re.M)]
    assert offenders == []


def test_proxy_extra_dependencies_are_declared():
    """Every runtime dependency of litellm[proxy] except litellm-enterprise is ours to declare."""
    from importlib.metadata import requires

    proxy_extra = {re.split(r"[<>=!~; \[]", r, maxsplit=1)[0].lower()
                   for r in requires("litellm") or [] if "extra == 'proxy'" in r or 'extra == "proxy"' in r}
    ours = {re.split(r"[<>=!~; \[]", d, maxsplit=1)[0].lower() for d in PYPROJECT["project"]["dependencies"]}
    assert proxy_extra - ours - {"litellm-enterprise"} == set()


def test_required_top_level_layout_exists():
    for name in ["alchemi", "prisma", "schema.prisma", "scripts", "tests", "bench", "docs", "Dockerfile",
                 "docker-compose.yml", "pyproject.toml", "Makefile", "CUSTOMIZATIONS.md", "LICENSE",
                 "LICENSE-ALCHEMI", "README.md", ".ci/run"]:
        assert (ROOT / name).exists(), name
