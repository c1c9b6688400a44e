"""Indexes the statistics read (approvals/statistics.py): applications accepted in a range and
decided in a range (the third condition, submitted in a range, has application_recent).

Plain SQL that SQLite and PostgreSQL both speak, outside the model state: the model's Meta is
not this migration's author's to edit this round; moving them into Application.Meta.indexes
(same names) later needs a SeparateDatabaseAndState, not a new index."""

from django.db import migrations

INDEXES = {
    "application_accepted_at": "accepted_at",
    "application_decided_at": "decided_at",
}


class Migration(migrations.Migration):
    dependencies = [("approvals", "0002_text_length_limits")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON approvals_application ({column})",
            f"DROP INDEX {name}",
        )
        for name, column in INDEXES.items()
    ]
