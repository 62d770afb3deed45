"""LiteLLM's per-request imports of absent modules fail at once after install(), without a
search of sys.path, and LiteLLM's route check still answers as before."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from alchemi.gateway import absent_modules


class _Recorder:
    """A meta-path finder first in line: records every module the import system searches for."""

    def __init__(self) -> None:
        self.searched: list[str] = []

    def find_spec(self, name, path=None, target=None):  # noqa: ARG002
        self.searched.append(name)
        return None


@pytest.fixture
def clean_modules(monkeypatch):
    for name in absent_modules.PROBED_PER_REQUEST:
        if sys.modules.get(name, "missing") is None:
            monkeypatch.delitem(sys.modules, name)
    saved = dict(sys.modules)
    yield
    for name in absent_modules.PROBED_PER_REQUEST:  # back to how the test found them
        if name in saved:
            sys.modules[name] = saved[name]
        else:
            sys.modules.pop(name, None)


@pytest.fixture
def recorder(monkeypatch):
    r = _Recorder()
    monkeypatch.setattr(sys, "meta_path", [r, *sys.meta_path])
    return r


def _try_enterprise_import() -> None:
    try:
        from litellm_enterprise.proxy.auth.route_checks import EnterpriseRouteChecks  # noqa: F401
    except ImportError:
        return
    raise AssertionError("litellm_enterprise imported: the proprietary package must not be installed")


def test_before_install_every_attempt_searches_again(clean_modules, recorder):
    for _ in range(3):
        _try_enterprise_import()
    assert recorder.searched.count("litellm_enterprise") == 3


def test_after_install_an_absent_module_fails_at_once(clean_modules, monkeypatch):
    absent = absent_modules.install()
    recorder = _Recorder()
    monkeypatch.setattr(sys, "meta_path", [recorder, *sys.meta_path])
    assert "litellm_enterprise" in absent
    otel_importable = importlib.util.find_spec("opentelemetry") is not None and \
        importlib.util.find_spec("opentelemetry.sdk") is not None
    assert ("litellm.integrations.otel.logger" in absent) is not otel_importable
    recorder.searched.clear()
    for _ in range(3):
        _try_enterprise_import()
        with pytest.raises(ImportError):
            from litellm.integrations.otel.logger import fan_out_provider  # noqa: F401
            if otel_importable:
                raise ImportError("importable here: nothing to record")
    assert "litellm_enterprise" not in recorder.searched
    assert not [n for n in recorder.searched if n.startswith("litellm.integrations.otel")]
    assert absent_modules.install() == absent  # idempotent


def test_a_module_that_imports_is_left_alone(clean_modules, monkeypatch):
    monkeypatch.setattr(absent_modules, "PROBED_PER_REQUEST", {"colorsys": "x:y"})
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    assert absent_modules.install() == []
    assert sys.modules["colorsys"] is not None


def test_litellm_route_check_still_answers(clean_modules):
    from litellm.proxy._types import LitellmUserRoles, UserAPIKeyAuth
    from litellm.proxy.auth.route_checks import RouteChecks

    absent_modules.install()
    token = UserAPIKeyAuth(api_key="sk-x", user_role=LitellmUserRoles.PROXY_ADMIN)
    assert RouteChecks.should_call_route(route="/chat/completions", valid_token=token) is True
