"""Later decisions on a permit as procedures (变更、延续、撤回、撤销、注销、责令停产停业、恢复):
started at the window, from a supervision report, ex officio or from a 复议/诉讼 outcome,
reviewed, decided by another person (一审一核) and delivered."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.limits import CONTENT_MAX, NAME_MAX, OPINION_MAX, REASON_MAX, limited_text
from approvals.models.decisions import Decision
from approvals.models.permits import Permit

__all__ = ["PermitProcedure"]

K = Decision.Kind


class PermitProcedure(models.Model):
    """许可后续程序: one later decision on a permit, from its start to its delivery."""

    class Kind(models.TextChoices):
        CHANGE = K.CHANGE.value, K.CHANGE.label
        RENEW = K.RENEW.value, K.RENEW.label
        WITHDRAW = K.WITHDRAW.value, K.WITHDRAW.label
        REVOKE = K.REVOKE.value, K.REVOKE.label
        CANCEL = K.CANCEL.value, K.CANCEL.label
        SUSPEND = K.SUSPEND.value, K.SUSPEND.label
        REINSTATE = K.REINSTATE.value, K.REINSTATE.label

    class Source(models.TextChoices):
        WINDOW = "window", _("窗口申请")
        REPORT = "report", _("监管信息推送")
        EX_OFFICIO = "ex_officio", _("依职权")
        REMEDY = "remedy", _("复议诉讼结果")
        # issue 14, checks: a 告知承诺 check found 不属实 (source_ref: the check)
        COMMITMENT_CHECK = "commitment_check", _("告知承诺核查不实")

    class Status(models.TextChoices):
        STARTED = "started", _("待审查")
        SENT_BACK = "sent_back", _("退回重审")
        REVIEWED = "reviewed", _("待决定")
        DECIDED = "decided", _("已决定")
        DECLINED = "declined", _("不予决定")
        DELIVERED = "delivered", _("已送达")

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("建议作出决定")
        DECLINE = "decline", _("建议不予作出")

    permit = models.ForeignKey(
        Permit, verbose_name=_("证件"), on_delete=models.PROTECT, related_name="procedures"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    source_ref = models.CharField(_("来源编号"), max_length=40, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.STARTED
    )
    # What is asked for: the new content / validity / holder name of a change or renewal.
    content = limited_text(_("申请内容"), CONTENT_MAX, blank=True)
    valid_until = models.DateField(_("申请有效期至"), null=True, blank=True)
    holder_name = models.CharField(_("变更后持证人名称"), max_length=NAME_MAX, blank=True)
    reason = limited_text(_("事由"), REASON_MAX)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发起人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField(_("发起时间"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    opinion = limited_text(_("审查意见"), OPINION_MAX, blank=True)
    recommendation = models.CharField(
        _("审查建议"), max_length=10, choices=Recommendation.choices, blank=True
    )
    send_back_reason = limited_text(_("退回理由"), REASON_MAX, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decline_reason = limited_text(_("不予决定理由"), REASON_MAX, blank=True)
    decision = models.OneToOneField(
        Decision,
        verbose_name=_("决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="procedure",
    )
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("送达人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    collected_by = models.CharField(_("签收人"), max_length=NAME_MAX, blank=True)

    OPEN = (Status.STARTED, Status.SENT_BACK, Status.REVIEWED)

    class Meta:
        verbose_name = _("许可后续程序")
        verbose_name_plural = _("许可后续程序")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # One open procedure of a kind per permit: a double submit answers the first.
            models.UniqueConstraint(
                fields=["permit", "kind"],
                condition=Q(status__in=["started", "sent_back", "reviewed"]),
                name="one_open_procedure_per_kind",
            )
        ]
        indexes = [models.Index(fields=["status", "started_at"], name="procedure_queue")]

    def __str__(self):
        return f"{self.permit.number} {self.get_kind_display()}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN
