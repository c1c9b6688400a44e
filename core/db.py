"""Database helpers every app may use."""

from django.db import connections
from django.db.models import QuerySet
from django.db.models.expressions import Col
from django.db.models.sql import UpdateQuery


def update_returning(queryset: QuerySet, *, values: dict, returning: list[str]) -> list[tuple]:
    """UPDATE exactly the rows of `queryset` with `values` and return the `returning` fields of
    each row changed, converted as the ORM would (SQLite gives datetimes back as text).

    The statement is the one `queryset.update(**values)` runs, with RETURNING appended
    (PostgreSQL; SQLite >= 3.35). Two runs at once on PostgreSQL: the second waits on the row
    locks, re-checks the WHERE on the committed rows and returns only what it changed itself,
    so a row is returned by exactly one run."""
    model = queryset.model
    query = queryset.query.chain(UpdateQuery)
    query.add_update_values(values)
    query.annotations = {}
    if query.count_active_tables() != 1:
        raise ValueError("update_returning takes a single-table queryset (no joins)")
    connection = connections[queryset.db]
    sql, params = query.get_compiler(queryset.db).as_sql()
    fields = [model._meta.get_field(name) for name in returning]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} RETURNING {columns}", params)
        rows = cursor.fetchall()
    converters = []
    for i, field in enumerate(fields):
        col = Col(model._meta.db_table, field)
        found = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
        if found:
            converters.append((i, col, found))
    if not converters or not rows:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for i, col, functions in converters:
            for convert in functions:
                row[i] = convert(row[i], col, connection)
        converted.append(tuple(row))
    return converted
