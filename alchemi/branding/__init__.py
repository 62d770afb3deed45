"""The branded console: LiteLLM's compiled dashboard rewritten to Alchemi Studio Console.

`build` produces the branded copy (python -m alchemi.branding.build); `install` serves it, and
the Alchemi logo and favicon, from LiteLLM's app. docs/branding.md explains both.
"""
