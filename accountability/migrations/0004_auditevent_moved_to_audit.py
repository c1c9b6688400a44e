"""AuditEvent now belongs to the audit app (its table and rows are kept): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0003_overduerecord_push_overduerecord_report"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
