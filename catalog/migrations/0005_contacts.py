"""Issue 13: where, when and whom to call (bureau-wide settings, per-item overrides)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_text_length_limits"),
    ]

    operations = []
