"""The monthly 通报 (月度监管通报): one sealed, numbered, archived report per month."""

import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["MonthlyReport"]


class ArchivedReport(Exception):
    """An archived report is never changed nor deleted (its hashes are on paper)."""


class MonthlyReport(models.Model):
    """月度通报: the previous month's claim and feedback timeliness per department, the overdue
    lists and the targets, computed as of the month's end; an A4 PDF sealed with the bureau's
    seal and numbered (series monthly_report), and an xlsx, both stored in the row with their
    SHA-256 — the archive. Revision 1 is the beat's; an inspector's regeneration adds the next
    revision (the earlier ones stay as they were)."""

    month = models.DateField(_("月份"), help_text=_("该月第一天"))
    revision = models.PositiveSmallIntegerField(_("版次"), default=1)
    number = models.CharField(_("通报编号"), max_length=40, unique=True)
    serial = models.PositiveIntegerField(_("序号"))
    seal = models.ForeignKey(
        "approvals.Seal", verbose_name=_("印章"), on_delete=models.PROTECT, related_name="+"
    )
    figures = models.JSONField(_("统计数据"))
    audit_head_id = models.BigIntegerField(_("审计链末条事件"), null=True, blank=True)
    audit_head_hash = models.CharField(_("审计链末条哈希"), max_length=64, blank=True)
    pdf = models.BinaryField(_("PDF"))
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64)
    xlsx = models.BinaryField(_("Excel"))
    xlsx_sha256 = models.CharField(_("Excel SHA-256"), max_length=64)
    generated_at = models.DateTimeField(_("生成时间"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("生成人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("月度通报")
        verbose_name_plural = _("月度通报")
        ordering = ["-month", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["month", "revision"], name="monthlyreport_once"),
        ]

    def __str__(self):
        return self.number

    def save(self, *args, **kwargs):
        # Written once (the service creates it); the archive is never rewritten.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ArchivedReport(self.number)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ArchivedReport(self.number)

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(bytes(data)).hexdigest()

    def intact(self) -> bool:
        """Whether the stored files still match the hashes they were archived with."""
        return (
            self.digest(self.pdf) == self.pdf_sha256 and self.digest(self.xlsx) == self.xlsx_sha256
        )
