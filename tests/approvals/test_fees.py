"""缴费 at the window: the one status rule, the one write, and delivery that waits for it."""

from decimal import Decimal

import pytest
from django.db import transaction

from approvals import services
from approvals.models import FeeCharge, FeePayment
from approvals.services import fees
from audit.models import AuditEvent
from catalog.models import Fee
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.threads import run_together

pytestmark = pytest.mark.django_db


@pytest.fixture
def fee_lines(version):
    return [
        Fee.objects.create(
            version=version, name="许可证工本费", amount=Decimal("20.00"), basis="价格主管部门批复"
        ),
        Fee.objects.create(
            version=version, name="检验费", amount=Decimal("150.50"), basis="收费标准第 3 条"
        ),
    ]


@pytest.fixture
def approved(seal, reviewed, approver):
    def _approved():
        app = reviewed()
        services.decide(application_id=app.pk, approver=approver, approve=True)
        app.refresh_from_db()
        return app

    return _approved


def _pay(app, clerk, **kwargs):
    args = {"method": "cash", "receipt_number": "NO-00012345", "amount_paid": "170.50"}
    args.update(kwargs)
    return services.record_fee_payment(application_id=app.pk, actor=clerk, **args)


def _status(app):
    app = type(app).objects.get(pk=app.pk)  # fresh: no cached payment
    return services.fee_status(app)


# --- the status rule ------------------------------------------------------------------------------


def test_an_item_without_fee_lines_is_free(seal, accepted):
    assert _status(accepted()) == "free"


def test_an_item_with_fee_lines_is_unpaid_until_the_payment_is_recorded(
    seal, fee_lines, accepted, clerk
):
    app = accepted()
    assert _status(app) == "unpaid"
    _pay(app, clerk)
    assert _status(app) == "paid"


def test_the_payment_copies_the_lines_and_totals_them(seal, fee_lines, accepted, clerk):
    app = accepted()
    payment = _pay(app, clerk, receipt_number=" no-00012345 ")
    assert payment.receipt_number == "NO-00012345"  # trimmed, upper-cased
    assert payment.total_charged == payment.amount_paid == Decimal("170.50")
    lines = list(payment.lines.all())
    assert [(line.name, line.amount, line.standard_amount) for line in lines] == [
        ("许可证工本费", Decimal("20.00"), Decimal("20.00")),
        ("检验费", Decimal("150.50"), Decimal("150.50")),
    ]
    assert lines[0].basis == "价格主管部门批复"
    event = AuditEvent.objects.filter(action="record_fee_payment").get()
    assert event.actor == clerk and event.data["receipt_number"] == "NO-00012345"
    assert event.data["total"] == "170.50"


# --- delivery waits for the payment ---------------------------------------------------------------


def test_an_unpaid_permit_is_not_delivered(fee_lines, approved, clerk):
    app = approved()
    with pytest.raises(InvalidTransition) as exc:
        services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    assert exc.value.code == "fees_unpaid" and "缴费" in str(exc.value.message)
    app.refresh_from_db()
    assert app.status == "approved"


def test_a_paid_permit_is_delivered(fee_lines, approved, clerk):
    app = approved()
    _pay(app, clerk)
    services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    app.refresh_from_db()
    assert app.status == "delivered"


def test_a_free_permit_is_delivered_without_payment(approved, clerk):
    app = approved()
    services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    app.refresh_from_db()
    assert app.status == "delivered"


def test_a_denial_letter_is_handed_out_unpaid(seal, fee_lines, reviewed, approver, clerk):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=False, reason="不符合条件")
    services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    app.refresh_from_db()
    assert app.status == "delivered"


# --- reductions -----------------------------------------------------------------------------------


def test_a_reduction_needs_a_reason(seal, fee_lines, accepted, clerk):
    app = accepted()
    first = fee_lines[0]
    with pytest.raises(InvalidInput) as exc:
        _pay(app, clerk, amount_paid="160.50", charges={first.pk: {"amount": "10"}})
    assert exc.value.code == "reason_required"
    assert f"reason_{first.pk}" in exc.value.fields
    assert not FeePayment.objects.exists()
    payment = _pay(
        app,
        clerk,
        amount_paid="160.50",
        charges={first.pk: {"amount": "10", "reason": "小微企业减半"}},
    )
    line = payment.lines.get(fee=first)
    assert line.amount == Decimal("10.00") and line.reduction_reason == "小微企业减半"
    assert line.reduced


def test_nothing_above_the_catalog_amount_is_charged_even_with_a_reason(
    seal, fee_lines, accepted, clerk
):
    app = accepted()
    first = fee_lines[0]
    with pytest.raises(InvalidInput) as exc:
        _pay(
            app, clerk, amount_paid="180.50", charges={first.pk: {"amount": "30", "reason": "加急"}}
        )
    assert f"amount_{first.pk}" in exc.value.fields
    assert "不能多收" in exc.value.fields[f"amount_{first.pk}"][0]


def test_a_full_exemption_needs_no_finance_receipt(seal, fee_lines, accepted, clerk):
    app = accepted()
    charges = {fee.pk: {"amount": "0", "reason": "残疾人免收"} for fee in fee_lines}
    payment = _pay(app, clerk, method="", receipt_number="", amount_paid="0", charges=charges)
    assert payment.method == FeePayment.Method.NONE and payment.receipt_number == ""
    assert _status(app) == "paid"


def test_the_paid_amount_must_match_the_total(seal, fee_lines, accepted, clerk):
    with pytest.raises(InvalidInput) as exc:
        _pay(accepted(), clerk, amount_paid="170.00")
    assert exc.value.code == "amount_mismatch" and "amount_paid" in exc.value.fields


def test_a_payment_needs_a_receipt_number_and_a_way(seal, fee_lines, accepted, clerk):
    app = accepted()
    with pytest.raises(InvalidInput) as exc:
        _pay(app, clerk, receipt_number="")
    assert exc.value.code == "receipt_number_required"
    with pytest.raises(InvalidInput) as exc:
        _pay(app, clerk, method="cheque")
    assert "method" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        _pay(app, clerk, method="none")
    assert "method" in exc.value.fields


def test_a_line_of_another_item_is_refused(seal, fee_lines, accepted, clerk):
    other = Fee.objects.create(
        version=fee_lines[0].version.__class__.objects.exclude(pk=fee_lines[0].version_id).first()
        or _other_version(),
        name="他项",
        amount=Decimal("1.00"),
    )
    with pytest.raises(InvalidInput) as exc:
        _pay(accepted(), clerk, charges={other.pk: {"amount": "0", "reason": "x"}})
    assert "charges" in exc.value.fields


def _other_version():
    from tests.factories import PublishedVersionFactory

    return PublishedVersionFactory()


# --- hostile amounts and receipt numbers ----------------------------------------------------------

HOSTILE_AMOUNTS = [
    "1e309",
    "1E2",
    "١٢",  # Arabic-Indic digits: Decimal("١٢") would be 12
    "１２",  # fullwidth
    "-1",
    "-0.01",
    "12345678901234567890",
    "12.345",
    "NaN",
    "Infinity",
    "12,5",
    " ",
    "0x10",
    "12\x00",
    float("inf"),
    float("nan"),
    True,
    [],
    {"amount": 1},
]


@pytest.mark.parametrize("value", HOSTILE_AMOUNTS, ids=repr)
def test_hostile_amounts_are_refused_with_a_chinese_message(
    seal, fee_lines, accepted, clerk, value
):
    app = accepted()
    first = fee_lines[0]
    with pytest.raises(InvalidInput) as exc:
        _pay(app, clerk, charges={first.pk: {"amount": value, "reason": "减免"}})
    message = exc.value.fields[f"amount_{first.pk}"][0]
    assert "金额" in message
    with pytest.raises(InvalidInput) as exc:
        _pay(app, clerk, amount_paid=value)
    assert "金额" in exc.value.fields["amount_paid"][0]
    assert not FeePayment.objects.exists()


@pytest.mark.parametrize(
    "value",
    ["票据1", "NO 123", "A" * 41, "-123", "12\x07", "NO\u202e123", "NOı23", "NO\u200b1"],
    ids=repr,
)
def test_hostile_receipt_numbers_are_refused(seal, fee_lines, accepted, clerk, value):
    with pytest.raises(InvalidInput) as exc:
        _pay(accepted(), clerk, receipt_number=value)
    assert "receipt_number" in exc.value.fields


def test_plain_and_integer_amounts_are_taken(seal, fee_lines, accepted, clerk):
    assert fees.parse_money("120", field="x") == Decimal("120.00")
    assert fees.parse_money("0.5", field="x") == Decimal("0.50")
    assert fees.parse_money(7, field="x") == Decimal("7.00")
    assert fees.parse_money(Decimal("150.5"), field="x") == Decimal("150.50")
    assert fees.parse_money(12.5, field="x") == Decimal("12.50")


# --- double submit, second payments, roles and states ---------------------------------------------


def test_the_same_receipt_number_twice_records_once(seal, fee_lines, accepted, clerk):
    app = accepted()
    first = _pay(app, clerk)
    again = _pay(app, clerk)
    assert again.pk == first.pk and first.created_now and not again.created_now
    assert FeePayment.objects.count() == 1 and FeeCharge.objects.count() == 2
    assert AuditEvent.objects.filter(action="record_fee_payment").count() == 1


def test_a_second_payment_under_another_number_is_refused(seal, fee_lines, accepted, clerk):
    app = accepted()
    _pay(app, clerk)
    with pytest.raises(InvalidTransition) as exc:
        _pay(app, clerk, receipt_number="NO-99999999")
    assert exc.value.code == "already_paid" and exc.value.status == 409


def test_a_receipt_number_is_used_once_a_year(seal, fee_lines, accepted, clerk):
    _pay(accepted(), clerk)
    with pytest.raises(InvalidTransition) as exc:
        _pay(accepted(), clerk)
    assert exc.value.code == "receipt_number_used"


@pytest.mark.parametrize("role_fixture", ["reviewer", "approver", "inspector"])
def test_only_a_window_clerk_records_a_payment(seal, fee_lines, accepted, request, role_fixture):
    user = request.getfixturevalue(role_fixture)
    with pytest.raises(NotAllowed):
        _pay(accepted(), user)
    assert not FeePayment.objects.exists()


def test_no_payment_before_acceptance(seal, fee_lines, submitted, clerk):
    with pytest.raises(InvalidTransition) as exc:
        _pay(submitted(), clerk)
    assert exc.value.status == 409 and "登记缴费" in str(exc.value.message)


def test_no_payment_for_a_free_item(seal, accepted, clerk):
    with pytest.raises(InvalidTransition) as exc:
        _pay(accepted(), clerk)
    assert exc.value.code == "no_fees"


def test_no_payment_after_delivery(seal, fee_lines, reviewed, approver, clerk):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=False, reason="不符合")
    with pytest.raises(InvalidTransition):
        _pay(app, clerk)


def test_may_record_follows_role_state_and_status(seal, fee_lines, accepted, clerk, reviewer):
    app = accepted()
    assert fees.may_record(app, clerk) and not fees.may_record(app, reviewer)
    _pay(app, clerk)
    app = type(app).objects.get(pk=app.pk)
    assert not fees.may_record(app, clerk)


# --- PostgreSQL: a double submit at the same moment -----------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_double_submits_record_one_payment(calendar_data, clerk):
    from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

    SealFactory()
    version = PublishedVersionFactory()
    Fee.objects.create(version=version, name="工本费", amount=Decimal("20.00"))
    materials = list(version.materials.values_list("pk", flat=True))
    app = services.submit(
        clerk=clerk,
        item_version=version,
        applicant=ApplicantFactory(),
        provided={m: True for m in materials},
    )
    services.accept(application_id=app.pk, clerk=clerk)

    def pay():
        with transaction.atomic():
            return _pay(app, clerk, amount_paid="20").pk

    results = run_together([pay for _ in range(4)])
    assert all(r[0] == "ok" for r in results), results
    assert len({r[1] for r in results}) == 1
    assert FeePayment.objects.count() == 1 and FeeCharge.objects.count() == 1
    assert AuditEvent.objects.filter(action="record_fee_payment").count() == 1
