"""缴费 at the window: the one status rule (free / unpaid / paid) and the one write of a payment.

`fee_status(app)` is read by the application page, the API and delivery (a permit is not
delivered unpaid). `record_fee_payment` checks role and state under the application's row lock
and writes the charged lines, the payment and its audit event in one transaction.

The amounts rule: each line is charged at most its catalog amount (收费标准: nothing above the
published standard is ever charged, 行政许可法 第五十九条); less than the standard is a 减免 and
needs its reason. The payment settles the total in full (实收 = 应收). A total of 0 (全额减免)
needs no finance receipt; any other total needs the 财政票据号, unique within its year."""

import re
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.limits import REASON_MAX
from approvals.models import Application, FeeCharge, FeePayment
from approvals.models.fees import RECEIPT_NUMBER_MAX
from approvals.services._common import S, _lock, clean_text
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition
from core.roles import Role, has_role, require_role

FREE, UNPAID, PAID = "free", "unpaid", "paid"
STATUS_LABELS = {
    FREE: gettext_lazy("不收费"),
    UNPAID: gettext_lazy("待缴费"),
    PAID: gettext_lazy("已缴费"),
}
FEE_ROLES = (Role.WINDOW_CLERK,)
# From acceptance until the result is handed out: the usual moment is right after acceptance or
# when the approved result is collected. Not before acceptance (nothing is owed yet), not after
# a denial, refusal or closure (nothing is issued).
FEE_STATES = frozenset({S.ACCEPTED, S.UNDER_REVIEW, S.REVIEWED, S.APPROVED})
RECORD_ACTION = "record_fee_payment"

# Yuan with at most two decimals, ASCII digits only: "١٢", "１２", "1e309", "-1", "NaN" and
# 20-digit values are refused before Decimal ever sees them (Decimal would take Arabic-Indic
# and fullwidth digits and exponents).
_MONEY = re.compile(r"(0|[1-9][0-9]{0,9})(\.[0-9]{1,2})?")
_RECEIPT = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
CENT = Decimal("0.01")


def parse_money(value, *, field: str) -> Decimal:
    """A money amount as the window or the API sends it (a string such as "120" or "120.50", a
    Decimal, or an int) -> Decimal with two places; anything else -> InvalidInput on `field`."""
    if isinstance(value, bool) or value is None:
        text = ""
    elif isinstance(value, Decimal | int):
        text = str(value)
    elif isinstance(value, float):  # a JSON number: as it was written, if it was a plain one
        text = repr(value)
    else:
        text = str(value).strip()
    if isinstance(value, Decimal) and value.is_finite():
        text = f"{value:f}"
    if not _MONEY.fullmatch(text):
        message = _("金额应为不小于 0 的数字,最多两位小数(如 120 或 120.50)。")
        if not text:
            message = _("请填写金额。")
        raise InvalidInput(message, code="invalid_amount", fields={field: [message]})
    try:
        return Decimal(text).quantize(CENT)
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain decimals
        raise InvalidInput(
            _("金额无效。"), code="invalid_amount", fields={field: [_("金额无效。")]}
        ) from None


def clean_receipt_number(value) -> str:
    """财政票据号: letters (upper-cased), digits and dashes, at most 40; blank stays blank."""
    # Only surrounding spaces go: an invisible or look-alike character inside an identifier is
    # refused, not silently dropped (checked before upper(), which maps "ı" to "I").
    text = str(value or "").strip()
    if not text:
        return ""
    if len(text) > RECEIPT_NUMBER_MAX or not _RECEIPT.fullmatch(text):
        message = _("财政票据号只能由字母、数字和连字符组成,最多 %(n)s 个字符。") % {
            "n": RECEIPT_NUMBER_MAX
        }
        raise InvalidInput(
            message, code="invalid_receipt_number", fields={"receipt_number": [message]}
        )
    return text.upper()


# --- reads ---------------------------------------------------------------------------------------


def fee_lines(app: Application) -> list:
    """The catalog's fee lines of the version the application was accepted under (none: 不收费),
    read once per application object (the page, the API and may_record ask several times)."""
    cached = getattr(app, "_fee_lines", None)
    if cached is None:
        cached = app._fee_lines = list(app.item_version.fees.order_by("pk"))
    return cached


def payment_of(app: Application) -> FeePayment | None:
    """The recorded payment with its clerk (one query, once per application object)."""
    if not hasattr(app, "_fee_payment"):
        app._fee_payment = (
            FeePayment.objects.select_related("recorded_by").filter(application=app).first()
        )
    return app._fee_payment


def fee_status(app: Application) -> str:
    """ "free" (不收费) when the version has no fee lines, else "paid" once the payment is
    recorded, else "unpaid". The one rule the page, the API and delivery read."""
    if not fee_lines(app):
        return FREE
    return PAID if payment_of(app) is not None else UNPAID


def may_record(app: Application, user) -> bool:
    """Whether `user` may record the payment now (the page shows the form then)."""
    return has_role(user, *FEE_ROLES) and app.status in FEE_STATES and fee_status(app) == UNPAID


# --- the write -----------------------------------------------------------------------------------


def _charges(fees, charges: dict | None) -> tuple[list[FeeCharge], dict]:
    """The lines as charged: {fee id: {"amount", "reason"}} given for the lines the clerk
    changed; a line not given is charged at its catalog amount."""
    charges = dict(charges or {})
    known = {fee.pk for fee in fees}
    errors: dict = {}
    unknown = [key for key in charges if key not in known]
    if unknown:
        errors["charges"] = [_("收费项目不属于该事项:%(ids)s。") % {"ids": unknown}]
    lines = []
    for position, fee in enumerate(fees, start=1):
        given = charges.get(fee.pk) or {}
        amount = fee.amount
        amount_field, reason_field = f"amount_{fee.pk}", f"reason_{fee.pk}"
        if given.get("amount") not in (None, ""):
            try:
                amount = parse_money(given["amount"], field=amount_field)
            except InvalidInput as exc:
                errors.update(exc.fields)
                continue
        try:
            reason = clean_text(given.get("reason"), field=reason_field, limit=REASON_MAX)
        except InvalidInput as exc:
            errors.update(exc.fields)
            continue
        if amount > fee.amount:
            errors[amount_field] = [
                _("“%(name)s”的收费标准为 %(std)s 元,不能多收。")
                % {"name": fee.name, "std": fee.amount}
            ]
        elif amount < fee.amount and not reason:
            errors[reason_field] = [
                _("“%(name)s”减免收费(%(amount)s 元,标准 %(std)s 元),请填写减免理由。")
                % {"name": fee.name, "amount": amount, "std": fee.amount}
            ]
        if amount == fee.amount:
            reason = ""  # nothing reduced, nothing to explain
        lines.append(
            FeeCharge(
                fee=fee,
                position=position,
                name=fee.name,
                basis=fee.basis,
                standard_amount=fee.amount,
                amount=amount,
                reduction_reason=reason,
            )
        )
    return lines, errors


@transaction.atomic
def record_fee_payment(
    *,
    application_id,
    actor,
    method: str,
    receipt_number: str = "",
    amount_paid="",
    charges: dict | None = None,
) -> FeePayment:
    """登记缴费: the lines as charged (`charges`: {fee id: {"amount", "reason"}}, the others at
    their catalog amount), what was paid, how, and the finance receipt number. The same receipt
    number again on the same application (a double submit) answers the recorded payment and
    writes nothing; any other second payment is refused (already_paid)."""
    require_role(actor, *FEE_ROLES)
    app = _lock(application_id)
    number = clean_receipt_number(receipt_number)
    existing = FeePayment.objects.filter(application=app).first()
    if existing is not None:
        if existing.receipt_number == number:
            existing.created_now = False
            return existing
        raise InvalidTransition(
            message=_("该办件已登记缴费(财政票据号 %(n)s),不能重复登记。")
            % {"n": existing.receipt_number or _("全额减免")},
            code="already_paid",
        )
    if app.status not in FEE_STATES:
        raise InvalidTransition(
            app,
            RECORD_ACTION,
            _("当前状态为“%(status)s”,不能登记缴费(受理后、出件前登记)。")
            % {"status": app.get_status_display()},
        )
    fees = fee_lines(app)
    if not fees:
        raise InvalidTransition(message=_("该事项不收费,无需登记缴费。"), code="no_fees")

    lines, errors = _charges(fees, charges)
    total = sum((line.amount for line in lines), Decimal("0.00"))
    try:
        paid = parse_money(amount_paid, field="amount_paid")
    except InvalidInput as exc:
        errors.update(exc.fields)
        paid = None
    if paid is not None and not errors and paid != total:
        errors["amount_paid"] = [
            _("实收金额 %(paid)s 元与应收合计 %(total)s 元不符。") % {"paid": paid, "total": total}
        ]
    if not errors:
        if total == 0:
            method, number = FeePayment.Method.NONE, ""
        elif method not in FeePayment.Method.values or method == FeePayment.Method.NONE:
            errors["method"] = [_("请选择缴费方式:现金、刷卡、扫码或银行转账。")]
        elif not number:
            errors["receipt_number"] = [_("请填写财政票据号。")]
    if errors:
        code = "invalid"
        if "amount_paid" in errors and len(errors) == 1:
            code = "amount_mismatch" if paid is not None else "invalid_amount"
        elif any(k.startswith("reason_") for k in errors) and len(errors) == 1:
            code = "reason_required"
        elif list(errors) == ["receipt_number"]:
            code = "receipt_number_required"
        raise InvalidInput(next(iter(errors.values()))[0], code=code, fields=errors)

    now = timezone.now()
    year = timezone.localdate(now).year
    used = _("财政票据号 %(n)s 在 %(y)s 年已登记于其他办件。") % {"n": number, "y": year}
    if number and FeePayment.objects.filter(year=year, receipt_number=number).exists():
        raise InvalidTransition(message=used, code="receipt_number_used")
    try:
        with transaction.atomic():  # a simultaneous payment under the same number loses here
            payment = FeePayment.objects.create(
                application=app,
                total_charged=total,
                amount_paid=total,
                method=method,
                receipt_number=number,
                year=year,
                paid_at=now,
                recorded_by=actor,
            )
    except IntegrityError:
        raise InvalidTransition(message=used, code="receipt_number_used") from None
    for line in lines:
        line.payment = payment
    FeeCharge.objects.bulk_create(lines)
    reduced = [line.name for line in lines if line.amount < line.standard_amount]
    record_event(
        actor=actor,
        obj=app,
        action=RECORD_ACTION,
        before=app.status,
        after=app.status,
        note=_("实收 %(total)s 元,%(method)s,财政票据号 %(n)s")
        % {"total": total, "method": payment.get_method_display(), "n": number or "—"},
        data={
            "payment": payment.pk,
            "total": str(total),
            "method": method,
            "receipt_number": number,
            "reduced": reduced,
        },
    )
    payment.created_now = True
    return payment
