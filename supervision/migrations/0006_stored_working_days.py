"""(filled by its part; see the brief)"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_routing"),
    ]

    operations = []
