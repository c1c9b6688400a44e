# Issue 14 part "feedback": overdue records of the new duties (feedback, checks, correspondence,
# meeting tasks); operations written by its helper.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0008_monthly_reports"),
        ("supervision", "0012_meetings"),
    ]

    operations = []
