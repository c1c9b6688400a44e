"""Decisions under the one seal: the seal, its use log and the gap-free document counters."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.limits import CONTENT_MAX, REASON_MAX, limited_text
from approvals.models.applications import Application
from approvals.models.permits import Permit


class Seal(models.Model):
    """行政审批专用章: the bureau's one active approval seal (一枚印章管审批)."""

    name = models.CharField(_("印章名称"), max_length=100)
    code = models.CharField(_("印章编码"), max_length=40, unique=True)
    document_prefix = models.CharField(
        _("文书字号前缀"), max_length=20, help_text=_("如“示审批”,文号为 示审批〔2026〕1号")
    )
    bureau_name = models.CharField(_("机关名称"), max_length=100)
    # The notices' own series (行政许可法 第三十二条: sealed, dated, numbered). Blank: derived
    # from document_prefix (示审批 → 示审受 / 示审补 / 示审不受 / 示审撤 / 示审终), prefix_for().
    receipt_prefix = models.CharField(
        _("受理通知书字号前缀"), max_length=20, blank=True, help_text=_("留空则为“示审受”式")
    )
    correction_prefix = models.CharField(
        _("补正通知书字号前缀"), max_length=20, blank=True, help_text=_("留空则为“示审补”式")
    )
    refusal_prefix = models.CharField(
        _("不予受理决定书字号前缀"), max_length=20, blank=True, help_text=_("留空则为“示审不受”式")
    )
    withdrawal_prefix = models.CharField(
        _("撤回通知书字号前缀"), max_length=20, blank=True, help_text=_("留空则为“示审撤”式")
    )
    termination_prefix = models.CharField(
        _("终止通知书字号前缀"), max_length=20, blank=True, help_text=_("留空则为“示审终”式")
    )
    special_procedure_prefix = models.CharField(
        _("特别程序告知书字号前缀"), max_length=20, blank=True, help_text=_("留空则为“示审特”式")
    )
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_seal"
            )
        ]

    def __str__(self):
        return self.name

    # notice kind -> (its prefix field, the character that replaces 批 in the derived prefix)
    NOTICE_PREFIXES = {
        "receipt": ("receipt_prefix", "受"),
        "correction": ("correction_prefix", "补"),
        "refusal": ("refusal_prefix", "不受"),
        "withdrawal": ("withdrawal_prefix", "撤"),
        "termination": ("termination_prefix", "终"),
        "special_procedure": ("special_procedure_prefix", "特"),
    }

    def prefix_for(self, kind: str) -> str:
        """The number prefix of a notice kind ("decision": document_prefix itself)."""
        if kind == "decision":
            return self.document_prefix
        field, mark = self.NOTICE_PREFIXES[kind]
        explicit = getattr(self, field)
        if explicit:
            return explicit
        base = self.document_prefix
        return f"{base[:-1]}{mark}" if base.endswith("批") else f"{base}{mark}"


class DocumentCounter(models.Model):
    """Gap-free serials per series and year; the row is locked while a number is taken, in
    the same transaction as the document, so a rollback gives the number back."""

    series = models.CharField(_("序列"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("文书编号序列")
        verbose_name_plural = _("文书编号序列")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="counter_series_year")
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last}"


class Decision(models.Model):
    """行政许可决定: approval or denial of an application, or a later act on a permit.
    Every one has a gap-free number and is sealed with the active Seal."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("准予行政许可")
        DENY = "deny", _("不予行政许可")
        CHANGE = "change", _("变更")
        RENEW = "renew", _("延续")
        WITHDRAW = "withdraw", _("撤回")
        REVOKE = "revoke", _("撤销")
        CANCEL = "cancel", _("注销")
        SUSPEND = "suspend", _("责令停产停业")
        REINSTATE = "reinstate", _("恢复")

    number = models.CharField(_("决定文号"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    application = models.ForeignKey(
        Application,
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    permit = models.ForeignKey(
        Permit,
        verbose_name=_("证件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    reason = limited_text(_("理由"), REASON_MAX, blank=True)
    content = limited_text(_("决定内容"), CONTENT_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"))
    seal = models.ForeignKey(
        Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="decisions"
    )

    class Meta:
        verbose_name = _("行政许可决定")
        verbose_name_plural = _("行政许可决定")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="decision_year_serial")
        ]

    def __str__(self):
        return self.number


class SealUse(models.Model):
    """用印登记: every application of the seal, who and when, on which document (a decision
    letter, or a notice: its IssuedDocument is `document`)."""

    seal = models.ForeignKey(
        Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="uses"
    )
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seal_use",
    )
    kind = models.CharField(_("文书类型"), max_length=20, default="decision")
    number = models.CharField(_("文书编号"), max_length=40, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用印人"),
        null=True,  # the periodic job's 视为撤回 notice
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    used_at = models.DateTimeField(_("用印时间"))

    class Meta:
        verbose_name = _("用印记录")
        verbose_name_plural = _("用印记录")
        ordering = ["-used_at", "-pk"]

    def __str__(self):
        return f"{self.seal} {self.number}"
