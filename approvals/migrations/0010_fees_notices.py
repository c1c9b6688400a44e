"""Issue 13: fees charged and paid at the window, and the special-procedure notice's series."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0009_parties"),
    ]

    operations = []
