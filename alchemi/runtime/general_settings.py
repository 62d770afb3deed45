"""`general_settings` as LiteLLM's code sees it: the platform defaults under the current
account's own settings.

Installed in place of proxy_server.general_settings after LiteLLM's start-up (which fills the
platform layer). A dict subclass, because LiteLLM passes the global around and calls dict
methods on it. Within an account's scope, reads see the account's layer over the platform
layer and writes (also setdefault, pop, del, update, in-place edits of a list or dict value)
land in the account's layer only; platform work and requests without an account read and write
the platform layer. The account's layer is what it stored in LiteLLM_Config
(`general_settings`, namespaced per account by the tenant guard), loaded when its runtime is
built and on every reconcile, plus what LiteLLM wrote in memory in its scope since.

The platform layer is the dict's own storage, so C code that bypasses the methods sees the
platform defaults, never another account's values.
"""
from __future__ import annotations

import copy
import itertools
from collections.abc import Iterator, Mapping
from typing import Any

from alchemi.runtime.registry import runtime_account_id

_DELETED = object()  # an account's layer hides a platform key
_MISSING = object()


_account = runtime_account_id  # whose layer / rows: see registry.runtime_account_id


def private_copy(value: Any) -> Any:
    try:
        return copy.deepcopy(value)
    except Exception:  # an object that cannot be copied is shared, as LiteLLM would share it
        return value


class AccountSettingsDict(dict):
    def __init__(self, platform: Mapping[str, Any] | None = None) -> None:
        super().__init__(platform or {})
        self._layers: dict[str, dict[str, Any]] = {}
        self._clock = itertools.count(1)
        self._written: dict[str, dict[Any, int]] = {}  # account -> key -> clock of its last write

    # ---- accounts -----------------------------------------------------------------------
    def write_mark(self) -> int:
        """A point in time to pass to `load_account(read_since=)`: take it before reading the
        account's stored settings."""
        return next(self._clock)

    def load_account(self, account_id: str, values: Mapping[str, Any], *, read_since: int | None = None) -> None:
        """Replace the account's layer with what it stored (the database is authoritative).

        With `read_since` (a `write_mark()` taken before the read began), keys written in the
        account's scope while the read was under way keep their written value: LiteLLM writes
        memory first and the database a moment later (`/add/allowed_ip`), so a reload that read
        the row in between would otherwise undo the write until the next reconcile."""
        layer = {k: private_copy(v) for k, v in values.items()}
        written = self._written.pop(account_id, {})
        if read_since is not None:
            previous = self._layers.get(account_id, {})
            recent = {key: at for key, at in written.items() if at > read_since and key in previous}
            for key in recent:
                layer[key] = previous[key]
            if recent:
                self._written[account_id] = recent
        self._layers[account_id] = layer

    def forget_account(self, account_id: str) -> None:
        self._layers.pop(account_id, None)
        self._written.pop(account_id, None)

    def account_view(self, account_id: str | None) -> dict[str, Any]:
        """The settings as `account_id` (None: the platform) sees them."""
        merged = dict(dict.items(self))
        for key, value in (self._layers.get(account_id, {}) if account_id else {}).items():
            if value is _DELETED:
                merged.pop(key, None)
            else:
                merged[key] = value
        return merged

    def accounts(self) -> list[str]:
        return sorted(self._layers)

    # ---- reading ------------------------------------------------------------------------
    def _lookup(self, key: Any) -> Any:
        account_id = _account()
        if account_id is None:
            return dict.get(self, key, _MISSING)
        layer = self._layers.get(account_id)
        if layer is not None and key in layer:
            value = layer[key]
            return _MISSING if value is _DELETED else value
        value = dict.get(self, key, _MISSING)
        if isinstance(value, (dict, list, set)):
            # copied on first read so that an in-place edit in the account's scope stays there
            value = private_copy(value)
            self._layers.setdefault(account_id, {})[key] = value
        return value

    def __getitem__(self, key: Any) -> Any:
        value = self._lookup(key)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._lookup(key)
        return default if value is _MISSING else value

    def __contains__(self, key: object) -> bool:
        return self._lookup(key) is not _MISSING

    def _view(self) -> dict[str, Any]:
        return self.account_view(_account())

    def keys(self):
        return self._view().keys()

    def values(self):
        return self._view().values()

    def items(self):
        return self._view().items()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._view())

    def __len__(self) -> int:
        return len(self._view())

    def __bool__(self) -> bool:
        return bool(self._view())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AccountSettingsDict):
            other = other._view()
        return self._view() == other

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self._view())

    def copy(self) -> dict[str, Any]:
        return self._view()

    def __copy__(self) -> dict[str, Any]:
        return self._view()

    def __deepcopy__(self, memo: dict) -> dict[str, Any]:
        return copy.deepcopy(self._view(), memo)

    def __reduce__(self):
        return (dict, (self._view(),))

    def __or__(self, other: Mapping) -> dict[str, Any]:
        return {**self._view(), **other}

    # ---- writing ------------------------------------------------------------------------
    def __setitem__(self, key: Any, value: Any) -> None:
        account_id = _account()
        if account_id is None:
            dict.__setitem__(self, key, value)
        else:
            self._layers.setdefault(account_id, {})[key] = value
            self._written.setdefault(account_id, {})[key] = next(self._clock)

    def __delitem__(self, key: Any) -> None:
        if self._lookup(key) is _MISSING:
            raise KeyError(key)
        account_id = _account()
        if account_id is None:
            dict.__delitem__(self, key)
        else:
            self._layers.setdefault(account_id, {})[key] = _DELETED
            self._written.setdefault(account_id, {})[key] = next(self._clock)

    def pop(self, key: Any, *default: Any) -> Any:
        value = self._lookup(key)
        if value is _MISSING:
            if default:
                return default[0]
            raise KeyError(key)
        del self[key]
        return value

    def setdefault(self, key: Any, default: Any = None) -> Any:
        value = self._lookup(key)
        if value is _MISSING:
            self[key] = default
            return default
        return value

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def __ior__(self, other: Mapping) -> AccountSettingsDict:
        self.update(other)
        return self

    def clear(self) -> None:
        for key in list(self._view()):
            del self[key]

    def popitem(self) -> tuple[Any, Any]:
        view = self._view()
        if not view:
            raise KeyError("popitem(): dictionary is empty")
        key = next(reversed(view))
        return key, self.pop(key)
