"""Append-only records of what happened."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """审计日志: one row per state change, never updated or deleted (全程留痕)."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # A denormalised name, so the trail reads right even after a user is renamed.
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    action = models.CharField(_("动作"), max_length=64)
    before = models.CharField(_("变更前"), max_length=64, blank=True)
    after = models.CharField(_("变更后"), max_length=64, blank=True)
    note = models.TextField(_("备注"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("AuditEvent is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("AuditEvent is append-only")


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
