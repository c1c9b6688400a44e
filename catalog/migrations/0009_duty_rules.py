# Issue 14: the liaison register (联络员备案) — LiaisonRecord, and one open record for every
# liaison the guardian permissions name today (since the migration's day, filed by nobody).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def backfill(apps, schema_editor):
    Permission = apps.get_model("guardian", "UserObjectPermission")
    LiaisonRecord = apps.get_model("catalog", "LiaisonRecord")
    now = timezone.now()
    rows = Permission.objects.filter(
        permission__codename="liaise_for_department",
        content_type__app_label="catalog",
        content_type__model="department",
    ).values_list("user_id", "object_pk")
    LiaisonRecord.objects.bulk_create(
        [
            LiaisonRecord(
                user_id=user_id,
                department_id=int(object_pk),
                since=timezone.localdate(now),
                filed_at=now,
                note="系统迁移",
            )
            for user_id, object_pk in rows
            if str(object_pk).isdigit()
        ]
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0008_issue14_duties"),
        ("guardian", "0002_generic_permissions_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="LiaisonRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("since", models.DateField(verbose_name="起始日期")),
                ("until", models.DateField(blank=True, null=True, verbose_name="终止日期")),
                ("filed_at", models.DateTimeField(verbose_name="备案时间")),
                ("note", models.CharField(blank=True, max_length=200, verbose_name="备注")),
                (
                    "department",
                    models.ForeignKey(
                        blank=True,
                        help_text="留空表示审批局本局的信息联络员",
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="liaison_records",
                        to="catalog.department",
                        verbose_name="部门",
                    ),
                ),
                (
                    "filed_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="备案人",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="liaison_records",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="联络员",
                    ),
                ),
            ],
            options={
                "verbose_name": "联络员备案",
                "verbose_name_plural": "联络员备案",
                "ordering": ["department_id", "-since", "-pk"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("department__isnull", False), ("until__isnull", True)),
                        fields=("user", "department"),
                        name="liaisonrecord_open_once",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("department__isnull", True), ("until__isnull", True)),
                        fields=("user",),
                        name="liaisonrecord_bureau_open_once",
                    ),
                ],
            },
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
