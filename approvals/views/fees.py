"""Pages of the fees part (缴费): the application page's section (detail_context: the fee lines,
the status badge 不收费 / 待缴费 / 已缴费, the clerk's record form while it may be recorded, the
print link), the record POST, and the printable 缴费回执 (HTML and PDF from the same HTML).

The 缴费回执 is a plain printed page, not an archived IssuedDocument: it is the window's
receipt of money, the official 票据 being the finance bureau's (its number is on the receipt);
nothing is decided or sealed. It is rendered from the recorded payment, which is never edited,
so every print says the same."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from approvals import documents
from approvals.limits import REASON_MAX
from approvals.models import FeePayment
from approvals.models.fees import RECEIPT_NUMBER_MAX
from approvals.services import fees as services
from approvals.views._common import READERS, detail_or_404, field_errors
from core.errors import DomainError, NotFound
from core.roles import has_role
from core.views import role_required

FORM_PREFIX = "id_fee_%s"
METHOD_CHOICES = [
    ("", gettext_lazy("请选择")),
    *[(v, label) for v, label in FeePayment.Method.choices if v != FeePayment.Method.NONE],
]


class FeePaymentForm(forms.Form):
    """登记缴费: one amount (default: the catalog's) and reduction reason per fee line, then
    the total paid, the way and the finance receipt number. The service checks the amounts."""

    amount_paid = forms.CharField(
        label=gettext_lazy("实收金额(元)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    method = forms.ChoiceField(
        label=gettext_lazy("缴费方式"), choices=METHOD_CHOICES, required=False
    )
    receipt_number = forms.CharField(
        label=gettext_lazy("财政票据号"),
        max_length=RECEIPT_NUMBER_MAX,
        required=False,
        help_text=gettext_lazy("财政部门监制的非税收入票据号码;全额减免时留空。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, fees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fee_rows = []
        total = sum((fee.amount for fee in fees), 0)
        self.fields["amount_paid"].initial = f"{total:.2f}"
        for fee in fees:
            amount, reason = f"amount_{fee.pk}", f"reason_{fee.pk}"
            self.fields[amount] = forms.CharField(
                label=_("%(name)s 实收(元)") % {"name": fee.name},
                initial=f"{fee.amount:.2f}",
                max_length=20,
                required=False,
                help_text=_("收费标准 %(amount)s 元;少收即为减免,须填写减免理由。")
                % {"amount": fee.amount},
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            self.fields[reason] = forms.CharField(
                label=_("减免理由"), max_length=REASON_MAX, required=False
            )
            self.fee_rows.append((fee, amount, reason))

    def rows(self):
        return [(fee, self[amount], self[reason]) for fee, amount, reason in self.fee_rows]

    def charges(self) -> dict:
        data = self.cleaned_data
        return {
            fee.pk: {"amount": data.get(amount), "reason": data.get(reason)}
            for fee, amount, reason in self.fee_rows
        }


def _section(app, user, form=None) -> dict:
    lines = services.fee_lines(app)
    payment = services.payment_of(app) if lines else None
    status = services.FREE if not lines else (services.PAID if payment else services.UNPAID)
    may_record = (
        status == services.UNPAID
        and app.status in services.FEE_STATES
        and has_role(user, *services.FEE_ROLES)
    )
    if may_record and form is None:
        form = FeePaymentForm(fees=lines, auto_id=FORM_PREFIX)
    return {
        "fee_lines": lines,
        "fee_total": sum((fee.amount for fee in lines), 0),
        "fee_status": status,
        "fee_status_label": services.STATUS_LABELS[status],
        "fee_payment": payment,
        "fee_charges": list(payment.lines.all()) if payment else [],
        "fee_form": form if may_record or form is not None else None,
    }


def detail_context(app, user) -> dict:
    """What the fees part adds to the application page (approvals/_detail_fees.html)."""
    return _section(app, user)


@role_required(*READERS)
@require_POST
def fee_payment(request, pk):
    """登记缴费 (window clerk): one service; a refused input keeps the form and its errors.
    Like the page's other actions: readers get 405 for a GET, other roles 403 for the POST."""
    if not has_role(request.user, *services.FEE_ROLES):
        raise PermissionDenied
    app = detail_or_404(request.user, pk)
    form = FeePaymentForm(request.POST, fees=services.fee_lines(app), auto_id=FORM_PREFIX)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.record_fee_payment(
                application_id=app.pk,
                actor=request.user,
                method=data["method"],
                receipt_number=data["receipt_number"],
                amount_paid=data["amount_paid"],
                charges=form.charges(),
            )
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            field_errors(form, exc)
            messages.error(request, exc.message)
            status = exc.status
        else:
            if payment.created_now:
                messages.success(
                    request,
                    _("已登记缴费 %(total)s 元,财政票据号 %(n)s。")
                    % {"total": payment.amount_paid, "n": payment.receipt_number or "—"},
                )
            else:
                messages.info(request, _("该缴费已登记,未重复登记。"))
            return redirect(f"{reverse('approvals:detail', args=[app.pk])}#fees")
    else:
        messages.error(request, _("请检查表单中标出的错误。"))
    from approvals.views import detail  # the page imports this module: imported when used

    app = detail_or_404(request.user, pk)  # as it stands now (a refused write changed nothing)
    ctx = detail._detail_context(request, app)
    ctx.update(_section(app, request.user, form=form))
    ctx["failed_action"] = "fee_payment"
    return render(request, "approvals/application_detail.html", ctx, status=status)


def _receipt_context(request, app) -> dict:
    payment = services.payment_of(app)
    if payment is None:
        raise Http404
    charges = list(payment.lines.all())
    recorder = payment.recorded_by
    return {
        "kind": "fee_receipt",
        "title": _("缴费回执"),
        "bureau": documents._bureau(None),
        "app": app,
        "applicant": app.applicant,
        "version": app.item_version,
        "payment": payment,
        "charges": charges,
        "reduced": [line for line in charges if line.reduced],
        "clerk_name": recorder.get_full_name() or recorder.get_username(),
        "paid_on": timezone.localdate(payment.paid_at),
        "printed_at": timezone.localtime(),
        "pdf_url": reverse("approvals:fee-receipt-pdf", args=[app.pk]),
    }


@role_required(*READERS)
@require_GET
def fee_receipt(request, pk, fmt="html"):
    """The printable 缴费回执 of the recorded payment (404 before it is recorded)."""
    app = detail_or_404(request.user, pk)
    ctx = _receipt_context(request, app)
    if fmt == "pdf":
        html = render_to_string("approvals/fees/receipt.html", {**ctx, "pdf": True})
        response = HttpResponse(documents.pdf_from_html(html), content_type="application/pdf")
        filename = f"fee-receipt-{app.receipt_number or app.pk}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
    return render(request, "approvals/fees/receipt.html", ctx)
