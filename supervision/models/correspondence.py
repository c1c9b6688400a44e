"""Issue 14 part: correspondence — the daily traffic not tied to a permit.

Information (信息) online and on paper is ONE model: a paper item (书面公函, 案卷移送, 线下推送)
is information with channel "paper", registered by the bureau with its scan, and from then on it
is tracked the same way (read receipts, the claim 签收 by a deadline, flagged when late). One row
has exactly one department: the department side of the item (the sender when a department writes
to the bureau, the recipient when the bureau writes to a department). Information the bureau
sends to several departments is one row per department, sharing a `batch`.

函询 (Inquiry): either side asks the other; the receiving side replies in a thread of messages
(InquiryMessage). Answered at the first reply, closed by the asker."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

TITLE_MAX = 200
BODY_MAX = 5000
REFERENCE_MAX = 60
INQUIRY_SUBJECT_MAX = 200
INQUIRY_BODY_MAX = 5000
# Working days an inquiry's receiver has to reply: the asker may set 1–30, 5 when unsaid.
INQUIRY_REPLY_DAYS_DEFAULT = 5
INQUIRY_REPLY_DAYS_MIN = 1
INQUIRY_REPLY_DAYS_MAX = 30
# Working days the receiving side has to sign for (签收) what needs a claim.
INFORMATION_CLAIM_WORKING_DAYS = 3

__all__ = [
    "BODY_MAX",
    "INFORMATION_CLAIM_WORKING_DAYS",
    "INQUIRY_BODY_MAX",
    "INQUIRY_REPLY_DAYS_DEFAULT",
    "INQUIRY_REPLY_DAYS_MAX",
    "INQUIRY_REPLY_DAYS_MIN",
    "INQUIRY_SUBJECT_MAX",
    "REFERENCE_MAX",
    "TITLE_MAX",
    "Direction",
    "Information",
    "InformationReceipt",
    "Inquiry",
    "InquiryMessage",
]


class Direction(models.TextChoices):
    TO_BUREAU = "to_bureau", _("部门发往审批局")
    TO_DEPARTMENT = "to_department", _("审批局发往部门")


def correspondence_path(instance, filename):
    return f"correspondence/{instance.department_id}/{uuid.uuid4().hex}"


class Information(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("线上")
        PAPER = "paper", _("纸质")

    class Kind(models.TextChoices):
        POLICY = "policy", _("政策文件")
        TRAINING = "training", _("培训通知")
        UNLICENSED_TIP = "unlicensed_tip", _("无证经营线索")
        CHANGE_REQUEST = "change_request", _("变更或撤销申请(附专题会议纪要)")
        OTHER = "other", _("其他")
        # The paper channel's kinds (channel "paper" only).
        LETTER = "letter", _("书面公函")
        CASE_TRANSFER = "case_transfer", _("案卷移送")
        OFFLINE_PUSH = "offline_push", _("线下推送")

    ONLINE_KINDS = ("policy", "training", "unlicensed_tip", "change_request", "other")
    PAPER_KINDS = ("letter", "case_transfer", "offline_push")
    # The kinds the receiving side must sign for (签收) by a deadline: every other kind is read,
    # not claimed. The one list (services.correspondence.needs_claim reads it).
    CLAIMED_KINDS = ("unlicensed_tip", "change_request", "letter", "case_transfer", "offline_push")

    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    direction = models.CharField(_("方向"), max_length=20, choices=Direction.choices)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="information",
    )
    batch = models.UUIDField(_("批次"), default=uuid.uuid4, editable=False, db_index=True)
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    body = models.TextField(_("正文"), max_length=BODY_MAX, blank=True)
    attachment = models.FileField(
        _("附件"), upload_to=correspondence_path, blank=True, max_length=300
    )
    reference_number = models.CharField(_("文号"), max_length=REFERENCE_MAX, blank=True)
    paper_date = models.DateField(_("收发日期"), null=True, blank=True)
    created_at = models.DateTimeField(_("发送时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    claim_deadline = models.DateTimeField(_("签收期限"), null=True, blank=True)
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    claimed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    claim_late = models.BooleanField(_("逾期签收"), default=False)
    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息")
        verbose_name_plural = _("信息")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["claim_deadline"],
                name="information_unclaimed",
                condition=Q(
                    claimed_at__isnull=True,
                    claim_deadline__isnull=False,
                    overdue_flagged_at__isnull=True,
                ),
            ),
            models.Index(fields=["department", "-created_at"], name="information_by_department"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}:{self.title}"

    @property
    def needs_claim(self) -> bool:
        return self.claim_deadline is not None

    @property
    def is_claimed(self) -> bool:
        return self.claimed_at is not None

    @staticmethod
    def overdue_q(now) -> Q:
        return (
            Q(overdue_flagged_at__isnull=False)
            | Q(claim_late=True)
            | Q(claimed_at__isnull=True, claim_deadline__lt=now)
        )

    def is_overdue_at(self, now) -> bool:
        return (
            self.overdue_flagged_at is not None
            or self.claim_late
            or (
                self.claimed_at is None
                and self.claim_deadline is not None
                and self.claim_deadline < now
            )
        )


class InformationReceipt(models.Model):
    """已读回执: a required reader opened the item (once per reader)."""

    information = models.ForeignKey(
        Information, verbose_name=_("信息"), on_delete=models.CASCADE, related_name="receipts"
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("阅读人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    read_at = models.DateTimeField(_("阅读时间"))

    class Meta:
        verbose_name = _("已读回执")
        verbose_name_plural = _("已读回执")
        ordering = ["read_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["information", "reader"], name="receipt_once")
        ]

    def __str__(self):
        return f"{self.information_id} {self.reader_id}"


class Inquiry(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待回复")
        ANSWERED = "answered", _("已回复")
        CLOSED = "closed", _("已关闭")

    direction = models.CharField(_("方向"), max_length=20, choices=Direction.choices)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("部门"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    subject = models.CharField(_("事由"), max_length=INQUIRY_SUBJECT_MAX)
    question = models.TextField(_("询问内容"), max_length=INQUIRY_BODY_MAX)
    attachment = models.FileField(
        _("附件"), upload_to=correspondence_path, blank=True, max_length=300
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default="open")
    reply_days = models.PositiveSmallIntegerField(_("回复时限(工作日)"))
    asked_at = models.DateTimeField(_("发出时间"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("询问人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply_deadline = models.DateTimeField(_("回复期限"))
    deadline_provisional = models.BooleanField(_("期限为暂定"), default=False)
    answered_at = models.DateTimeField(_("回复时间"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_late = models.BooleanField(_("逾期回复"), default=False)
    closed_at = models.DateTimeField(_("关闭时间"), null=True, blank=True)
    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("函询")
        verbose_name_plural = _("函询")
        ordering = ["-asked_at", "-pk"]
        indexes = [
            models.Index(
                fields=["reply_deadline"],
                name="inquiry_unanswered",
                condition=Q(status="open", overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["department", "-asked_at"], name="inquiry_by_department"),
        ]

    def __str__(self):
        return self.subject

    @staticmethod
    def overdue_q(now) -> Q:
        return (
            Q(overdue_flagged_at__isnull=False)
            | Q(answer_late=True)
            | Q(status="open", reply_deadline__lt=now)
        )

    def is_overdue_at(self, now) -> bool:
        return (
            self.overdue_flagged_at is not None
            or self.answer_late
            or (self.status == self.Status.OPEN and self.reply_deadline < now)
        )


class InquiryMessage(models.Model):
    """One message of an inquiry's thread: the asker's follow-up or the receiver's reply."""

    inquiry = models.ForeignKey(
        Inquiry, verbose_name=_("函询"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撰写人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    from_asker = models.BooleanField(_("询问方"))
    body = models.TextField(_("内容"), max_length=INQUIRY_BODY_MAX)
    at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("函询往来")
        verbose_name_plural = _("函询往来")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.inquiry_id} {self.at:%Y-%m-%d %H:%M}"
