"""Tenancy: every LiteLLM record belongs to one account, and each request sees only its own.

`classification` says how each LiteLLM model is scoped; docs/tenancy.md is generated from it.
"""
