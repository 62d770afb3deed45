"""Alchemi Studio Console."""
