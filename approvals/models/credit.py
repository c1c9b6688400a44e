"""失信记录 (issue 14, part "checks"): a holder found to have made a false 告知承诺 stands on
record until the approver lifts it with a reason. While one stands, intake refuses 告知承诺 and
容缺 for that applicant (approvals.services.intake, the one rule in approvals.services.credit)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

CREDIT_REASON_MAX = 2000

__all__ = ["CREDIT_REASON_MAX", "CreditRecord"]


class CreditRecord(models.Model):
    class Source(models.TextChoices):
        COMMITMENT_CHECK = "commitment_check", _("告知承诺核查不实")

    id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18, db_index=True)
    holder_name = models.CharField(_("行政相对人"), max_length=200)
    reason = models.TextField(_("失信事由"), max_length=CREDIT_REASON_MAX)
    source = models.CharField(_("来源"), max_length=30, choices=Source.choices)
    source_ref = models.CharField(_("来源编号"), max_length=60, blank=True)
    since = models.DateTimeField(_("记录时间"))
    lifted_at = models.DateTimeField(_("解除时间"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("解除人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_reason = models.TextField(_("解除理由"), max_length=CREDIT_REASON_MAX, blank=True)

    class Meta:
        verbose_name = _("失信记录")
        verbose_name_plural = _("失信记录")
        ordering = ["-since", "-pk"]
        indexes = [
            models.Index(
                fields=["id_number"], name="credit_standing", condition=Q(lifted_at__isnull=True)
            )
        ]

    def __str__(self):
        return f"{self.holder_name} {self.get_source_display()}"

    @property
    def standing(self) -> bool:
        return self.lifted_at is None
