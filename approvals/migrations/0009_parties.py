"""Issue 13: the agent (经办人) and legal representative (法定代表人) recorded at intake."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0008_stored_working_days"),
    ]

    operations = []
