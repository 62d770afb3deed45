"""`alchemi serve` (same boot steps: database, migrations, client, environment), serving
tests.runtime.asgi_with_runtime:app instead of alchemi.asgi:app.

Run: python -m tests.runtime.serve --port 4100 --workers 2
"""
from __future__ import annotations

import sys

import uvicorn

APP = "tests.runtime.asgi_with_runtime:app"
_run = uvicorn.run


def _run_with_runtime(app, **kwargs):  # noqa: ARG001 - `alchemi serve` names alchemi.asgi:app
    return _run(APP, **kwargs)


def main() -> int:
    from alchemi.cli.main import main as alchemi_main

    uvicorn.run = _run_with_runtime
    return alchemi_main(["serve", *sys.argv[1:]])


if __name__ == "__main__":
    sys.exit(main())
