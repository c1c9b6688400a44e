"""Routing that remembers corrections (PermitRouting) and the bureau's answer to a return
(reject → back to the same department with a fresh claim deadline, or close)."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0004_hardening"),
        ("approvals", "0005_procedures"),
        ("catalog", "0004_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="push",
            name="repushed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="重新推送时间"),
        ),
        migrations.AddField(
            model_name="push",
            name="return_answer",
            field=models.CharField(
                blank=True,
                choices=[("rejected", "驳回退回"), ("closed", "关闭")],
                max_length=10,
                verbose_name="退回处理",
            ),
        ),
        migrations.AddField(
            model_name="push",
            name="return_answer_reason",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
                verbose_name="退回处理理由",
            ),
        ),
        migrations.AddField(
            model_name="push",
            name="return_answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="退回处理时间"),
        ),
        migrations.AddField(
            model_name="push",
            name="return_answered_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="退回处理人",
            ),
        ),
        migrations.CreateModel(
            name="PermitRouting",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("created_at", models.DateTimeField(verbose_name="时间")),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="改派人",
                    ),
                ),
                (
                    "department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.department",
                        verbose_name="改派到",
                    ),
                ),
                (
                    "permit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="routings",
                        to="approvals.permit",
                        verbose_name="许可证件",
                    ),
                ),
                (
                    "push",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="routing",
                        to="supervision.push",
                        verbose_name="改派后的推送",
                    ),
                ),
                (
                    "returned_department",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="catalog.department",
                        verbose_name="退回部门",
                    ),
                ),
            ],
            options={
                "verbose_name": "监管部门改派记录",
                "verbose_name_plural": "监管部门改派记录",
                "ordering": ["created_at", "pk"],
                "indexes": [
                    models.Index(fields=["permit", "created_at"], name="routing_by_permit")
                ],
            },
        ),
    ]
