"""Database backends that know the audit table is append-only."""
