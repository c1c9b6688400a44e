# Issue 14 part "checks": credit records (失信记录) of applicants; operations written by its helper.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("approvals", "0010_fees_notices")]

    operations = []
