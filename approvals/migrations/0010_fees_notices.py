"""Issue 13: fees charged and paid at the window, and the special-procedure notice's series."""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0009_parties"),
        ("catalog", "0002_item_historicalitemversion_itemversion_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="seal",
            name="special_procedure_prefix",
            field=models.CharField(
                blank=True,
                help_text="留空则为“示审特”式",
                max_length=20,
                verbose_name="特别程序告知书字号前缀",
            ),
        ),
        migrations.AlterField(
            model_name="issueddocument",
            name="kind",
            field=models.CharField(
                choices=[
                    ("receipt", "受理通知书"),
                    ("correction", "补正材料通知书"),
                    ("refusal", "不予受理决定书"),
                    ("withdrawal", "撤回申请通知书"),
                    ("termination", "终止审批通知书"),
                    ("special_procedure", "特别程序告知书"),
                    ("decision", "行政许可决定书"),
                ],
                max_length=20,
                verbose_name="文书类型",
            ),
        ),
        migrations.CreateModel(
            name="FeePayment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "total_charged",
                    models.DecimalField(
                        decimal_places=2, max_digits=12, verbose_name="应收合计(元)"
                    ),
                ),
                (
                    "amount_paid",
                    models.DecimalField(
                        decimal_places=2, max_digits=12, verbose_name="实收金额(元)"
                    ),
                ),
                (
                    "method",
                    models.CharField(
                        choices=[
                            ("cash", "现金"),
                            ("card", "刷卡"),
                            ("qr", "扫码"),
                            ("transfer", "银行转账"),
                            ("none", "全额减免,无需缴款"),
                        ],
                        max_length=10,
                        verbose_name="缴费方式",
                    ),
                ),
                (
                    "receipt_number",
                    models.CharField(
                        blank=True, db_index=True, max_length=40, verbose_name="财政票据号"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="票据年度")),
                ("paid_at", models.DateTimeField(verbose_name="缴费时间")),
                (
                    "application",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="fee_payment",
                        to="approvals.application",
                        verbose_name="办件",
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="收费人",
                    ),
                ),
            ],
            options={
                "verbose_name": "缴费记录",
                "verbose_name_plural": "缴费记录",
                "ordering": ["-paid_at", "-pk"],
            },
        ),
        migrations.CreateModel(
            name="FeeCharge",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="序号")),
                ("name", models.CharField(max_length=200, verbose_name="收费项目")),
                ("basis", models.CharField(blank=True, max_length=300, verbose_name="收费依据")),
                (
                    "standard_amount",
                    models.DecimalField(
                        decimal_places=2, max_digits=12, verbose_name="收费标准(元)"
                    ),
                ),
                (
                    "amount",
                    models.DecimalField(decimal_places=2, max_digits=12, verbose_name="实收(元)"),
                ),
                (
                    "reduction_reason",
                    models.TextField(
                        blank=True,
                        max_length=2000,
                        validators=[django.core.validators.MaxLengthValidator(2000)],
                        verbose_name="减免理由",
                    ),
                ),
                (
                    "fee",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="catalog.fee",
                        verbose_name="收费项目",
                    ),
                ),
                (
                    "payment",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="lines",
                        to="approvals.feepayment",
                        verbose_name="缴费记录",
                    ),
                ),
            ],
            options={
                "verbose_name": "收费明细",
                "verbose_name_plural": "收费明细",
                "ordering": ["payment", "position"],
            },
        ),
        migrations.AddConstraint(
            model_name="feepayment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("receipt_number", ""), _negated=True),
                fields=("year", "receipt_number"),
                name="fee_receipt_number_once_a_year",
            ),
        ),
        migrations.AddConstraint(
            model_name="feepayment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("total_charged__gte", 0), ("amount_paid", models.F("total_charged"))
                ),
                name="fee_paid_in_full",
            ),
        ),
        migrations.AddConstraint(
            model_name="feepayment",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("total_charged", 0),
                    models.Q(("receipt_number", ""), _negated=True),
                    _connector="OR",
                ),
                name="fee_receipt_number_required",
            ),
        ),
        migrations.AddConstraint(
            model_name="feecharge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount__gte", 0), ("amount__lte", models.F("standard_amount"))
                ),
                name="fee_charge_within_standard",
            ),
        ),
        migrations.AddConstraint(
            model_name="feecharge",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("amount", models.F("standard_amount")),
                    models.Q(("reduction_reason", ""), _negated=True),
                    _connector="OR",
                ),
                name="fee_reduction_has_reason",
            ),
        ),
    ]
