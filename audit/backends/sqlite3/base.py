"""Django's SQLite backend, with a flush that knows the audit triggers.

`manage.py flush` (and the test runner between transactional tests) empties every table with
DELETE on SQLite, which the append-only triggers refuse. Flushing the whole database is the one
sanctioned wipe, as TRUNCATE is on PostgreSQL (which fires no row triggers): lift the triggers
for that statement list and put them back in the same transaction. And every connection gets
the sha256 function the hash chain's link trigger uses (audit/db.py)."""

import hashlib

from django.db.backends.sqlite3 import base, operations

from audit import db


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        sql = super().sql_flush(
            style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade
        )
        if db.TABLE not in tables:
            return sql
        return [*db.SQLITE_REMOVE, *sql, *(s.strip() for s in db.SQLITE_INSTALL)]


def _sha256(text):
    return None if text is None else hashlib.sha256(str(text).encode("utf-8")).hexdigest()


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations

    def get_new_connection(self, conn_params):
        """Every connection can compute the chain's link hash (the audit_chain_link trigger)."""
        conn = super().get_new_connection(conn_params)
        conn.create_function("audit_sha256", 1, _sha256, deterministic=True)
        return conn
