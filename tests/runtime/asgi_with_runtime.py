"""`alchemi.asgi:app` with the per-account runtime installed, for tests and benchmarks until
alchemi/overlay.py wires it in (then this module changes nothing: both installs are idempotent)."""
from alchemi import overlay
from alchemi.asgi import app as _app
from alchemi.runtime import install as runtime

if runtime.runtime_started not in overlay.LIFESPAN_STEPS:
    overlay.LIFESPAN_STEPS.append(runtime.runtime_started)

app = runtime.install(_app)
