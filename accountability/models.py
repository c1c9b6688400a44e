"""Oversight records: what the overdue job found (逾期记录); cases and statistics come next."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverdueRecord(models.Model):
    """逾期记录: one per object flagged overdue, written once by the overdue job."""

    class Kind(models.TextChoices):
        PUSH = "push", _("推送逾期未认领")
        REPORT = "report", _("监管信息逾期未认领")
        APPLICATION = "application", _("办件超期")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    push = models.OneToOneField(
        "supervision.Push",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overdue_record",
    )
    report = models.OneToOneField(
        "supervision.SupervisionReport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overdue_record",
    )
    application = models.OneToOneField(
        "approvals.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="overdue_record",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateTimeField(_("期限"))
    flagged_at = models.DateTimeField(_("标记时间"), db_index=True)
    run_id = models.UUIDField(_("批次"), db_index=True)

    class Meta:
        verbose_name = _("逾期记录")
        verbose_name_plural = _("逾期记录")
        ordering = ["-flagged_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.flagged_at:%Y-%m-%d}"
