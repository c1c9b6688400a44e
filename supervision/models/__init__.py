"""Pushes of approval results to supervising departments (审批结果推送), reverse pushes of
supervision information (监管信息推送), notifications and department webhooks."""

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals import limits as approvals_limits

# The texts people type here, each with a limit that fits its use (a feedback or a summary is a
# few paragraphs, a reason a few sentences). The model declares it; the forms, the serializers
# (and so the schema) and the services read these constants, so every layer refuses the same.
FEEDBACK_MAX = 5000
RETURN_REASON_MAX = 2000
SUMMARY_MAX = 5000
# A follow-up becomes a decision on the permit: the decision's own limits, declared by approvals.
FOLLOW_UP_REASON_MAX = approvals_limits.REASON_MAX
FOLLOW_UP_CONTENT_MAX = approvals_limits.CONTENT_MAX
PERMIT_NUMBER_MAX = 30
REPORT_DECISION_NUMBER_MAX = 60


def limited_text(verbose_name, max_length: int, **kwargs) -> models.TextField:
    """A TextField with a length limit that full_clean, the admin and the schema all see."""
    return models.TextField(
        verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs
    )


# "Overdue" is one definition per kind, written twice side by side: as a Q for querysets
# (lists, filters, counts, the flagging job) and as the same test on a loaded row (badges,
# serializers, CSV). Past the claim deadline and not claimed in time, whether or not the job
# has flagged it yet; once flagged, always overdue. "Flagged" (overdue_flagged_at) stays its
# own fact. tests/supervision/test_overdue_rule.py holds the two to the same answers.


class PushQuerySet(models.QuerySet):
    def overdue(self, now):
        return self.filter(Push.overdue_q(now))

    def to_flag(self, now):
        """What the overdue job flags: unclaimed past the deadline and not flagged yet (the
        partial index push_unclaimed_deadline serves exactly this)."""
        return self.filter(
            status=Push.Status.PUSHED, claim_deadline__lt=now, overdue_flagged_at__isnull=True
        )


class SupervisionReportQuerySet(models.QuerySet):
    def overdue(self, now):
        return self.filter(SupervisionReport.overdue_q(now))

    def to_flag(self, now):
        return self.filter(
            status=SupervisionReport.Status.PUSHED,
            claim_deadline__lt=now,
            overdue_flagged_at__isnull=True,
        )


class Push(models.Model):
    """审批结果推送: one decision pushed to one supervising department. The row is an outbox
    written in the decision's transaction, and a snapshot: later edits elsewhere never change
    what was pushed."""

    class Status(models.TextChoices):
        PUSHED = "pushed", _("待认领")
        CLAIMED = "claimed", _("已认领")
        FEEDBACK_GIVEN = "feedback_given", _("已反馈")
        RETURNED = "returned", _("已退回")
        CLOSED = "closed", _("已办结")

    decision = models.ForeignKey(
        "approvals.Decision",
        verbose_name=_("审批决定"),
        on_delete=models.PROTECT,
        related_name="pushes",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("监管部门"),
        on_delete=models.PROTECT,
        related_name="pushes",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PUSHED
    )

    # Snapshot (seed text: 事项名称、法律文书编号、行政相对人姓名或名称及联系方式、地址、
    # 身份证号码或统一社会信用代码、审批日期、有效期、审批内容).
    item_name = models.CharField(_("事项名称"), max_length=200)
    decision_kind = models.CharField(_("决定类型"), max_length=10)
    decision_number = models.CharField(_("法律文书编号"), max_length=40)
    permit_number = models.CharField(_("证件编号"), max_length=30, blank=True)
    holder_name = models.CharField(_("行政相对人"), max_length=200)
    holder_id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18)
    holder_phone = models.CharField(_("联系方式"), max_length=30, blank=True)
    holder_address = models.CharField(_("地址"), max_length=300, blank=True)
    decision_date = models.DateField(_("审批日期"))
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    content = models.TextField(_("审批内容"), blank=True)

    pushed_at = models.DateTimeField(_("推送时间"))
    claim_deadline = models.DateTimeField(_("认领期限"))
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认领人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(_("逾期认领"), default=False)
    # Working days from push to claim, stored when claim_push stops the clock (statistics).
    claim_working_days = models.PositiveIntegerField(
        _("认领用时(工作日)"), null=True, blank=True, editable=False
    )
    feedback = limited_text(_("处置结果"), FEEDBACK_MAX, blank=True)
    feedback_at = models.DateTimeField(_("反馈时间"), null=True, blank=True)
    # issue 14, feedback: the final 处置反馈 is due by this (set at the claim, working days of
    # the item version or the department); the push closes with it; flagged once when late.
    feedback_deadline = models.DateTimeField(_("处置反馈期限"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    feedback_flagged_at = models.DateTimeField(_("反馈逾期标记时间"), null=True, blank=True)
    feedback_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    return_reason = limited_text(_("退回理由"), RETURN_REASON_MAX, blank=True)
    returned_at = models.DateTimeField(_("退回时间"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退回人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rerouted_from = models.OneToOneField(
        "self",
        verbose_name=_("改派自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rerouted_to",
    )
    # The bureau's answer to a return other than a re-route (supervision.services.returns):
    # 驳回退回 (the push goes back to the same department, status pushed, a fresh claim deadline
    # from repushed_at) or 关闭 (status closed). The latest answer; every one is in the audit trail.
    return_answer = models.CharField(
        _("退回处理"),
        max_length=10,
        choices=[("rejected", _("驳回退回")), ("closed", _("关闭"))],
        blank=True,
    )
    return_answer_reason = limited_text(_("退回处理理由"), RETURN_REASON_MAX, blank=True)
    return_answered_at = models.DateTimeField(_("退回处理时间"), null=True, blank=True)
    return_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("退回处理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # When a rejected return put the push back to its department: the claim clock restarts here
    # (pushed_at stays the first push). Null for a push never sent back.
    repushed_at = models.DateTimeField(_("重新推送时间"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    # Outbox for the liaison notification: null until the notification rows are written.
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)

    objects = PushQuerySet.as_manager()

    # What was pushed, copied from the decision when the push is written (and from the returned
    # push on a re-route): the one list the snapshot writer, the API and the admin read.
    # What `item_version` reads through (select_related these for one push or a page of them).
    VERSION_PATHS = ("decision__application__item_version", "decision__permit__item_version")
    SNAPSHOT_FIELDS = (
        "item_name",
        "decision_kind",
        "decision_number",
        "permit_number",
        "holder_name",
        "holder_id_number",
        "holder_phone",
        "holder_address",
        "decision_date",
        "valid_from",
        "valid_until",
        "content",
    )

    class Meta:
        verbose_name = _("审批结果推送")
        verbose_name_plural = _("审批结果推送")
        ordering = ["-pushed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "department"], name="push_once_per_department"
            )
        ]
        indexes = [
            # The overdue scan: unclaimed, not yet flagged, by deadline.
            models.Index(
                fields=["claim_deadline"],
                name="push_unclaimed_deadline",
                condition=Q(status="pushed", overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["department", "status", "-pushed_at"], name="push_inbox"),
            # Inspectors' all-department list, newest first.
            models.Index(fields=["-pushed_at", "-id"], name="push_recent"),
            models.Index(
                fields=["notified_at"], name="push_to_notify", condition=Q(notified_at__isnull=True)
            ),
        ]

    def __str__(self):
        return f"{self.decision_number} → {self.department_id}"

    @staticmethod
    def overdue_q(now) -> Q:
        return (
            Q(overdue_flagged_at__isnull=False)
            | Q(late=True)
            | Q(status=Push.Status.PUSHED, claim_deadline__lt=now)
        )

    def is_overdue_at(self, now) -> bool:
        return (
            self.overdue_flagged_at is not None
            or self.late
            or (self.status == self.Status.PUSHED and self.claim_deadline < now)
        )

    # issue 14, feedback: claimed, no final feedback, past the feedback deadline (the one rule:
    # the flagger, the pages, the API and the filters use these two).
    FEEDBACK_OPEN = ("claimed", "feedback_given")

    @staticmethod
    def feedback_overdue_q(now) -> Q:
        return Q(
            status__in=Push.FEEDBACK_OPEN,
            feedback_deadline__isnull=False,
            feedback_deadline__lt=now,
        )

    def is_feedback_overdue_at(self, now) -> bool:
        return (
            self.status in self.FEEDBACK_OPEN
            and self.feedback_deadline is not None
            and self.feedback_deadline < now
        )

    @property
    def claim_clock_start(self):
        """Where the claim deadline counts from: the push, or the re-push of a rejected return."""
        return self.repushed_at or self.pushed_at

    @property
    def decision_kind_label(self) -> str:
        """The decision kind in words (准予行政许可, 不予行政许可, 撤销 …): Decision.Kind's own
        labels, the one place they are written."""
        return decision_kind_label(self.decision_kind)

    @property
    def item_version(self):
        """The catalog version the pushed decision was made under: the application's, or for a
        later decision on a permit (变更, 撤销 …) the permit's. Its 审管职责边界 is what the claim
        commits the department to (select_related `VERSION_PATHS` to read it without queries)."""
        decision = self.decision
        source = decision.application if decision.application_id else decision.permit
        return source.item_version if source is not None else None

    @property
    def issued_permit(self) -> bool:
        """Whether the pushed decision left a permit (a denial has no number and no validity)."""
        return bool(self.permit_number)


def decision_kind_label(kind: str) -> str:
    from approvals.models import Decision

    return str(dict(Decision.Kind.choices).get(kind, kind))


class PermitRouting(models.Model):
    """监管部门改派记录: a correction of where one permit's pushes go. A department returned a
    push as not its own and the bureau re-routed it: from then on, later decisions on this
    permit (and on the permits that replace it) go to `department` instead of
    `returned_department`. Written by reroute_push in the same transaction; read by
    push_decision (supervision.routing). A permit with no row is routed by its item version's
    supervising departments."""

    permit = models.ForeignKey(
        "approvals.Permit",
        verbose_name=_("许可证件"),
        on_delete=models.PROTECT,
        related_name="routings",
    )
    returned_department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("退回部门"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("改派到"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    push = models.OneToOneField(
        Push,
        verbose_name=_("改派后的推送"),
        on_delete=models.PROTECT,
        related_name="routing",
    )
    created_at = models.DateTimeField(_("时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("改派人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("监管部门改派记录")
        verbose_name_plural = _("监管部门改派记录")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["permit", "created_at"], name="routing_by_permit")]

    def __str__(self):
        return f"{self.permit_id}: {self.returned_department_id} → {self.department_id}"


def report_attachment_path(instance, filename):
    return f"reports/{instance.department_id}/{uuid.uuid4().hex}"


class SupervisionReport(models.Model):
    """监管信息推送: a department reports a penalty or other act on a permit back to the
    bureau, which must claim it within 3 working days."""

    class Kind(models.TextChoices):
        PENALTY = "penalty", _("行政处罚")
        SUSPENSION = "suspension", _("责令停产停业")
        LICENCE_REVOCATION = "licence_revocation", _("吊销许可证件")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PUSHED = "pushed", _("待认领")
        CLAIMED = "claimed", _("已认领")
        CLOSED = "closed", _("已办结")

    permit = models.ForeignKey(
        "approvals.Permit",
        verbose_name=_("许可证件"),
        on_delete=models.PROTECT,
        related_name="supervision_reports",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("报送部门"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    decision_number = models.CharField(_("处罚决定文号"), max_length=REPORT_DECISION_NUMBER_MAX)
    decision_date = models.DateField(_("处罚决定日期"))
    summary = limited_text(_("摘要"), SUMMARY_MAX)
    attachment = models.FileField(
        _("附件"), upload_to=report_attachment_path, blank=True, max_length=300
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PUSHED
    )
    pushed_at = models.DateTimeField(_("推送时间"))
    pushed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("推送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(
        _("逾期推送"), default=False, help_text=_("晚于处罚决定后第 7 个工作日推送")
    )
    claim_deadline = models.DateTimeField(_("认领期限"))
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    claimed_at = models.DateTimeField(_("认领时间"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认领人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    claim_late = models.BooleanField(_("逾期认领"), default=False)
    # issue 14, feedback: the bureau closes a report that needs no permit action (已知悉/已办结).
    close_outcome = models.CharField(
        _("办结方式"),
        max_length=20,
        choices=[("acknowledged", _("已知悉")), ("done", _("已办结"))],  # ReportCloseOutcome
        blank=True,
    )
    close_note = models.TextField(_("办结说明"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    follow_up = models.ForeignKey(
        "approvals.Decision",
        verbose_name=_("后续决定"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)

    objects = SupervisionReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("监管信息推送")
        verbose_name_plural = _("监管信息推送")
        ordering = ["-pushed_at", "-pk"]
        indexes = [
            models.Index(
                fields=["claim_deadline"],
                name="report_unclaimed_deadline",
                condition=Q(status="pushed", overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["department", "-pushed_at"], name="report_by_department"),
        ]

    def __str__(self):
        return f"{self.decision_number} ({self.get_kind_display()})"

    @staticmethod
    def overdue_q(now) -> Q:
        """Not claimed by the bureau in time (`late` is the department's own lateness in
        pushing it, a different fact)."""
        return (
            Q(overdue_flagged_at__isnull=False)
            | Q(claim_late=True)
            | Q(status=SupervisionReport.Status.PUSHED, claim_deadline__lt=now)
        )

    def is_overdue_at(self, now) -> bool:
        return (
            self.overdue_flagged_at is not None
            or self.claim_late
            or (self.status == self.Status.PUSHED and self.claim_deadline < now)
        )


class Notification(models.Model):
    """站内通知 with its e-mail: written in the transaction that causes it (outbox), mailed
    after commit; a periodic task mails whatever was not mailed (broker down, crash)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    # The mail sweep's lease (supervision/notifications.py): a worker that claimed this row sends
    # its mail before this time; past it the row is free again (that worker died). The exact value
    # is the holder's claim token.
    mail_claimed_until = models.DateTimeField(
        _("邮件发送租约"), null=True, blank=True, editable=False
    )
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(
                fields=["created_at"],
                name="notification_to_mail",
                condition=Q(emailed_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.subject


class WebhookEndpoint(models.Model):
    """A department system's receiver for push events (HMAC-SHA256 signed)."""

    EVENTS = ("push.created", "push.flagged_overdue", "supervision_report.claimed")

    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="webhooks",
    )
    url = models.URLField(_("接收地址"), max_length=500)
    secret = models.CharField(_("签名密钥"), max_length=200)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("部门系统回调地址")
        verbose_name_plural = _("部门系统回调地址")

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint; the same id on every retry so receivers deduplicate."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待投递")
        DELIVERED = "delivered", _("已投递")
        FAILED = "failed", _("已放弃")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("接收地址"),
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    department = models.ForeignKey(
        "catalog.Department", verbose_name=_("部门"), on_delete=models.PROTECT, related_name="+"
    )
    event = models.CharField(_("事件"), max_length=40)
    push = models.ForeignKey(
        Push, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    report = models.ForeignKey(
        SupervisionReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The body, fixed at the first attempt so every retry sends the same bytes.
    body = models.TextField(_("报文"), blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    created_at = models.DateTimeField(_("创建时间"))
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("投递时间"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("最后响应码"), null=True, blank=True)

    class Meta:
        verbose_name = _("回调投递")
        verbose_name_plural = _("回调投递")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="delivery_due", condition=Q(status="pending")
            ),
            models.Index(fields=["department", "-created_at"], name="delivery_by_department"),
        ]

    def __str__(self):
        return f"{self.event} {self.pk}"


class WebhookAttempt(models.Model):
    """Every attempt of a delivery: time, response code or error."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField(_("时间"))
    status_code = models.PositiveSmallIntegerField(_("响应码"), null=True, blank=True)
    error = models.CharField(_("错误"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("耗时(毫秒)"), default=0)

    class Meta:
        verbose_name = _("投递尝试")
        verbose_name_plural = _("投递尝试")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{timezone.localtime(self.at):%Y-%m-%d %H:%M:%S} {self.status_code or self.error}"


class FormSubmission(models.Model):
    """One submitted browser form that creates something (the report form): its one-time key,
    unique, written in the same transaction as what it created, so the same form sent twice (a
    double click, a resent page) creates one row and the second is refused."""

    key = models.CharField(_("表单标识"), max_length=64, unique=True)
    form = models.CharField(_("表单"), max_length=40)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)

    class Meta:
        verbose_name = _("已提交表单")
        verbose_name_plural = _("已提交表单")

    def __str__(self):
        return f"{self.form} {self.key}"


# The parts added in issue 14 (审管联动 after the claim), each exporting its names through its own
# __all__: feedback (the feedback thread and its deadline), events (the event feed), checks
# (告知承诺 checks), correspondence (information, 函询, the paper channel), liaisons (the
# register), meetings (联席会议 and their follow-up tasks).
from supervision.models.checks import *  # noqa: E402, F403
from supervision.models.correspondence import *  # noqa: E402, F403
from supervision.models.events import *  # noqa: E402, F403
from supervision.models.feedback import *  # noqa: E402, F403
from supervision.models.liaisons import *  # noqa: E402, F403
from supervision.models.meetings import *  # noqa: E402, F403
