"""复议应诉: an administrative reconsideration (行政复议) or a lawsuit (行政诉讼) against a
decision of the bureau, with the bureau's reply deadline, the body's decision deadline and the
outcome. The deadlines are computed once by approvals.services.remedies and stored here."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.limits import NAME_MAX, NOTE_MAX, REASON_MAX, limited_text
from approvals.models.decisions import Decision

REMEDY_BODY_MAX = 100  # 复议机关 / 人民法院
CASE_NUMBER_MAX = 60  # （2026）示01行初12号, 示政复〔2026〕3号
OUTCOME_DOCUMENT_MAX = 60


class RemedyQuerySet(models.QuerySet):
    def reply_overdue(self, now: datetime.datetime):
        return self.filter(Remedy.reply_overdue_q(now))

    def awaiting_reply(self):
        return self.filter(status=Remedy.Status.OPEN)


class Remedy(models.Model):
    """复议 / 诉讼: an application for reconsideration, or a complaint to a court, against one
    Decision of the bureau (and so its application and permit)."""

    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", _("行政复议")
        LAWSUIT = "lawsuit", _("行政诉讼")

    class Status(models.TextChoices):
        OPEN = "open", _("待答复")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已结案")

    class Outcome(models.TextChoices):
        UPHELD = "upheld", _("维持")
        ANNULLED = "annulled", _("撤销")
        CHANGED = "changed", _("变更")
        CONFIRMED_UNLAWFUL = "confirmed_unlawful", _("确认违法")
        ORDERED_TO_ACT = "ordered_to_act", _("责令履行")
        DISMISSED = "dismissed", _("驳回")
        WITHDRAWN = "withdrawn", _("申请人撤回")

    class FollowUp(models.TextChoices):
        """What the outcome asks of the bureau (set by record_outcome)."""

        NONE = "none", _("无需处理")
        PROCEDURE = "procedure", _("已启动许可程序")
        APPROVER = "approver", _("待审批负责人处理")
        DONE = "done", _("已处理")

    decision = models.ForeignKey(
        Decision, verbose_name=_("被申请的决定"), on_delete=models.PROTECT, related_name="remedies"
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    body = models.CharField(_("复议机关 / 人民法院"), max_length=REMEDY_BODY_MAX)
    case_number = models.CharField(_("案号"), max_length=CASE_NUMBER_MAX)
    claimant = models.CharField(_("申请人 / 原告"), max_length=NAME_MAX)
    received_on = models.DateField(_("收到副本日期"))
    reply_due_on = models.DateField(_("答复期限"))
    reply_due_at = models.DateTimeField(_("答复期限届满"))
    reply_due_provisional = models.BooleanField(_("期限暂定"), default=False)
    accepted_on = models.DateField(_("受理 / 立案日期"), null=True, blank=True)
    decision_due_on = models.DateField(_("复议决定 / 一审判决期限"), null=True, blank=True)
    replied_on = models.DateField(_("答复日期"), null=True, blank=True)
    reply_note = limited_text(_("答复说明"), NOTE_MAX, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.OPEN)
    outcome = models.CharField(_("结果"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("结果日期"), null=True, blank=True)
    outcome_document = models.CharField(
        _("复议决定书 / 判决书文号"), max_length=OUTCOME_DOCUMENT_MAX, blank=True
    )
    notes = limited_text(_("备注"), REASON_MAX, blank=True)
    follow_up = models.CharField(
        _("后续处理"), max_length=10, choices=FollowUp.choices, default=FollowUp.NONE
    )
    # The permit procedure the outcome started (approvals' PermitProcedure, by id: the
    # procedures part owns that table).
    procedure_id = models.PositiveBigIntegerField(_("许可程序编号"), null=True, blank=True)
    follow_up_note = limited_text(_("后续处理说明"), NOTE_MAX, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RemedyQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政复议 / 行政诉讼")
        verbose_name_plural = _("行政复议 / 行政诉讼")
        ordering = ["-received_on", "-pk"]
        constraints = [
            # One case of one body is recorded once (a double submit is refused).
            models.UniqueConstraint(
                fields=["kind", "body", "case_number"], name="remedy_unique_case"
            ),
            models.CheckConstraint(
                condition=Q(status="closed", outcome__gt="", outcome_on__isnull=False)
                | (~Q(status="closed") & Q(outcome="")),
                name="remedy_outcome_iff_closed",
            ),
        ]
        indexes = [models.Index(fields=["status", "reply_due_at"], name="remedy_reply_due")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.case_number}"

    # The one rule for "the reply is late": still open (no reply recorded, no outcome) past the
    # stored deadline. A query and an instance method from the same definition.
    @staticmethod
    def reply_overdue_q(now: datetime.datetime) -> Q:
        return Q(status=Remedy.Status.OPEN, reply_due_at__lt=now)

    def is_reply_overdue_at(self, now: datetime.datetime) -> bool:
        return self.status == self.Status.OPEN and self.reply_due_at < now


__all__ = ["CASE_NUMBER_MAX", "OUTCOME_DOCUMENT_MAX", "REMEDY_BODY_MAX", "Remedy"]
