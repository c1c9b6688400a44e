"""缴费 at the window (seed 002 "受理、审批、缴费、证书文书制作四到位"): what the window charged
for each fee line of the item version, and the one payment that settles them under the finance
bureau's receipt (财政票据). A payment is written once, by approvals.services.fees, and never
edited: the printed 缴费回执 is rendered from it as it stands."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from approvals.limits import REASON_MAX, limited_text
from approvals.models.applications import Application

__all__ = ["FeeCharge", "FeePayment"]

# Money: yuan with fen, up to 99,999,999.99 (the catalog's Fee.amount is max_digits=10 too).
MONEY_DIGITS, MONEY_PLACES = 12, 2
RECEIPT_NUMBER_MAX = 40  # 财政票据号: letters, digits and dashes


class FeePayment(models.Model):
    """缴费记录: the one payment of an application's fees, with the finance receipt number."""

    class Method(models.TextChoices):
        CASH = "cash", _("现金")
        CARD = "card", _("刷卡")
        QR = "qr", _("扫码")
        TRANSFER = "transfer", _("银行转账")
        # A charge reduced to nothing (全额减免): no money, no finance receipt.
        NONE = "none", _("全额减免,无需缴款")

    application = models.OneToOneField(
        Application, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="fee_payment"
    )
    total_charged = models.DecimalField(
        _("应收合计(元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    amount_paid = models.DecimalField(
        _("实收金额(元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    method = models.CharField(_("缴费方式"), max_length=10, choices=Method.choices)
    receipt_number = models.CharField(
        _("财政票据号"), max_length=RECEIPT_NUMBER_MAX, blank=True, db_index=True
    )
    year = models.PositiveSmallIntegerField(_("票据年度"))
    paid_at = models.DateTimeField(_("缴费时间"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收费人"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("缴费记录")
        verbose_name_plural = _("缴费记录")
        ordering = ["-paid_at", "-pk"]
        constraints = [
            # One finance receipt number per year, whatever the application.
            models.UniqueConstraint(
                fields=["year", "receipt_number"],
                condition=~Q(receipt_number=""),
                name="fee_receipt_number_once_a_year",
            ),
            models.CheckConstraint(
                condition=Q(total_charged__gte=0) & Q(amount_paid=F("total_charged")),
                name="fee_paid_in_full",
            ),
            models.CheckConstraint(
                condition=Q(total_charged=0) | ~Q(receipt_number=""),
                name="fee_receipt_number_required",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.amount_paid}元 {self.receipt_number}"


class FeeCharge(models.Model):
    """收费明细: one fee line of the catalog as charged (name, basis and amounts copied, so a
    later catalog version changes nothing here). Below the catalog amount is a 减免 and carries
    its reason; above it is never charged."""

    payment = models.ForeignKey(
        FeePayment, verbose_name=_("缴费记录"), on_delete=models.CASCADE, related_name="lines"
    )
    fee = models.ForeignKey(
        "catalog.Fee",
        verbose_name=_("收费项目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("收费项目"), max_length=200)
    basis = models.CharField(_("收费依据"), max_length=300, blank=True)
    standard_amount = models.DecimalField(
        _("收费标准(元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    amount = models.DecimalField(
        _("实收(元)"), max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES
    )
    reduction_reason = limited_text(_("减免理由"), REASON_MAX, blank=True)

    class Meta:
        verbose_name = _("收费明细")
        verbose_name_plural = _("收费明细")
        ordering = ["payment", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(amount__lte=F("standard_amount")),
                name="fee_charge_within_standard",
            ),
            models.CheckConstraint(
                condition=Q(amount=F("standard_amount")) | ~Q(reduction_reason=""),
                name="fee_reduction_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.name} {self.amount}元"

    @property
    def reduced(self) -> bool:
        return self.amount < self.standard_amount
