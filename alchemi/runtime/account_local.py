"""Process-wide LiteLLM state that answers for the account in scope, in place.

LiteLLM keeps its registries (guardrails, policies, MCP servers, agents, prompts, vector
stores, tool policies) in module-level singletons that other modules import by name at import
time (`from ...mcp_server_manager import global_mcp_server_manager`), and some settings as
attributes of the `litellm` module (`litellm.default_internal_user_params`,
`litellm.credential_list`, ...). Replacing a singleton would leave every imported reference on
the old object, so both are made per account *in place*:

- `adopt(obj, factory)`: the object keeps its identity (every imported reference still points at
  it) and its class (a subclass is swapped in, so `isinstance` holds), but every attribute read
  and write goes to the instance of the account in scope, made by `factory()` on the account's
  first use. The object's own state moves to the *platform* instance, which platform work,
  requests without an account and the empty scope see. Methods come bound to the account's
  instance, so their bodies run on its state at full speed.
- `localize_attrs(obj, fresh)`: some attributes of one object per account (a subclass with a
  property per name is swapped in); the rest of the object stays shared. For objects that hold
  both per-account settings and process-wide machinery, such as `proxy_logging_obj`.
- `AccountModule`: the `litellm` module's class is swapped for a subclass (Python supports this
  for modules) and the declared attribute names are removed from its `__dict__`, so reads of
  them fall through to a `__getattr__` that answers from the account's layer, else the platform
  value; writes of them in an account's scope land in its layer. Every other attribute keeps
  the module's ordinary, fast lookup.

`forget(account_id)` drops an account's instances and layer (its runtime was evicted: the next
use rebuilds them from the database).
"""
from __future__ import annotations

import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from alchemi.runtime.general_settings import private_copy as _private_copy
from alchemi.runtime.registry import account_in_scope


# ---- per-account singletons ----------------------------------------------------------------
@dataclass
class _Slot:
    name: str
    platform: Any
    factory: Callable[[], Any]
    accounts: dict[str, Any] = field(default_factory=dict)


_SLOTS: dict[int, _Slot] = {}
_DISPATCH_CLASSES: dict[type, type] = {}


def instance_for(obj: Any, account_id: str | None) -> Any:
    """The instance that stands behind an adopted object for `account_id` (None: the platform)."""
    slot = _SLOTS[id(obj)]
    if account_id is None:
        return slot.platform
    inst = slot.accounts.get(account_id)
    if inst is None:
        inst = slot.accounts[account_id] = slot.factory()
    return inst


def _target(obj: Any) -> Any:
    return instance_for(obj, account_in_scope())


def _getattribute(self: Any, name: str) -> Any:
    if name == "__class__":
        return object.__getattribute__(self, name)
    return getattr(_target(self), name)


def _setattr(self: Any, name: str, value: Any) -> None:
    setattr(_target(self), name, value)


def _delattr(self: Any, name: str) -> None:
    delattr(_target(self), name)


def _repr(self: Any) -> str:
    return f"<account-local {type(self).__mro__[1].__name__} -> {_target(self)!r}>"


def _dispatch_class(cls: type) -> type:
    sub = _DISPATCH_CLASSES.get(cls)
    if sub is None:
        sub = type(f"AccountLocal{cls.__name__}", (cls,), {
            "__module__": cls.__module__, "__getattribute__": _getattribute, "__setattr__": _setattr,
            "__delattr__": _delattr, "__repr__": _repr, "_alchemi_account_local": True})
        _DISPATCH_CLASSES[cls] = sub
    return sub


def is_adopted(obj: Any) -> bool:
    return id(obj) in _SLOTS and type(obj) is _DISPATCH_CLASSES.get(type(obj).__mro__[1])


def adopt(obj: Any, factory: Callable[[], Any], name: str) -> Any:
    """Make `obj` answer for the account in scope (idempotent). Returns obj."""
    if is_adopted(obj):
        return obj
    cls = type(obj)
    platform = cls.__new__(cls)
    platform.__dict__.update(obj.__dict__)
    obj.__dict__.clear()
    _SLOTS[id(obj)] = _Slot(name, platform, factory)
    object.__setattr__(obj, "__class__", _dispatch_class(cls))
    return obj


def adopted() -> dict[str, int]:
    """Name -> number of live account instances (for the status route and tests)."""
    return {slot.name: len(slot.accounts) for slot in _SLOTS.values()}


# ---- per-account attributes of one object -----------------------------------------------------
@dataclass
class _AttrsState:
    fresh: dict[str, Callable[[], Any]]
    platform: dict[str, Any]
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)

    def layer(self) -> dict[str, Any]:
        account_id = account_in_scope()
        return self.platform if account_id is None else self.layers.setdefault(account_id, {})


_ATTR_STATES: dict[int, _AttrsState] = {}


def _attr_property(name: str) -> property:
    def get(self: Any) -> Any:
        state = _ATTR_STATES[id(self)]
        layer = state.layer()
        if name not in layer:
            layer[name] = state.fresh[name]()
        return layer[name]

    def set_(self: Any, value: Any) -> None:
        _ATTR_STATES[id(self)].layer()[name] = value

    return property(get, set_)


def localize_attrs(obj: Any, fresh: dict[str, Callable[[], Any]], name: str) -> Any:
    """Make the named attributes of `obj` per account (idempotent; the object keeps its identity,
    its other attributes and its class's behaviour). Platform work keeps the current values; an
    account's value starts as `fresh[name]()` on its first use. Returns obj."""
    if id(obj) in _ATTR_STATES:
        return obj
    cls = type(obj)
    platform = {attr: obj.__dict__.pop(attr) for attr in fresh if attr in obj.__dict__}
    _ATTR_STATES[id(obj)] = _AttrsState(dict(fresh), platform)
    obj.__class__ = type(f"AccountLocal{cls.__name__}", (cls,), {
        "__module__": cls.__module__, **{attr: _attr_property(attr) for attr in fresh},
        "_alchemi_localized": name})
    return obj


# ---- per-account module attributes -----------------------------------------------------------
_MISSING = object()


class AccountModule(types.ModuleType):
    """The `litellm` module's class once `localize_module_attrs` ran on it (a subclass per module,
    holding a property per per-account name: read straight from the class, so neither the
    module's own lazy `__getattr__` nor a failed dict lookup runs first)."""

    def __setattr__(self, name: str, value: Any) -> None:
        state = _module_state(self)
        if state is None or name not in state.names:
            types.ModuleType.__setattr__(self, name, value)
            return
        account_id = account_in_scope()
        if account_id is None:
            state.platform[name] = value
        else:
            state.layers.setdefault(account_id, {})[name] = value

    def __delattr__(self, name: str) -> None:
        state = _module_state(self)
        if state is None or name not in state.names:
            types.ModuleType.__delattr__(self, name)
            return
        account_id = account_in_scope()
        (state.platform if account_id is None else state.layers.setdefault(account_id, {})).pop(name, None)


def _read(module: types.ModuleType, name: str) -> Any:
    state = _module_state(module)
    if state is None or name not in state.names:
        raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
    account_id = account_in_scope()
    if account_id is not None:
        value = state.layers.get(account_id, {}).get(name, _MISSING)
        if value is not _MISSING:
            return value
    if account_id is not None and name in state.fresh:
        value = state.layers.setdefault(account_id, {})[name] = state.fresh[name]()
        return value
    value = state.platform.get(name, _MISSING)
    if value is _MISSING:
        raise AttributeError(f"module {module.__name__!r} has no attribute {name!r}")
    if account_id is not None and isinstance(value, (list, dict, set)):
        # copied on first read so an in-place edit in the account's scope stays there
        value = _private_copy(value)
        state.layers.setdefault(account_id, {})[name] = value
    return value


def _module_property(name: str) -> property:
    return property(lambda module: _read(module, name),
                    lambda module, value: AccountModule.__setattr__(module, name, value),
                    lambda module: AccountModule.__delattr__(module, name))


_MODULE_CLASSES: dict[str, type] = {}


def _module_class(module: types.ModuleType) -> type:
    cls = _MODULE_CLASSES.get(module.__name__)
    if cls is None:
        cls = _MODULE_CLASSES[module.__name__] = type(f"AccountModule[{module.__name__}]", (AccountModule,), {})
    return cls


@dataclass
class _ModuleState:
    names: frozenset[str]
    platform: dict[str, Any]
    fresh: dict[str, Callable[[], Any]] = field(default_factory=dict)
    layers: dict[str, dict[str, Any]] = field(default_factory=dict)


_MODULE_STATES: dict[str, _ModuleState] = {}


def _module_state(module: types.ModuleType) -> _ModuleState | None:
    return _MODULE_STATES.get(types.ModuleType.__getattribute__(module, "__name__"))


def localize_module_attrs(module: types.ModuleType, names: Iterable[str],
                          fresh: dict[str, Callable[[], Any]] | None = None) -> frozenset[str]:
    """Make `module.<name>` per account for each name (idempotent; more names may be added).

    An account first sees the platform value (a copy, for a list, dict or set), unless the name
    is in `fresh`: then its own value starts as `fresh[name]()` (state that must never be
    inherited from platform work, such as credentials loaded across accounts)."""
    names = frozenset(names) | frozenset(fresh or ())
    state = _MODULE_STATES.get(module.__name__)
    if state is None:
        state = _MODULE_STATES[module.__name__] = _ModuleState(frozenset(), {})
    state.fresh.update(fresh or {})
    new = names - state.names
    for name in new:
        if name in module.__dict__:
            state.platform[name] = module.__dict__.pop(name)
    state.names = state.names | new
    cls = _module_class(module)
    for name in new:
        setattr(cls, name, _module_property(name))
    if type(module) is not cls:
        module.__class__ = cls
    return state.names


def module_layer(module: types.ModuleType, account_id: str) -> dict[str, Any]:
    """An account's own values of the module's per-account attributes (a copy)."""
    state = _module_state(module)
    return dict(state.layers.get(account_id, {})) if state else {}


def forget(account_id: str) -> None:
    for slot in _SLOTS.values():
        slot.accounts.pop(account_id, None)
    for attrs in _ATTR_STATES.values():
        attrs.layers.pop(account_id, None)
    for state in _MODULE_STATES.values():
        state.layers.pop(account_id, None)
    for d in _MODULE_DICTS:
        d.forget(account_id)


# ---- per-account module dicts -------------------------------------------------------------------
class AccountDict(dict):
    """A module-level dict whose contents are the account in scope's own (platform work and the
    empty scope: the platform's, which is the dict's own storage). For dicts that the functions of
    their module look up as globals at call time, so replacing the module global is enough."""

    def __init__(self, platform: dict | None = None) -> None:
        super().__init__(platform or {})
        self._accounts: dict[str, dict] = {}

    def _d(self) -> dict:
        account_id = account_in_scope()
        if account_id is None:
            return _PlatformView(self)
        d = self._accounts.get(account_id)
        if d is None:
            d = self._accounts[account_id] = {}
        return d

    def of(self, account_id: str | None) -> dict:
        """A copy of what `account_id` (None: the platform) holds."""
        return dict(dict.items(self)) if account_id is None else dict(self._accounts.get(account_id, {}))

    def accounts(self) -> list[str]:
        return sorted(a for a, d in self._accounts.items() if d)

    def forget(self, account_id: str) -> None:
        self._accounts.pop(account_id, None)

    def __getitem__(self, key):
        return self._d()[key]

    def __setitem__(self, key, value) -> None:
        self._d()[key] = value

    def __delitem__(self, key) -> None:
        del self._d()[key]

    def __contains__(self, key) -> bool:
        return key in self._d()

    def __iter__(self):
        return iter(list(self._d().keys()))

    def __len__(self) -> int:
        return len(self._d())

    def __bool__(self) -> bool:
        return len(self._d()) > 0

    def __repr__(self) -> str:
        return repr(dict(self._d().items()))

    def get(self, key, default=None):
        return self._d().get(key, default)

    def keys(self):
        return list(self._d().keys())

    def values(self):
        return list(self._d().values())

    def items(self):
        return list(self._d().items())

    def pop(self, key, *default):
        return self._d().pop(key, *default)

    def setdefault(self, key, default=None):
        return self._d().setdefault(key, default)

    def update(self, *args, **kwargs) -> None:
        self._d().update(*args, **kwargs)

    def clear(self) -> None:
        self._d().clear()

    def copy(self) -> dict:
        return dict(self._d().items())


class _PlatformView:
    """The platform's contents of an AccountDict: its own dict storage, through dict's methods."""

    def __init__(self, d: AccountDict) -> None:
        self._dict = d

    def __getattr__(self, name: str):
        method = getattr(dict, name)
        return lambda *a, **kw: method(self._dict, *a, **kw)

    def __getitem__(self, key):
        return dict.__getitem__(self._dict, key)

    def __setitem__(self, key, value) -> None:
        dict.__setitem__(self._dict, key, value)

    def __delitem__(self, key) -> None:
        dict.__delitem__(self._dict, key)

    def __contains__(self, key) -> bool:
        return dict.__contains__(self._dict, key)

    def __len__(self) -> int:
        return dict.__len__(self._dict)


_MODULE_DICTS: list[AccountDict] = []


def localize_module_dict(module: types.ModuleType, name: str) -> AccountDict:
    """Replace the module global `name` (a dict) by an AccountDict holding its contents as the
    platform's (idempotent)."""
    current = getattr(module, name)
    if isinstance(current, AccountDict):
        return current
    replacement = AccountDict(current)
    setattr(module, name, replacement)
    _MODULE_DICTS.append(replacement)
    return replacement
