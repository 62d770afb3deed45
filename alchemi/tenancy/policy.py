"""The guard's policy, built from the tenancy classification and the generated client's
relation map."""
from __future__ import annotations

from functools import cache

from alchemi.tenancy.scoping import Policy


@cache
def guard_policy() -> Policy:
    from prisma.metadata import RELATIONAL_FIELD_MAPPINGS

    from alchemi.tenancy.classification import (
        account_column_models,
        namespaced_key_fields,
        prefixed_when_taken_fields,
    )

    return Policy(scoped=frozenset(account_column_models()), key_fields=dict(namespaced_key_fields()),
                  relations={m: dict(f) for m, f in RELATIONAL_FIELD_MAPPINGS.items()},
                  taken_fields=dict(prefixed_when_taken_fields()))


def scoped_tables() -> list[str]:
    """Table names of the scoped models (a model's table differs when it has @@map)."""
    from alchemi.db.schema import SCHEMA_PATH, table_names
    from alchemi.tenancy.classification import account_column_models

    tables = table_names(SCHEMA_PATH.read_text())
    return sorted(tables[m] for m in account_column_models())


def namespaced_columns() -> dict[str, tuple[str, ...]]:
    """table -> its columns that may hold "<account_id>::<value>" (namespaced keys, and ids
    prefixed when taken), shown without the prefix by the tenant views."""
    from alchemi.db.schema import SCHEMA_PATH, table_names
    from alchemi.tenancy.classification import namespaced_key_fields, prefixed_when_taken_fields

    tables = table_names(SCHEMA_PATH.read_text())
    out = {tables[m]: tuple(fields) for m, fields in namespaced_key_fields().items()}
    for m, fields in prefixed_when_taken_fields().items():
        out[tables[m]] = out.get(tables[m], ()) + tuple(fields)
    return out
