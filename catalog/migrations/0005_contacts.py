"""Issue 13: where, when and whom to call (bureau-wide settings, per-item overrides).

BureauProfile (办事大厅信息, one row) and its history; three optional overrides on ItemVersion
(and its history): 办理地点, 办公时间, 咨询电话 of the item. The demo's values come from the
sample catalog loader (catalog.services.sample), not from here."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

import catalog.models


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0004_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="BureauProfile",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        default="县行政审批服务局",
                        max_length=100,
                        validators=[catalog.models.no_forbidden_characters],
                        verbose_name="机构名称",
                    ),
                ),
                (
                    "address",
                    models.CharField(
                        blank=True,
                        help_text="政务服务大厅地址,例如:县政务服务中心一楼综合受理区",
                        max_length=200,
                        validators=[catalog.models.no_forbidden_characters],
                        verbose_name="办理地点",
                    ),
                ),
                (
                    "office_hours",
                    models.CharField(
                        default="周一至周五 上午 9:00–12:00,下午 13:30–17:30(法定节假日除外)",
                        max_length=300,
                        validators=[catalog.models.no_forbidden_characters],
                        verbose_name="办公时间",
                    ),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=50,
                        validators=[
                            catalog.models.no_forbidden_characters,
                            catalog.models.phone_text,
                        ],
                        verbose_name="咨询电话",
                    ),
                ),
                (
                    "complaint_phone",
                    models.CharField(
                        blank=True,
                        help_text="监督投诉电话",
                        max_length=50,
                        validators=[
                            catalog.models.no_forbidden_characters,
                            catalog.models.phone_text,
                        ],
                        verbose_name="投诉电话",
                    ),
                ),
                ("website", models.URLField(blank=True, verbose_name="网站")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="更新时间")),
            ],
            options={
                "verbose_name": "办事大厅信息",
                "verbose_name_plural": "办事大厅信息(办理地点、办公时间、咨询投诉电话)",
            },
        ),
        migrations.AddField(
            model_name="historicalitemversion",
            name="contact_hours",
            field=models.CharField(
                blank=True,
                help_text="留空则显示办事大厅办公时间",
                max_length=300,
                validators=[catalog.models.no_forbidden_characters],
                verbose_name="办公时间(本事项)",
            ),
        ),
        migrations.AddField(
            model_name="historicalitemversion",
            name="contact_location",
            field=models.CharField(
                blank=True,
                help_text="例如:三楼 12 号窗口;留空则显示办事大厅地址",
                max_length=200,
                validators=[catalog.models.no_forbidden_characters],
                verbose_name="办理地点(本事项)",
            ),
        ),
        migrations.AddField(
            model_name="historicalitemversion",
            name="contact_phone",
            field=models.CharField(
                blank=True,
                help_text="留空则显示办事大厅咨询电话",
                max_length=50,
                validators=[catalog.models.no_forbidden_characters, catalog.models.phone_text],
                verbose_name="咨询电话(本事项)",
            ),
        ),
        migrations.AddField(
            model_name="itemversion",
            name="contact_hours",
            field=models.CharField(
                blank=True,
                help_text="留空则显示办事大厅办公时间",
                max_length=300,
                validators=[catalog.models.no_forbidden_characters],
                verbose_name="办公时间(本事项)",
            ),
        ),
        migrations.AddField(
            model_name="itemversion",
            name="contact_location",
            field=models.CharField(
                blank=True,
                help_text="例如:三楼 12 号窗口;留空则显示办事大厅地址",
                max_length=200,
                validators=[catalog.models.no_forbidden_characters],
                verbose_name="办理地点(本事项)",
            ),
        ),
        migrations.AddField(
            model_name="itemversion",
            name="contact_phone",
            field=models.CharField(
                blank=True,
                help_text="留空则显示办事大厅咨询电话",
                max_length=50,
                validators=[catalog.models.no_forbidden_characters, catalog.models.phone_text],
                verbose_name="咨询电话(本事项)",
            ),
        ),
        migrations.CreateModel(
            name="HistoricalBureauProfile",
            fields=[
                (
                    "id",
                    models.BigIntegerField(
                        auto_created=True, blank=True, db_index=True, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        default="县行政审批服务局",
                        max_length=100,
                        validators=[catalog.models.no_forbidden_characters],
                        verbose_name="机构名称",
                    ),
                ),
                (
                    "address",
                    models.CharField(
                        blank=True,
                        help_text="政务服务大厅地址,例如:县政务服务中心一楼综合受理区",
                        max_length=200,
                        validators=[catalog.models.no_forbidden_characters],
                        verbose_name="办理地点",
                    ),
                ),
                (
                    "office_hours",
                    models.CharField(
                        default="周一至周五 上午 9:00–12:00,下午 13:30–17:30(法定节假日除外)",
                        max_length=300,
                        validators=[catalog.models.no_forbidden_characters],
                        verbose_name="办公时间",
                    ),
                ),
                (
                    "phone",
                    models.CharField(
                        blank=True,
                        max_length=50,
                        validators=[
                            catalog.models.no_forbidden_characters,
                            catalog.models.phone_text,
                        ],
                        verbose_name="咨询电话",
                    ),
                ),
                (
                    "complaint_phone",
                    models.CharField(
                        blank=True,
                        help_text="监督投诉电话",
                        max_length=50,
                        validators=[
                            catalog.models.no_forbidden_characters,
                            catalog.models.phone_text,
                        ],
                        verbose_name="投诉电话",
                    ),
                ),
                ("website", models.URLField(blank=True, verbose_name="网站")),
                ("email", models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱")),
                (
                    "updated_at",
                    models.DateTimeField(blank=True, editable=False, verbose_name="更新时间"),
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
            ],
            options={
                "verbose_name": "historical 办事大厅信息",
                "verbose_name_plural": "historical 办事大厅信息(办理地点、办公时间、咨询投诉电话)",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
    ]
