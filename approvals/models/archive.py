"""电子档案: every notice and decision letter the bureau issues, frozen when it is issued.

A row is written inside the transaction that issues the document (approvals.archive): its own
number from its series, the seal use, and the HTML rendered from the template with the values of
that moment. The PDF is rendered once from that frozen HTML (after commit, by a task, or on the
first print) and stored with its SHA-256; every print serves the stored copy."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from approvals.models.applications import Application
from approvals.models.decisions import Decision, Seal, SealUse
from approvals.models.permits import Permit

__all__ = ["IssuedDocument", "archive_pdf_path"]


def archive_pdf_path(instance, filename: str) -> str:
    return f"archive/{instance.year}/{instance.kind}/{filename}"


class IssuedDocument(models.Model):
    """已出具文书 (电子档案): one issued notice or decision letter, frozen."""

    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("受理通知书")
        CORRECTION = "correction", _("补正材料通知书")
        REFUSAL = "refusal", _("不予受理决定书")
        WITHDRAWAL = "withdrawal", _("撤回申请通知书")
        TERMINATION = "termination", _("终止审批通知书")
        SPECIAL_PROCEDURE = "special_procedure", _("特别程序告知书")
        DECISION = "decision", _("行政许可决定书")

    kind = models.CharField(_("文书类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("文书标题"), max_length=100)
    number = models.CharField(_("文书编号"), max_length=40, db_index=True)
    series = models.CharField(_("编号序列"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    application = models.ForeignKey(
        Application,
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letter",
    )
    permit = models.ForeignKey(
        Permit,
        verbose_name=_("证件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    seal = models.ForeignKey(
        Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="documents"
    )
    seal_use = models.OneToOneField(
        SealUse, verbose_name=_("用印记录"), on_delete=models.PROTECT, related_name="document"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出具人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("出具时间"))
    # The frozen copy: empty only between issue and freeze (a decision letter whose permit is
    # written later in the same transaction is frozen right after commit, or on first print).
    html = models.TextField(_("存档 HTML"), blank=True)
    html_sha256 = models.CharField(_("HTML SHA-256"), max_length=64, blank=True)
    frozen_at = models.DateTimeField(_("固化时间"), null=True, blank=True)
    pdf = models.FileField(_("存档 PDF"), upload_to=archive_pdf_path, blank=True, max_length=200)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_rendered_at = models.DateTimeField(_("PDF 生成时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("电子档案")
        verbose_name_plural = _("电子档案")
        ordering = ["issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "serial"], name="issued_document_series_serial"
            )
        ]
        indexes = [
            models.Index(fields=["application", "issued_at"], name="issued_document_app"),
            models.Index(
                fields=["issued_at"],
                name="issued_document_unrendered",
                condition=models.Q(pdf_sha256=""),
            ),
        ]

    def __str__(self):
        return f"{self.title} {self.number}"

    @property
    def short_sha(self) -> str:
        return (self.pdf_sha256 or self.html_sha256)[:12]
