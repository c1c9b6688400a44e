"""Review of an application: opinions and the special procedures that stop the clock."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from approvals.limits import INSPECTION_MAX, OPINION_MAX, PROCEDURE_NOTE_MAX, limited_text
from approvals.models.applications import Application


class ReviewOpinion(models.Model):
    """审查意见 of a reviewer, with the site inspection record where the item needs one."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("建议准予许可")
        DENY = "deny", _("建议不予许可")

    application = models.ForeignKey(
        Application, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="opinions"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = limited_text(_("审查意见"), OPINION_MAX)
    recommendation = models.CharField(_("审查建议"), max_length=10, choices=Recommendation.choices)
    site_inspection = limited_text(_("现场踏勘记录"), INSPECTION_MAX, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审查意见")
        verbose_name_plural = _("审查意见")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_recommendation_display()} ({self.reviewer})"


class SpecialProcedure(models.Model):
    """特别程序 (听证、检验检测、专家评审、公示): the clock stops while one is open."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("听证")
        TESTING = "testing", _("检验检测")
        EXPERT_REVIEW = "expert_review", _("专家评审")
        PUBLICITY = "publicity", _("公示")

    application = models.ForeignKey(
        Application,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        related_name="special_procedures",
    )
    kind = models.CharField(_("程序"), max_length=20, choices=Kind.choices)
    note = limited_text(_("说明"), PROCEDURE_NOTE_MAX, blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开始人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working_days = models.PositiveSmallIntegerField(_("占用工作日"), default=0)

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(ended_at__isnull=True),
                name="one_open_special_procedure",
            )
        ]

    def __str__(self):
        return self.get_kind_display()
