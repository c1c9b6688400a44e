# Issue 14 part "correspondence": its helper writes the operations here by hand (the chain is fixed so the
# parts do not conflict); `makemigrations --check` must say nothing once every part is in.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0009_checks"),
        ("catalog", "0008_issue14_duties"),
        ("approvals", "0011_credit"),
    ]

    operations = []
