# Issue 14 part "meetings/duty boundary": catalog constraints or data for the duty fields, if any.
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("catalog", "0008_issue14_duties")]

    operations = []
