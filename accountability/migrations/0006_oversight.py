from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accountability", "0005_overduerecord_plain_references")]

    operations: list = []
