import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accountability", "0007_public"),
        ("approvals", "0002_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="MonthlyReport",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(help_text="该月第一天", verbose_name="月份")),
                ("revision", models.PositiveSmallIntegerField(default=1, verbose_name="版次")),
                ("number", models.CharField(max_length=40, unique=True, verbose_name="通报编号")),
                ("serial", models.PositiveIntegerField(verbose_name="序号")),
                ("figures", models.JSONField(verbose_name="统计数据")),
                (
                    "audit_head_id",
                    models.BigIntegerField(blank=True, null=True, verbose_name="审计链末条事件"),
                ),
                (
                    "audit_head_hash",
                    models.CharField(blank=True, max_length=64, verbose_name="审计链末条哈希"),
                ),
                ("pdf", models.BinaryField(verbose_name="PDF")),
                ("pdf_sha256", models.CharField(max_length=64, verbose_name="PDF SHA-256")),
                ("xlsx", models.BinaryField(verbose_name="Excel")),
                ("xlsx_sha256", models.CharField(max_length=64, verbose_name="Excel SHA-256")),
                ("generated_at", models.DateTimeField(verbose_name="生成时间")),
                (
                    "generated_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="生成人",
                    ),
                ),
                (
                    "seal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="approvals.seal",
                        verbose_name="印章",
                    ),
                ),
            ],
            options={
                "verbose_name": "月度通报",
                "verbose_name_plural": "月度通报",
                "ordering": ["-month", "-revision"],
                "constraints": [
                    models.UniqueConstraint(fields=("month", "revision"), name="monthlyreport_once")
                ],
            },
        ),
    ]
