"""The public side's records: 好差评 ratings (国办发〔2019〕51号) and their follow-ups (回访、整改),
and complaints (投诉). Every state change goes through accountability.public.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Bounds of the texts people type (the services and the forms read the same numbers).
COMMENT_MAX = 500
COMPLAINT_TEXT_MAX = 2000
CONTACT_NAME_MAX = 50
PHONE_MAX = 20
EMAIL_MAX = 254
RECEIPT_MAX = 30
HANDLING_TEXT_MAX = 2000

__all__ = ["Rating", "RatingFollowUp", "Complaint"]


class Rating(models.Model):
    """好差评: one rating per application (一次一评), after delivery, online or at the window."""

    class Level(models.IntegerChoices):
        VERY_SATISFIED = 5, _("非常满意")
        SATISFIED = 4, _("满意")
        BASICALLY_SATISFIED = 3, _("基本满意")
        DISSATISFIED = 2, _("不满意")
        VERY_DISSATISFIED = 1, _("非常不满意")

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上评价")
        WINDOW = "window", _("窗口评价")

    # 不满意 or worse opens a follow-up (差评整改).
    BAD_LEVELS = (Level.DISSATISFIED, Level.VERY_DISSATISFIED)

    application = models.OneToOneField(
        "approvals.Application",
        verbose_name=_("办件"),
        on_delete=models.PROTECT,
        related_name="rating",
    )
    level = models.PositiveSmallIntegerField(_("评价等级"), choices=Level.choices)
    comment = models.TextField(_("评价内容"), max_length=COMMENT_MAX, blank=True)
    channel = models.CharField(_("评价渠道"), max_length=10, choices=Channel.choices)
    # The clerk who handed over the rating screen (window channel); the rater is the applicant.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("窗口人员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rated_at = models.DateTimeField(_("评价时间"))

    class Meta:
        verbose_name = _("好差评")
        verbose_name_plural = _("好差评")
        ordering = ["-rated_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=5), name="rating_level_1_5"
            ),
        ]
        indexes = [models.Index(fields=["rated_at"], name="rating_rated_at")]

    def __str__(self):
        return _("好差评 #%(pk)s(%(level)s)") % {"pk": self.pk, "level": self.get_level_display()}

    def get_absolute_url(self):
        followup = getattr(self, "followup", None)
        if followup is not None:
            return reverse("public:followup_detail", args=[followup.pk])
        return reverse("public:rating_detail", args=[self.pk])

    @property
    def is_bad(self) -> bool:
        return self.level in self.BAD_LEVELS


class RatingFollowUp(models.Model):
    """差评回访整改: opened by a 不满意 or worse rating, handled by inspectors within
    RATING_FOLLOWUP_WORKING_DAYS working days: 回访 (contact result), 整改 (outcome), closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("待回访")
        CONTACTED = "contacted", _("已回访,整改中")
        CLOSED = "closed", _("已办结")

    OPEN_STATUSES = (Status.OPEN, Status.CONTACTED)

    rating = models.OneToOneField(
        Rating, verbose_name=_("评价"), on_delete=models.PROTECT, related_name="followup"
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("开启时间"))
    due_date = models.DateField(_("办结期限"))
    due_at = models.DateTimeField(_("办结期限(时刻)"))
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    contact_result = models.TextField(_("回访情况"), max_length=HANDLING_TEXT_MAX, blank=True)
    contacted_at = models.DateTimeField(_("回访时间"), null=True, blank=True)
    contacted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.TextField(_("整改结果"), max_length=HANDLING_TEXT_MAX, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("差评回访整改")
        verbose_name_plural = _("差评回访整改")
        ordering = ["due_at", "pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="followup_status_due")]

    def __str__(self):
        return _("差评回访 #%(pk)s") % {"pk": self.pk}

    def get_absolute_url(self):
        return reverse("public:followup_detail", args=[self.pk])

    # "Overdue", once, as a Q and as the same test on a loaded row: open and past the due time.
    @staticmethod
    def overdue_q(now) -> Q:
        return Q(status__in=RatingFollowUp.OPEN_STATUSES, due_at__lt=now)

    def is_overdue_at(self, now) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_at < now


class Complaint(models.Model):
    """投诉: from the public form, numbered, handled by inspectors within
    COMPLAINT_WORKING_DAYS working days (accept → reply → close); may become a case (问责)."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已收到")
        ACCEPTED = "accepted", _("已受理")
        REPLIED = "replied", _("已答复")
        CLOSED = "closed", _("已办结")

    OPEN_STATUSES = (Status.RECEIVED, Status.ACCEPTED)

    number = models.CharField(_("投诉编号"), max_length=20, unique=True)
    name = models.CharField(_("投诉人"), max_length=CONTACT_NAME_MAX)
    phone = models.CharField(_("联系电话"), max_length=PHONE_MAX, blank=True)
    email = models.EmailField(_("电子邮箱"), max_length=EMAIL_MAX, blank=True)
    text = models.TextField(_("投诉内容"), max_length=COMPLAINT_TEXT_MAX)
    receipt_number = models.CharField(_("相关受理编号"), max_length=RECEIPT_MAX, blank=True)
    # Set when the given receipt number names an application (never shown to the public).
    application = models.ForeignKey(
        "approvals.Application",
        verbose_name=_("相关办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    submitted_at = models.DateTimeField(_("投诉时间"))
    due_date = models.DateField(_("办结期限"))
    due_at = models.DateTimeField(_("办结期限(时刻)"))
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply = models.TextField(_("答复及处理结果"), max_length=HANDLING_TEXT_MAX, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("投诉")
        verbose_name_plural = _("投诉")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_at"], name="complaint_status_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="complaint_has_contact"
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("public:complaint_detail", args=[self.pk])

    @staticmethod
    def overdue_q(now) -> Q:
        return Q(status__in=Complaint.OPEN_STATUSES, due_at__lt=now)

    def is_overdue_at(self, now) -> bool:
        return self.status in self.OPEN_STATUSES and self.due_at < now
