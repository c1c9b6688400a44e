"""Joint meetings (联席会议 / 例会 / 专题会议, 000; 001 第十七、二十九–三十一条 "形成会议纪要"): a
meeting the bureau convenes with the supervising departments, its minutes, and the decisions
taken as follow-up tasks (议定事项) with an owner and a working-day deadline, flagged when late."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = [
    "MEETING_TASK_DAYS_MAX",
    "MEETING_TEXT_MAX",
    "MEETING_TITLE_MAX",
    "Meeting",
    "MeetingTask",
]

MEETING_TITLE_MAX = 200
MEETING_TEXT_MAX = 20000
MEETING_TASK_DAYS_MAX = 120


def meeting_path(instance, filename):
    return f"meetings/{uuid.uuid4().hex}"


class Meeting(models.Model):
    class Kind(models.TextChoices):
        JOINT = "joint", _("联席会议")
        REGULAR = "regular", _("例会")
        SPECIAL = "special", _("专题会议")

    kind = models.CharField(_("会议类型"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("会议名称"), max_length=MEETING_TITLE_MAX)
    held_at = models.DateTimeField(_("召开时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    departments = models.ManyToManyField(
        "catalog.Department", verbose_name=_("参会部门"), related_name="meetings", blank=True
    )
    attendees = models.TextField(_("参会人员"), max_length=MEETING_TEXT_MAX, blank=True)
    minutes = models.TextField(_("会议纪要"), max_length=MEETING_TEXT_MAX)
    attachment = models.FileField(_("纪要附件"), upload_to=meeting_path, blank=True, max_length=300)
    created_at = models.DateTimeField(_("登记时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("联席会议")
        verbose_name_plural = _("联席会议")
        ordering = ["-held_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.title}"


class MeetingTask(models.Model):
    """议定事项: a decision of the meeting, owned by a department (or the bureau: department
    None), due at the end of the `days`-th working day after the meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveSmallIntegerField(_("序号"))
    text = models.TextField(_("议定事项"), max_length=MEETING_TEXT_MAX)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meeting_tasks",
        help_text=_("留空表示由审批局承办"),
    )
    days = models.PositiveSmallIntegerField(_("办理时限(工作日)"))
    deadline = models.DateTimeField(_("办结期限"))
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    done_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    done_note = models.TextField(_("办结情况"), max_length=MEETING_TEXT_MAX, blank=True)
    done_late = models.BooleanField(_("逾期办结"), default=False)
    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("会议议定事项")
        verbose_name_plural = _("会议议定事项")
        ordering = ["meeting_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="meetingtask_position_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["deadline"],
                condition=Q(done_at__isnull=True, overdue_flagged_at__isnull=True),
                name="meetingtask_open",
            ),
        ]

    def __str__(self):
        return f"{self.meeting.title} · {self.position}"

    @staticmethod
    def overdue_q(now) -> Q:
        """Open past its deadline: the one rule of the flagger, the pages and the API."""
        return Q(done_at__isnull=True, deadline__lt=now)

    def is_overdue_at(self, now) -> bool:
        return self.done_at is None and self.deadline < now
