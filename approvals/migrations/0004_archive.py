"""The frozen archive (电子档案): IssuedDocument, the notices' number prefixes on the seal, and
the seal-use log for every document (a seal use may have no decision: a notice's). Existing
documents are not backfilled: the document view renders a live copy, marked as such, for an
application issued before this migration."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import approvals.models.archive


def number_old_seal_uses(apps, schema_editor):
    SealUse = apps.get_model("approvals", "SealUse")
    for use in SealUse.objects.filter(number="", decision__isnull=False).select_related("decision"):
        use.number = use.decision.number
        use.save(update_fields=["number"])


class Migration(migrations.Migration):
    dependencies = [
        ("approvals", "0003_statistics_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="seal",
            name="correction_prefix",
            field=models.CharField(
                blank=True,
                help_text="留空则为“示审补”式",
                max_length=20,
                verbose_name="补正通知书字号前缀",
            ),
        ),
        migrations.AddField(
            model_name="seal",
            name="receipt_prefix",
            field=models.CharField(
                blank=True,
                help_text="留空则为“示审受”式",
                max_length=20,
                verbose_name="受理通知书字号前缀",
            ),
        ),
        migrations.AddField(
            model_name="seal",
            name="refusal_prefix",
            field=models.CharField(
                blank=True,
                help_text="留空则为“示审不受”式",
                max_length=20,
                verbose_name="不予受理决定书字号前缀",
            ),
        ),
        migrations.AddField(
            model_name="seal",
            name="termination_prefix",
            field=models.CharField(
                blank=True,
                help_text="留空则为“示审终”式",
                max_length=20,
                verbose_name="终止通知书字号前缀",
            ),
        ),
        migrations.AddField(
            model_name="seal",
            name="withdrawal_prefix",
            field=models.CharField(
                blank=True,
                help_text="留空则为“示审撤”式",
                max_length=20,
                verbose_name="撤回通知书字号前缀",
            ),
        ),
        migrations.AddField(
            model_name="sealuse",
            name="kind",
            field=models.CharField(default="decision", max_length=20, verbose_name="文书类型"),
        ),
        migrations.AddField(
            model_name="sealuse",
            name="number",
            field=models.CharField(blank=True, max_length=40, verbose_name="文书编号"),
        ),
        migrations.AlterField(
            model_name="sealuse",
            name="decision",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="seal_use",
                to="approvals.decision",
                verbose_name="决定",
            ),
        ),
        migrations.AlterField(
            model_name="sealuse",
            name="used_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="用印人",
            ),
        ),
        migrations.CreateModel(
            name="IssuedDocument",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("receipt", "受理通知书"),
                            ("correction", "补正材料通知书"),
                            ("refusal", "不予受理决定书"),
                            ("withdrawal", "撤回申请通知书"),
                            ("termination", "终止审批通知书"),
                            ("decision", "行政许可决定书"),
                        ],
                        max_length=20,
                        verbose_name="文书类型",
                    ),
                ),
                ("title", models.CharField(max_length=100, verbose_name="文书标题")),
                ("number", models.CharField(db_index=True, max_length=40, verbose_name="文书编号")),
                ("series", models.CharField(max_length=20, verbose_name="编号序列")),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                ("serial", models.PositiveIntegerField(verbose_name="序号")),
                ("issued_at", models.DateTimeField(verbose_name="出具时间")),
                ("html", models.TextField(blank=True, verbose_name="存档 HTML")),
                (
                    "html_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="HTML SHA-256"),
                ),
                ("frozen_at", models.DateTimeField(blank=True, null=True, verbose_name="固化时间")),
                (
                    "pdf",
                    models.FileField(
                        blank=True,
                        max_length=200,
                        upload_to=approvals.models.archive.archive_pdf_path,
                        verbose_name="存档 PDF",
                    ),
                ),
                (
                    "pdf_sha256",
                    models.CharField(blank=True, max_length=64, verbose_name="PDF SHA-256"),
                ),
                (
                    "pdf_rendered_at",
                    models.DateTimeField(blank=True, null=True, verbose_name="PDF 生成时间"),
                ),
                (
                    "application",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issued_documents",
                        to="approvals.application",
                        verbose_name="办件",
                    ),
                ),
                (
                    "decision",
                    models.OneToOneField(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="letter",
                        to="approvals.decision",
                        verbose_name="决定",
                    ),
                ),
                (
                    "issued_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="出具人",
                    ),
                ),
                (
                    "permit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="issued_documents",
                        to="approvals.permit",
                        verbose_name="证件",
                    ),
                ),
                (
                    "seal",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="documents",
                        to="approvals.seal",
                        verbose_name="印章",
                    ),
                ),
                (
                    "seal_use",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="document",
                        to="approvals.sealuse",
                        verbose_name="用印记录",
                    ),
                ),
            ],
            options={
                "verbose_name": "电子档案",
                "verbose_name_plural": "电子档案",
                "ordering": ["issued_at", "pk"],
                "indexes": [
                    models.Index(fields=["application", "issued_at"], name="issued_document_app"),
                    models.Index(
                        condition=models.Q(("pdf_sha256", "")),
                        fields=["issued_at"],
                        name="issued_document_unrendered",
                    ),
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("series", "year", "serial"), name="issued_document_series_serial"
                    )
                ],
            },
        ),
        migrations.RunPython(number_old_seal_uses, migrations.RunPython.noop),
    ]
