"""Applications (办件) and their material checklist."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.limits import COLLECTOR_MAX, CONTENT_MAX, REASON_MAX, limited_text
from approvals.models.applicants import Applicant
from approvals.models.files import StoredFile


class ApplicationQuerySet(models.QuerySet):
    def overdue(self, now):
        return self.filter(Application.overdue_q(now))

    def to_flag(self, now):
        """What the overdue job flags: open, not paused, past due and not flagged yet."""
        return self.filter(
            status__in=Application.OPEN_STATUSES,
            paused=False,
            due_at__lt=now,
            overdue_flagged_at__isnull=True,
        )


class Application(models.Model):
    """办件: one application taken in at the window, from submission to delivery."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已登记")
        CORRECTION_REQUESTED = "correction_requested", _("待补正")
        REFUSED = "refused", _("不予受理")
        ACCEPTED = "accepted", _("已受理")
        UNDER_REVIEW = "under_review", _("审查中")
        REVIEWED = "reviewed", _("已审查")
        APPROVED = "approved", _("准予许可")
        DENIED = "denied", _("不予许可")
        DELIVERED = "delivered", _("已出件")
        # Closed before a decision (approvals.services.branches): 撤回申请 (the applicant asks,
        # or 视为撤回 when a 补正 deadline passes: `deemed_withdrawn`) and 终止.
        WITHDRAWN = "withdrawn", _("已撤回")
        TERMINATED = "terminated", _("已终止")

    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.SUBMITTED
    )
    content = limited_text(_("申请内容"), CONTENT_MAX, blank=True)

    submitted_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt_number = models.CharField(
        _("受理编号"), max_length=30, null=True, blank=True, unique=True
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The clock: due_date is computed once, when the clock starts (and moved when a special
    # procedure ends); due_at is its end of day, indexed for overdue scans.
    due_date = models.DateField(_("承诺办结日期"), null=True, blank=True)
    due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    paused = models.BooleanField(_("特别程序中(计时暂停)"), default=False)
    paused_working_days = models.PositiveSmallIntegerField(_("特别程序累计工作日"), default=0)

    correction_note = limited_text(_("补正说明"), REASON_MAX, blank=True)
    # 补正 has a deadline (settings.CORRECTION_WORKING_DAYS working days after the notice, end
    # of that day); supplying every required material before it stops the clock.
    correction_deadline = models.DateTimeField(_("补正期限"), null=True, blank=True)
    correction_supplied_at = models.DateTimeField(_("补正材料补齐时间"), null=True, blank=True)
    refusal_reason = limited_text(_("不予受理理由"), REASON_MAX, blank=True)

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    # Working days from acceptance to decision, stored when decide() stops the clock (statistics).
    decide_working_days = models.PositiveIntegerField(
        _("决定用时(工作日)"), null=True, blank=True, editable=False
    )

    # 退回重审: the approver's last send-back (every one is in the audit trail too).
    sent_back_at = models.DateTimeField(_("退回重审时间"), null=True, blank=True)
    send_back_reason = limited_text(_("退回重审理由"), REASON_MAX, blank=True)

    # 撤回申请 / 视为撤回 / 终止: closed before a decision, with the reason the notice states.
    closed_at = models.DateTimeField(_("撤回/终止时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤回/终止经办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closure_reason = limited_text(_("撤回/终止理由"), REASON_MAX, blank=True)
    deemed_withdrawn = models.BooleanField(_("视为撤回"), default=False)

    delivered_at = models.DateTimeField(_("出件时间"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出件人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collected_by = models.CharField(_("领取人"), max_length=COLLECTOR_MAX, blank=True)

    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="application_status_due"),
            models.Index(
                fields=["due_at"],
                name="application_open_due",
                condition=Q(overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["-submitted_at", "-id"], name="application_recent"),
            models.Index(fields=["accepted_at"], name="application_accepted_at"),
            models.Index(fields=["decided_at"], name="application_decided_at"),
            models.Index(
                fields=["correction_deadline"],
                name="application_correction_due",
                condition=Q(status="correction_requested", correction_supplied_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.receipt_number or f"#{self.pk}"

    OPEN_STATUSES = (Status.ACCEPTED, Status.UNDER_REVIEW, Status.REVIEWED)
    # Closed without a decision: not open, never overdue, in no queue.
    CLOSED_UNDECIDED_STATUSES = (Status.WITHDRAWN, Status.TERMINATED)

    # "Overdue" (超期), one definition written twice side by side, as a Q for querysets and as
    # the same test on a loaded row: open, not paused and past the due time, or flagged by the
    # job (once flagged, always overdue: it was decided late). "Flagged" stays its own fact.
    @staticmethod
    def overdue_q(now) -> Q:
        return Q(overdue_flagged_at__isnull=False) | Q(
            status__in=Application.OPEN_STATUSES, paused=False, due_at__lt=now
        )

    def is_overdue_at(self, now) -> bool:
        return self.overdue_flagged_at is not None or (
            self.status in self.OPEN_STATUSES
            and not self.paused
            and self.due_at is not None
            and self.due_at < now
        )


class ApplicationMaterial(models.Model):
    """One line of the material checklist (from the item version) for one application."""

    class State(models.TextChoices):
        PROVIDED = "provided", _("已提交")
        MISSING = "missing", _("缺少")
        WAIVED = "waived", _("容缺")

    application = models.ForeignKey(
        Application, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="materials"
    )
    material = models.ForeignKey(
        "catalog.Material", verbose_name=_("材料"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.MISSING)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("电子文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    supply_by = models.DateField(_("容缺补交期限"), null=True, blank=True)
    supplied_at = models.DateTimeField(_("补交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["material__position", "material_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "material"], name="appmaterial_once")
        ]

    def __str__(self):
        return f"{self.material} ({self.get_state_display()})"

    @property
    def outstanding(self) -> bool:
        """A waived material not yet supplied blocks delivery of the result."""
        return self.state == self.State.WAIVED and self.supplied_at is None
