"""account_local: singletons and module attributes that answer for the account in scope."""
from __future__ import annotations

import types

import pytest

from alchemi.runtime import account_local
from alchemi.tenancy.context import system_context, tenant_context
from alchemi.tenancy.resolver import NO_ACCOUNT


class Registry:
    created = 0

    def __init__(self) -> None:
        Registry.created += 1
        self.items: dict[str, str] = {}

    def add(self, name: str, value: str) -> None:
        self.items[name] = value

    def get(self, name: str) -> str | None:
        return self.items.get(name)

    def __len__(self) -> int:
        return len(self.items)


@pytest.fixture
def registry():
    obj = Registry()
    obj.add("platform-item", "p")
    imported_elsewhere = obj  # what `from module import obj` holds
    account_local.adopt(obj, Registry, f"test-{id(obj)}")
    yield imported_elsewhere
    account_local.forget("acct-a")
    account_local.forget("acct-b")


def test_each_account_gets_its_own_instance(registry):
    with tenant_context("acct-a"):
        registry.add("x", "a's")
        assert registry.get("x") == "a's"
        assert len(registry) == 1
    with tenant_context("acct-b"):
        assert registry.get("x") is None
        assert registry.get("platform-item") is None  # accounts never see platform state
        registry.add("x", "b's")
    with tenant_context("acct-a"):
        assert registry.get("x") == "a's"
    with system_context("test"):
        assert registry.get("x") is None
        assert registry.get("platform-item") == "p"
    assert registry.get("platform-item") == "p"  # no scope: the platform instance


def test_identity_and_type_are_kept(registry):
    assert isinstance(registry, Registry)
    assert account_local.is_adopted(registry)
    assert account_local.adopt(registry, Registry, "again") is registry  # idempotent


def test_the_empty_scope_sees_the_platform_instance(registry):
    with tenant_context(NO_ACCOUNT):
        assert registry.get("platform-item") == "p"


def test_forget_drops_an_accounts_instance(registry):
    with tenant_context("acct-a"):
        registry.add("x", "1")
    account_local.forget("acct-a")
    with tenant_context("acct-a"):
        assert registry.get("x") is None


def test_module_attributes_are_layered_per_account():
    module = types.ModuleType("alchemi_test_module_attrs")
    module.defaults = {"models": ["platform"]}
    module.creds = ["platform-cred"]
    module.other = 1
    account_local.localize_module_attrs(module, ["defaults"], fresh={"creds": list})
    assert "defaults" not in module.__dict__
    assert module.defaults == {"models": ["platform"]}
    with tenant_context("acct-a"):
        assert module.defaults == {"models": ["platform"]}  # inherited
        module.defaults["models"].append("a-edit")  # an in-place edit stays in the account
        module.defaults = {"models": ["a"]}
        assert module.creds == []  # fresh: never the platform's
        module.creds.append("a-cred")
        module.other = 2  # not localized: ordinary attribute
    with tenant_context("acct-b"):
        assert module.defaults == {"models": ["platform"]}
        assert module.creds == []
    with tenant_context("acct-a"):
        assert module.defaults == {"models": ["a"]}
        assert module.creds == ["a-cred"]
    assert module.creds == ["platform-cred"]
    assert module.other == 2
    with pytest.raises(AttributeError):
        module.missing  # noqa: B018
    account_local.forget("acct-a")
    with tenant_context("acct-a"):
        assert module.creds == []


def test_module_dicts_hold_each_accounts_own_entries():
    module = types.ModuleType("alchemi_test_module_dict")
    module.routes = {"platform-route": {"path": "/p"}}
    d = account_local.localize_module_dict(module, "routes")
    assert account_local.localize_module_dict(module, "routes") is d
    assert isinstance(module.routes, dict)
    with tenant_context("acct-a"):
        module.routes["a"] = {"path": "/a"}
        assert list(module.routes) == ["a"] and "platform-route" not in module.routes
        assert module.routes.get("a") == {"path": "/a"}
    with tenant_context("acct-b"):
        assert "a" not in module.routes and len(module.routes) == 0
        module.routes.update({"b": {"path": "/b"}})
        stale = [k for k in module.routes if k != "b"]
        assert stale == []
    assert dict(module.routes.items()) == {"platform-route": {"path": "/p"}}
    assert d.of("acct-a") == {"a": {"path": "/a"}} and d.accounts() == ["acct-a", "acct-b"]
    account_local.forget("acct-a")
    with tenant_context("acct-a"):
        assert len(module.routes) == 0
    account_local.forget("acct-b")


def test_some_attributes_of_an_object_are_per_account():
    class Hub:
        def __init__(self) -> None:
            self.alerting = ["platform-slack"]
            self.shared = "machinery"

        def describe(self) -> str:
            return f"{self.alerting}/{self.shared}"

    hub = Hub()
    made = []
    account_local.localize_attrs(hub, {"alerting": lambda: made.append(1) or None}, "test hub")
    assert account_local.localize_attrs(hub, {"alerting": list}, "again") is hub  # idempotent
    assert isinstance(hub, Hub)
    with system_context("test"):
        assert hub.describe() == "['platform-slack']/machinery"
    with tenant_context("acct-a"):
        assert hub.alerting is None  # an account starts fresh, not with the platform's
        hub.alerting = ["a-slack"]
        hub.shared = "changed"  # not per account
    with tenant_context("acct-b"):
        assert hub.describe() == "None/changed"
    with tenant_context("acct-a"):
        assert hub.alerting == ["a-slack"]
    assert hub.alerting == ["platform-slack"] and len(made) == 2
    account_local.forget("acct-a")
    with tenant_context("acct-a"):
        assert hub.alerting is None
