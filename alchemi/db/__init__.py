"""The database: an embedded or external PostgreSQL, its schema and its migrations."""
