"""Issue 14 part: checks — 告知承诺核查 (001 第二十四条).

A permit granted on a commitment (ItemVersion.notice_commitment) is checked by each supervising
department it is pushed to: one CommitmentCheck per push, written in the push's transaction,
with the version's check method and a deadline of commitment_check_days working days from the
push (免予核查 when the version has none). The liaison records 属实 / 不属实 / 免予核查; late is
allowed but flagged (kind "check"). 不属实 opens the revocation and the 失信记录."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CHECK_NOTE_MAX = 5000

__all__ = ["CHECK_NOTE_MAX", "CommitmentCheck", "check_attachment_path"]


def check_attachment_path(instance, filename):
    import uuid

    return f"checks/{instance.department_id}/{uuid.uuid4().hex}"


class CommitmentCheckQuerySet(models.QuerySet):
    def overdue(self, now):
        return self.filter(CommitmentCheck.check_overdue_q(now))


class CommitmentCheck(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待核查")
        VERIFIED = "verified", _("属实")
        FALSE = "false", _("不属实")
        EXEMPTED = "exempted", _("免予核查")

    RESULTS = (Status.VERIFIED, Status.FALSE, Status.EXEMPTED)

    push = models.OneToOneField(
        "supervision.Push",
        verbose_name=_("审批结果推送"),
        on_delete=models.PROTECT,
        related_name="commitment_check",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("核查部门"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    method = models.TextField(_("核查方式"), blank=True)
    check_days = models.PositiveSmallIntegerField(_("核查期限(工作日)"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"))
    deadline = models.DateTimeField(_("核查期限"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    note = models.TextField(_("核查说明"), max_length=CHECK_NOTE_MAX, blank=True)
    attachment = models.FileField(
        _("附件"), upload_to=check_attachment_path, blank=True, max_length=300
    )
    recorded_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    late = models.BooleanField(_("逾期核查"), default=False)
    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    procedure = models.ForeignKey(
        "approvals.PermitProcedure",
        verbose_name=_("撤销程序"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    credit_record = models.ForeignKey(
        "approvals.CreditRecord",
        verbose_name=_("失信记录"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = CommitmentCheckQuerySet.as_manager()

    class Meta:
        verbose_name = _("告知承诺核查")
        verbose_name_plural = _("告知承诺核查")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["deadline"],
                name="check_pending_deadline",
                condition=Q(status="pending", overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["department", "status", "-created_at"], name="check_by_dept"),
        ]

    def __str__(self):
        return f"{self.push_id} {self.get_status_display()}"

    # The one "overdue" of a check: flagged, recorded late, or pending past its deadline.
    @staticmethod
    def check_overdue_q(now) -> Q:
        return (
            Q(overdue_flagged_at__isnull=False)
            | Q(late=True)
            | Q(status=CommitmentCheck.Status.PENDING, deadline__isnull=False, deadline__lt=now)
        )

    def is_overdue_at(self, now) -> bool:
        return (
            self.overdue_flagged_at is not None
            or self.late
            or (
                self.status == self.Status.PENDING
                and self.deadline is not None
                and self.deadline < now
            )
        )


def check_overdue_q(now) -> Q:
    return CommitmentCheck.check_overdue_q(now)


__all__ += ["check_overdue_q"]
