"""Issue 13: each item version's procedure as steps (程序清单)."""

import django.core.validators
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0005_contacts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalProcedureStep",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(999),
                        ],
                        verbose_name="序号",
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="环节名称")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("intake", "受理"),
                            ("review", "审查"),
                            ("decision", "决定"),
                            ("delivery", "送达"),
                        ],
                        help_text="办件处于该阶段时,本环节显示为“当前环节”",
                        max_length=20,
                        verbose_name="对应办理阶段",
                    ),
                ),
                ("post", models.CharField(max_length=100, verbose_name="承办岗位/机构")),
                (
                    "requirements",
                    models.TextField(
                        blank=True,
                        max_length=1000,
                        validators=[django.core.validators.MaxLengthValidator(1000)],
                        verbose_name="办理要求",
                    ),
                ),
                (
                    "limit_days",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="0 表示即时/当场办理",
                        validators=[django.core.validators.MaxValueValidator(999)],
                        verbose_name="办理时限(工作日)",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="catalog.itemversion",
                        verbose_name="事项版本",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical 办理环节",
                "verbose_name_plural": "historical 办理环节(程序清单)",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="ProcedureStep",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "position",
                    models.PositiveSmallIntegerField(
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(999),
                        ],
                        verbose_name="序号",
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="环节名称")),
                (
                    "stage",
                    models.CharField(
                        choices=[
                            ("intake", "受理"),
                            ("review", "审查"),
                            ("decision", "决定"),
                            ("delivery", "送达"),
                        ],
                        help_text="办件处于该阶段时,本环节显示为“当前环节”",
                        max_length=20,
                        verbose_name="对应办理阶段",
                    ),
                ),
                ("post", models.CharField(max_length=100, verbose_name="承办岗位/机构")),
                (
                    "requirements",
                    models.TextField(
                        blank=True,
                        max_length=1000,
                        validators=[django.core.validators.MaxLengthValidator(1000)],
                        verbose_name="办理要求",
                    ),
                ),
                (
                    "limit_days",
                    models.PositiveSmallIntegerField(
                        default=0,
                        help_text="0 表示即时/当场办理",
                        validators=[django.core.validators.MaxValueValidator(999)],
                        verbose_name="办理时限(工作日)",
                    ),
                ),
                (
                    "version",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="steps",
                        to="catalog.itemversion",
                        verbose_name="事项版本",
                    ),
                ),
            ],
            options={
                "verbose_name": "办理环节",
                "verbose_name_plural": "办理环节(程序清单)",
                "ordering": ["version_id", "position", "pk"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("version", "position"),
                        name="procedurestep_unique_position",
                        violation_error_code="step_position_taken",
                        violation_error_message="同一版本中环节序号不能重复。",
                    )
                ],
            },
        ),
    ]
