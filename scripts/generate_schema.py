#!/usr/bin/env python3
"""Regenerate schema.prisma from the pinned LiteLLM schema and prisma/overlay.prisma."""
from alchemi.db.schema import SCHEMA_PATH, write

if __name__ == "__main__":
    changed = write()
    print(f"{SCHEMA_PATH.name}: {'updated' if changed else 'unchanged'}")
