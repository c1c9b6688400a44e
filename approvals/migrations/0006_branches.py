"""The branches (approvals.services.branches): 撤回申请 / 视为撤回 / 终止 statuses and their
record, 退回重审, and the 补正 deadline with the partial index its expiry job scans."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0005_procedures"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="closed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="撤回/终止时间"),
        ),
        migrations.AddField(
            model_name="application",
            name="closed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="撤回/终止经办人",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="closure_reason",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="撤回/终止理由",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="correction_deadline",
            field=models.DateTimeField(blank=True, null=True, verbose_name="补正期限"),
        ),
        migrations.AddField(
            model_name="application",
            name="correction_supplied_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="补正材料补齐时间"),
        ),
        migrations.AddField(
            model_name="application",
            name="deemed_withdrawn",
            field=models.BooleanField(default=False, verbose_name="视为撤回"),
        ),
        migrations.AddField(
            model_name="application",
            name="send_back_reason",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="退回重审理由",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="sent_back_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="退回重审时间"),
        ),
        migrations.AlterField(
            model_name="application",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "已登记"),
                    ("correction_requested", "待补正"),
                    ("refused", "不予受理"),
                    ("accepted", "已受理"),
                    ("under_review", "审查中"),
                    ("reviewed", "已审查"),
                    ("approved", "准予许可"),
                    ("denied", "不予许可"),
                    ("delivered", "已出件"),
                    ("withdrawn", "已撤回"),
                    ("terminated", "已终止"),
                ],
                default="submitted",
                max_length=30,
                verbose_name="状态",
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(
                    ("correction_supplied_at__isnull", True), ("status", "correction_requested")
                ),
                fields=["correction_deadline"],
                name="application_correction_due",
            ),
        ),
    ]
