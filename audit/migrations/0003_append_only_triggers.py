"""The database refuses UPDATE and DELETE on the audit table (PostgreSQL and SQLite)."""

from django.db import migrations

from audit import db


def install(apps, schema_editor):
    for sql in db.statements(schema_editor.connection.vendor, install=True):
        schema_editor.execute(sql)


def remove(apps, schema_editor):
    for sql in db.statements(schema_editor.connection.vendor, install=False):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_own_table")]

    operations = [migrations.RunPython(install, remove)]
