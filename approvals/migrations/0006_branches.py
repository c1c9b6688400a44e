"""(filled by its part; see the brief)"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0005_procedures"),
    ]

    operations = []
