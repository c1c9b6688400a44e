from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accountability", "0007_public")]

    operations: list = []
