from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("accountability", "0006_oversight")]

    operations: list = []
