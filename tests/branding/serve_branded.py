"""`alchemi serve` with the branded console installed: what the overlay does once it calls
alchemi.branding.install.install (harmless after that: install is idempotent)."""
from __future__ import annotations

import sys

from alchemi import overlay
from alchemi.branding import install as branding

_overlay_install = overlay.install


def _install(app):
    app = _overlay_install(app)
    branding.install(app)
    return app


overlay.install = _install  # before alchemi.asgi imports it (uvicorn imports it in-process with 1 worker)

if __name__ == "__main__":
    from alchemi.cli.main import main

    sys.exit(main(["serve", *sys.argv[1:]]))
