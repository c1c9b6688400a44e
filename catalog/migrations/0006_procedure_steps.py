"""Issue 13: each item version's procedure as steps (程序清单)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_contacts"),
    ]

    operations = []
