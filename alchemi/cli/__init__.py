"""`alchemi` command line: serve, migrate, setup, doctor."""
from alchemi.cli.main import main

__all__ = ["main"]
