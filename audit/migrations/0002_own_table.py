"""The table takes the app's name (a rename: every row stays), and the content type follows,
so the permissions and generic links that pointed at accountability.auditevent still hold."""

from django.db import migrations


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    old = ContentType.objects.using(db).filter(app_label="accountability", model="auditevent")
    if not ContentType.objects.using(db).filter(app_label="audit", model="auditevent").exists():
        old.update(app_label="audit")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    ContentType.objects.using(db).filter(app_label="audit", model="auditevent").update(
        app_label="accountability"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("accountability", "0004_auditevent_moved_to_audit"),
    ]

    operations = [
        migrations.AlterModelTable(name="auditevent", table=None),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
