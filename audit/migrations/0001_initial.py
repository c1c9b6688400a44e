"""AuditEvent moves here from accountability with its table and rows: state only."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accountability", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "at",
                            models.DateTimeField(
                                db_index=True, default=django.utils.timezone.now, verbose_name="时间"
                            ),
                        ),
                        ("actor_name", models.CharField(blank=True, max_length=150, verbose_name="操作人姓名")),
                        ("object_id", models.CharField(max_length=64, verbose_name="对象编号")),
                        ("object_repr", models.CharField(blank=True, max_length=200, verbose_name="对象")),
                        ("action", models.CharField(max_length=64, verbose_name="动作")),
                        ("before", models.CharField(blank=True, max_length=64, verbose_name="变更前")),
                        ("after", models.CharField(blank=True, max_length=64, verbose_name="变更后")),
                        ("note", models.TextField(blank=True, verbose_name="备注")),
                        ("data", models.JSONField(blank=True, default=dict, verbose_name="附加数据")),
                        (
                            "actor",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="操作人",
                            ),
                        ),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "审计事件",
                        "verbose_name_plural": "审计事件",
                        "ordering": ["at", "pk"],
                        "db_table": "accountability_auditevent",
                        "indexes": [
                            models.Index(
                                fields=["content_type", "object_id", "at"],
                                name="accountabil_content_a629cc_idx",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
