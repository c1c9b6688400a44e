"""oversight models of accountability: deadline warnings (预警), accountability cases (问责) and
case-file review (卷宗评查). Services in accountability/oversight/ write them; nothing else."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["Case", "CaseStep", "DeadlineWarning", "ReviewDraw", "ReviewFinding"]

TITLE_MAX = 200
TEXT_MAX = 4000


class DeadlineWarning(models.Model):
    """One yellow warning sent for one deadline of one object: unique per (kind, object,
    deadline), written in the transaction that sends it, so a warning goes out once however many
    workers run; a deadline that moves is a new deadline and gets a new warning."""

    kind = models.CharField(_("期限类型"), max_length=30)
    object_id = models.BigIntegerField(_("对象编号"))
    deadline = models.DateTimeField(_("期限"))
    sent_at = models.DateTimeField(_("预警时间"))
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)

    class Meta:
        verbose_name = _("期限预警")
        verbose_name_plural = _("期限预警")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "deadline"], name="deadlinewarning_once"
            )
        ]

    def __str__(self):
        return f"{self.kind}:{self.object_id} {timezone.localtime(self.deadline):%Y-%m-%d}"


class Case(models.Model):
    """问责案件: opened by an inspector from a source, assigned, findings recorded, closed."""

    class Source(models.TextChoices):
        OVERDUE = "overdue", _("逾期记录")
        COMPLAINT = "complaint", _("投诉")
        RATING = "rating", _("差评")
        AUDIT = "audit", _("审计事件")
        REVIEW = "review", _("卷宗评查")

    class Status(models.TextChoices):
        OPEN = "open", _("已立案")
        ASSIGNED = "assigned", _("已交办")
        FINDINGS = "findings", _("已查明")
        CLOSED = "closed", _("已结案")

    class Outcome(models.TextChoices):
        REMINDER = "reminder", _("提醒")
        INTERVIEW = "interview", _("约谈")
        CRITICISM = "criticism", _("通报批评")
        RECTIFY = "rectify", _("责令整改")
        REFERRED = "referred", _("移送处理")
        NO_ACTION = "no_action", _("不予追究")

    source_kind = models.CharField(_("来源类型"), max_length=20, choices=Source.choices)
    source_id = models.BigIntegerField(_("来源编号"))
    source_label = models.CharField(_("来源"), max_length=300, blank=True)
    source_url = models.CharField(_("来源链接"), max_length=300, blank=True)
    title = models.CharField(_("标题"), max_length=TITLE_MAX)
    description = models.TextField(_("案情"), max_length=TEXT_MAX, blank=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("责任部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    deadline = models.DateTimeField(_("办理期限"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    findings = models.TextField(_("查明情况"), max_length=TEXT_MAX, blank=True)
    outcome = models.CharField(_("处理结果"), max_length=20, choices=Outcome.choices, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("立案人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("立案时间"))
    closed_at = models.DateTimeField(_("结案时间"), null=True, blank=True)

    OPEN_STATUSES = (Status.OPEN, Status.ASSIGNED, Status.FINDINGS)

    class Meta:
        verbose_name = _("问责案件")
        verbose_name_plural = _("问责案件")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accountability:case_detail", args=[self.pk])


class CaseStep(models.Model):
    """Every step of a case, kept (each one audited too)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("环节"), max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("经办人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("时间"))
    note = models.TextField(_("说明"), max_length=TEXT_MAX, blank=True)
    late = models.BooleanField(_("逾期办理"), default=False)

    class Meta:
        verbose_name = _("案件环节")
        verbose_name_plural = _("案件环节")
        ordering = ["at", "pk"]

    LABELS = {"open": _("立案"), "assign": _("交办"), "findings": _("查明情况"), "close": _("结案")}

    def __str__(self):
        return f"{self.case_id} {self.action}"

    @property
    def action_label(self):
        return self.LABELS.get(self.action, self.action)


class ReviewDraw(models.Model):
    """卷宗评查 抽取: the filter and the seed are kept, so the same draw can be drawn again."""

    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("抽取人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    drawn_at = models.DateTimeField(_("抽取时间"))
    seed = models.BigIntegerField(_("随机种子"))
    month = models.DateField(_("月份"))
    item_code = models.CharField(_("事项编码"), max_length=50, blank=True)
    category = models.CharField(_("事项类别"), max_length=50, blank=True)
    department = models.ForeignKey(
        "catalog.Department",
        verbose_name=_("承办部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sample_size = models.PositiveSmallIntegerField(_("抽取数量"))
    population = models.PositiveIntegerField(_("可抽卷宗数"), default=0)

    class Meta:
        verbose_name = _("卷宗评查")
        verbose_name_plural = _("卷宗评查")
        ordering = ["-drawn_at", "-pk"]

    def __str__(self):
        return f"{self.month:%Y-%m} #{self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accountability:review_detail", args=[self.pk])


class ReviewFinding(models.Model):
    """One drawn case file and what the review found in it."""

    class Verdict(models.TextChoices):
        PENDING = "", _("待评查")
        PROPER = "proper", _("规范")
        FLAWED = "flawed", _("瑕疵")
        WRONG = "wrong", _("错误")

    draw = models.ForeignKey(ReviewDraw, on_delete=models.CASCADE, related_name="findings")
    application = models.ForeignKey(
        "approvals.Application", verbose_name=_("办件"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    verdict = models.CharField(_("评查结论"), max_length=10, choices=Verdict.choices, blank=True)
    notes = models.TextField(_("评查意见"), max_length=TEXT_MAX, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("评查时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评查结论")
        verbose_name_plural = _("评查结论")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "application"], name="reviewfinding_once")
        ]

    def __str__(self):
        return f"{self.draw_id}/{self.position}"

    def get_absolute_url(self):
        return self.draw.get_absolute_url() + f"#finding-{self.pk}"
