"""Environment variables an account stores are its own.

An account's stored `environment_variables` (and the settings LiteLLM turns into environment
variables: SSO settings, `litellm_settings` keys) are written with `os.environ[k] = v` in its
scope by LiteLLM's config loads, and read back with `os.environ.get` / `os.getenv` (provider
keys named `os.environ/NAME` in a model's parameters, callback credentials, ...). One account
could so replace a variable every other account's models read.

`os.environ` keeps its identity; its class is swapped for a subclass: in an account's scope,
writes land in that account's layer (the real process environment is not touched) and reads see
the account's layer over the process environment. Platform work and requests without an account
use the process environment only. An account's stored variables are applied to its layer when its
runtime is built (alchemi/runtime/reconcile.py), so every worker and replica has them.
"""
from __future__ import annotations

import os
from alchemi.runtime.registry import account_in_scope, runtime_account_id

_layers: dict[str, dict[str, str]] = {}
_DELETED = object()


def layer(account_id: str) -> dict[str, str]:
    """A copy of an account's own variables."""
    return {k: v for k, v in _layers.get(account_id, {}).items() if v is not _DELETED}


def forget(account_id: str) -> None:
    _layers.pop(account_id, None)


def _class(base: type) -> type:
    class AccountEnviron(base):  # type: ignore[misc, valid-type]
        def __getitem__(self, key: str) -> str:
            account_id = runtime_account_id() if _layers else None
            if account_id is not None:
                own = _layers.get(account_id)
                if own is not None and key in own:
                    value = own[key]
                    if value is _DELETED:
                        raise KeyError(key)
                    return value
            return super().__getitem__(key)

        def __setitem__(self, key: str, value: str) -> None:
            account_id = account_in_scope()
            if account_id is None:
                super().__setitem__(key, value)
                return
            str(value).encode()  # the same type errors as os.environ
            if not isinstance(value, str):
                raise TypeError(f"str expected, not {type(value).__name__}")
            _layers.setdefault(account_id, {})[key] = value

        def __delitem__(self, key: str) -> None:
            account_id = account_in_scope()
            if account_id is None:
                super().__delitem__(key)
                return
            if key not in self:
                raise KeyError(key)
            _layers.setdefault(account_id, {})[key] = _DELETED  # type: ignore[assignment]

        def __contains__(self, key: object) -> bool:
            try:
                self[key]  # type: ignore[index]
            except KeyError:
                return False
            return True

        def __iter__(self):
            account_id = runtime_account_id() if _layers else None
            own = _layers.get(account_id) if account_id is not None else None
            if not own:
                yield from super().__iter__()
                return
            for key in super().__iter__():
                if own.get(key) is not _DELETED:
                    yield key
            for key, value in own.items():
                if value is not _DELETED and not self._in_process(key):
                    yield key

        def _in_process(self, key: str) -> bool:
            try:
                base.__getitem__(self, key)
            except KeyError:
                return False
            return True

        def __len__(self) -> int:
            return sum(1 for _ in self)

        def copy(self) -> dict[str, str]:
            return dict(self.items())

    AccountEnviron.__module__ = base.__module__
    return AccountEnviron


def install() -> None:
    """Swap os.environ's class (idempotent)."""
    if getattr(type(os.environ), "_alchemi_runtime", False):
        return
    cls = _class(type(os.environ))
    cls._alchemi_runtime = True  # type: ignore[attr-defined]
    os.environ.__class__ = cls
