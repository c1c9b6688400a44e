"""The hash chain (防篡改): each event gets its content hash and its link (seq, prev_hash, hash),
the existing rows back-filled in id order, and the append-only guard of version 2 (the one UPDATE
it lets through is the link; on PostgreSQL a deferred trigger writes it at commit)."""

from django.db import migrations, models

from audit import db

BATCH = 1000


def lift_v1(apps, schema_editor):
    for sql in db.statements(schema_editor.connection.vendor, install=False, version=1):
        schema_editor.execute(sql)


def restore_v1(apps, schema_editor):
    for sql in db.statements(schema_editor.connection.vendor, install=True, version=1):
        schema_editor.execute(sql)


def install_v2(apps, schema_editor):
    for sql in db.statements(schema_editor.connection.vendor, install=True, version=2):
        schema_editor.execute(sql)


def remove_v2(apps, schema_editor):
    for sql in db.statements(schema_editor.connection.vendor, install=False, version=2):
        schema_editor.execute(sql)


def backfill(apps, schema_editor):
    """Hash and link every existing event, in id order, in batches (constant memory)."""
    from audit import chain

    AuditEvent = apps.get_model("audit", "AuditEvent")
    ContentType = apps.get_model("contenttypes", "ContentType")
    using = schema_editor.connection.alias
    labels = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(using)}
    seq, prev_hash, last_id = 0, chain.GENESIS, 0
    while True:
        batch = list(
            AuditEvent.objects.using(using).filter(pk__gt=last_id).order_by("pk")[:BATCH]
        )
        if not batch:
            break
        for event in batch:
            content = chain.content_hash(
                at=event.at,
                actor_id=event.actor_id,
                actor_name=event.actor_name,
                content_type=labels[event.content_type_id],
                object_id=event.object_id,
                object_repr=event.object_repr,
                action=event.action,
                before=event.before,
                after=event.after,
                note=event.note,
                data=event.data,
            )
            seq += 1
            link = chain.link_hash(seq, event.pk, prev_hash, content)
            AuditEvent.objects.using(using).filter(pk=event.pk).update(
                content_hash=content, seq=seq, prev_hash=prev_hash, hash=link
            )
            prev_hash, last_id = link, event.pk


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_append_only_triggers"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(lift_v1, restore_v1),
        migrations.AddField(
            model_name="auditevent",
            name="content_hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="内容摘要"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="hash",
            field=models.CharField(blank=True, default="", max_length=64, verbose_name="摘要"),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                blank=True, default="", max_length=64, verbose_name="前一事件摘要"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="seq",
            field=models.BigIntegerField(
                blank=True, editable=False, null=True, unique=True, verbose_name="链序号"
            ),
        ),
        migrations.AddIndex(
            model_name="auditevent",
            index=models.Index(
                condition=models.Q(("seq__isnull", True)),
                fields=["id"],
                name="audit_event_unlinked",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(install_v2, remove_v2),
    ]
