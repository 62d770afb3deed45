"""Benchmarks: speed and memory, measured and reported, never asserted (see README.md)."""
