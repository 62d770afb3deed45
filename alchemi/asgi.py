"""The ASGI application every server worker imports: LiteLLM's app with Alchemi installed.

Run with `alchemi serve` (which prepares the database and environment first), or directly:
`uvicorn alchemi.asgi:app` once `alchemi migrate` has run and the environment is set.
"""
from alchemi.overlay import install, prepare

prepare()  # before proxy_server is imported: it computes premium_user at import

from litellm.proxy.proxy_server import app as _litellm_app  # noqa: E402

app = install(_litellm_app)
