# Issue 14 part "checks": credit records (失信记录) of applicants; operations written by its helper.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0010_fees_notices"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="permitprocedure",
            name="source",
            field=models.CharField(
                choices=[
                    ("window", "窗口申请"),
                    ("report", "监管信息推送"),
                    ("ex_officio", "依职权"),
                    ("remedy", "复议诉讼结果"),
                    ("commitment_check", "告知承诺核查不实"),
                ],
                max_length=20,
                verbose_name="来源",
            ),
        ),
        migrations.CreateModel(
            name="CreditRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "id_number",
                    models.CharField(
                        db_index=True, max_length=18, verbose_name="身份证号码或统一社会信用代码"
                    ),
                ),
                ("holder_name", models.CharField(max_length=200, verbose_name="行政相对人")),
                ("reason", models.TextField(max_length=2000, verbose_name="失信事由")),
                (
                    "source",
                    models.CharField(
                        choices=[("commitment_check", "告知承诺核查不实")],
                        max_length=30,
                        verbose_name="来源",
                    ),
                ),
                (
                    "source_ref",
                    models.CharField(blank=True, max_length=60, verbose_name="来源编号"),
                ),
                ("since", models.DateTimeField(verbose_name="记录时间")),
                ("lifted_at", models.DateTimeField(blank=True, null=True, verbose_name="解除时间")),
                (
                    "lift_reason",
                    models.TextField(blank=True, max_length=2000, verbose_name="解除理由"),
                ),
                (
                    "lifted_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="解除人",
                    ),
                ),
            ],
            options={
                "verbose_name": "失信记录",
                "verbose_name_plural": "失信记录",
                "ordering": ["-since", "-pk"],
                "indexes": [
                    models.Index(
                        condition=models.Q(("lifted_at__isnull", True)),
                        fields=["id_number"],
                        name="credit_standing",
                    )
                ],
            },
        ),
    ]
