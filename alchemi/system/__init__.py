"""Alchemi's own system endpoints: status and version."""
