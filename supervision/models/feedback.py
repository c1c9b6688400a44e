"""Issue 14 part: feedback — the 处置反馈 thread of a claimed push.

A department may answer a push more than once: interim feedback (处置中) keeps the push open and
does not stop the clock; the final one (处置完毕, with its result) closes the push. The deadline
is Push.feedback_deadline, set at the claim; Push.feedback / feedback_at keep "the last
feedback" for the existing pages and exports."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FEEDBACK_NOTE_MAX = 5000
FEEDBACK_RESULT_MAX = 2000
REPORT_CLOSE_NOTE_MAX = 2000

__all__ = [
    "ReportCloseOutcome",
    "FEEDBACK_NOTE_MAX",
    "FEEDBACK_RESULT_MAX",
    "REPORT_CLOSE_NOTE_MAX",
    "PushFeedback",
]


class ReportCloseOutcome(models.TextChoices):
    """How the bureau closes a report that needs no permit action (SupervisionReport)."""

    ACKNOWLEDGED = "acknowledged", _("已知悉")
    DONE = "done", _("已办结")


class PushFeedback(models.Model):
    """One 处置反馈 of a push: interim (final=False) or the final one that closes it."""

    push = models.ForeignKey(
        "supervision.Push",
        verbose_name=_("审批结果推送"),
        on_delete=models.PROTECT,
        related_name="feedbacks",
    )
    note = models.TextField(_("处置情况"), max_length=FEEDBACK_NOTE_MAX)
    final = models.BooleanField(_("处置完毕"), default=False)
    result = models.TextField(_("处置结果"), max_length=FEEDBACK_RESULT_MAX, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("反馈人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("反馈时间"))

    class Meta:
        verbose_name = _("处置反馈")
        verbose_name_plural = _("处置反馈")
        ordering = ["at", "pk"]
        constraints = [
            # One final feedback per push (the one that closed it).
            models.UniqueConstraint(
                fields=["push"], condition=models.Q(final=True), name="push_one_final_feedback"
            )
        ]

    def __str__(self):
        return f"{self.push_id} {'final' if self.final else 'interim'} {self.at:%Y-%m-%d}"
