"""Oversight records: what the overdue job found (逾期记录); cases and statistics come next."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DUTY_KIND_VALUES = ["feedback", "check", "information", "inquiry", "meeting_task"]


class OverdueRecord(models.Model):
    """逾期记录: one per object flagged overdue, written once by the overdue job from what the
    flagging returned (deadline and responsible department as they were at that moment).

    A record of what happened, kept by accountability: its references to the push, report or
    application (and the department) are indexed columns without database foreign keys. The
    ORM still joins them and still refuses (PROTECT) to delete an object that has a record; the
    database no longer checks 50,000 deferred constraints at the commit of a big run, and no
    other app's table is tied to this one."""

    class Kind(models.TextChoices):
        PUSH = "push", _("推送逾期未认领")
        REPORT = "report", _("监管信息逾期未认领")
        APPLICATION = "application", _("办件超期")
        # issue 14: the duties of supervision.services.duties.DUTY_KINDS (same values, labels).
        FEEDBACK = "feedback", _("推送逾期未反馈")
        CHECK = "check", _("告知承诺逾期未核查")
        INFORMATION = "information", _("信息逾期未签收")
        INQUIRY = "inquiry", _("函询逾期未回复")
        MEETING_TASK = "meeting_task", _("会议议定事项逾期未办结")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    push = models.ForeignKey(
        "supervision.Push",
        verbose_name=_("审批结果推送"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,  # the partial unique constraint below is the index
        related_name="+",
    )
    report = models.ForeignKey(
        "supervision.SupervisionReport",
        verbose_name=_("监管信息推送"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    application = models.ForeignKey(
        "approvals.Application",
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_constraint=False,
        db_index=False,  # no reader filters by it yet; statistics add the index they need
        related_name="+",
    )
    # The flagged object of a duty kind (issue 14: the push, check, information, inquiry or
    # meeting task, by kind); null for the three first kinds, which have their own columns.
    object_id = models.BigIntegerField(_("对象编号"), null=True, blank=True)
    deadline = models.DateTimeField(_("期限"))
    flagged_at = models.DateTimeField(_("标记时间"))
    run_id = models.UUIDField(_("批次"))

    class Meta:
        verbose_name = _("逾期记录")
        verbose_name_plural = _("逾期记录")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            # Once per object: each unique index holds only the rows of its kind.
            models.UniqueConstraint(
                fields=["push"], condition=Q(push__isnull=False), name="overduerecord_push_once"
            ),
            models.UniqueConstraint(
                fields=["report"],
                condition=Q(report__isnull=False),
                name="overduerecord_report_once",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(application__isnull=False),
                name="overduerecord_application_once",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(object_id__isnull=False),
                name="overduerecord_duty_once",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="push",
                        push__isnull=False,
                        report=None,
                        application=None,
                        object_id=None,
                    )
                    | Q(
                        kind="report",
                        report__isnull=False,
                        push=None,
                        application=None,
                        object_id=None,
                    )
                    | Q(
                        kind="application",
                        application__isnull=False,
                        push=None,
                        report=None,
                        object_id=None,
                    )
                    | Q(
                        kind__in=DUTY_KIND_VALUES,
                        object_id__isnull=False,
                        push=None,
                        report=None,
                        application=None,
                    )
                ),
                name="overduerecord_one_object_of_its_kind",
            ),
        ]
        indexes = [
            # The inspectors' list, newest first.
            models.Index(fields=["-flagged_at", "-id"], name="overduerecord_recent"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {timezone.localtime(self.flagged_at):%Y-%m-%d}"
