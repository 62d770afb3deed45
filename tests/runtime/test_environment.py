"""os.environ in an account's scope: its own variables over the process environment."""
from __future__ import annotations

import os

import pytest

from alchemi.runtime import environment
from alchemi.tenancy.context import system_context, tenant_context

NAME = "ALCHEMI_TEST_ENV_VAR"


@pytest.fixture(autouse=True)
def installed():
    environment.install()
    os.environ[NAME] = "platform"
    yield
    os.environ.pop(NAME, None)
    environment.forget("acct-a")
    environment.forget("acct-b")


def test_an_accounts_write_stays_in_its_layer():
    with tenant_context("acct-a"):
        os.environ[NAME] = "a's"
        os.environ[NAME + "_NEW"] = "a-only"
        assert os.environ[NAME] == "a's" and os.getenv(NAME) == "a's"
        assert NAME + "_NEW" in os.environ and NAME + "_NEW" in list(os.environ)
    with tenant_context("acct-b"):
        assert os.environ[NAME] == "platform"
        assert os.getenv(NAME + "_NEW") is None
    with system_context("test"):
        assert os.environ[NAME] == "platform"
    assert os.environ.get(NAME + "_NEW") is None  # the process environment was not touched
    assert environment.layer("acct-a") == {NAME: "a's", NAME + "_NEW": "a-only"}


def test_an_account_can_hide_a_variable_for_itself_only():
    with tenant_context("acct-a"):
        del os.environ[NAME]
        assert NAME not in os.environ and os.getenv(NAME) is None
    with tenant_context("acct-b"):
        assert os.getenv(NAME) == "platform"


def test_type_errors_are_kept():
    with tenant_context("acct-a"), pytest.raises(TypeError):
        os.environ[NAME] = 1  # type: ignore[assignment]
