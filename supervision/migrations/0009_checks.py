# Issue 14 part "checks": its helper writes the operations here by hand (the chain is fixed so the
# parts do not conflict); `makemigrations --check` must say nothing once every part is in.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import supervision.models.checks


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0008_events"),
        ("catalog", "0008_issue14_duties"),
        ("approvals", "0011_credit"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="CommitmentCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("pending", "待核查"),
                            ("verified", "属实"),
                            ("false", "不属实"),
                            ("exempted", "免予核查"),
                        ],
                        default="pending",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("method", models.TextField(blank=True, verbose_name="核查方式")),
                (
                    "check_days",
                    models.PositiveSmallIntegerField(
                        blank=True, null=True, verbose_name="核查期限(工作日)"
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="创建时间")),
                ("deadline", models.DateTimeField(blank=True, null=True, verbose_name="核查期限")),
                (
                    "deadline_provisional",
                    models.BooleanField(default=False, verbose_name="期限为暂定"),
                ),
                ("note", models.TextField(blank=True, max_length=5000, verbose_name="核查说明")),
                (
                    "attachment",
                    models.FileField(
                        blank=True,
                        max_length=300,
                        upload_to=supervision.models.checks.check_attachment_path,
                        verbose_name="附件",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="核查时间"),
                ),
                ("late", models.BooleanField(default=False, verbose_name="逾期核查")),
                (
                    "overdue_flagged_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="逾期标记时间"),
                ),
                (
                    "credit_record",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="approvals.creditrecord",
                        verbose_name="失信记录",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.department",
                        verbose_name="核查部门",
                    ),
                ),
                (
                    "procedure",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="approvals.permitprocedure",
                        verbose_name="撤销程序",
                    ),
                ),
                (
                    "push",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="commitment_check",
                        to="supervision.push",
                        verbose_name="审批结果推送",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="核查人",
                    ),
                ),
            ],
            options={
                "verbose_name": "告知承诺核查",
                "verbose_name_plural": "告知承诺核查",
                "ordering": ["-created_at", "-pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(
                            ("overdue_flagged_at__isnull", True), ("status", "pending")
                        ),
                        fields=["deadline"],
                        name="check_pending_deadline",
                    ),
                    models.Index(
                        fields=["department", "status", "-created_at"], name="check_by_dept"
                    ),
                ],
            },
        ),
    ]
