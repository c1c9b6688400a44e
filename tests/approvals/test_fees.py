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
    from tests.flows import pay_fees

    app = approved()
    pay_fees(application=app, clerk=clerk)
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


# --- the case page, the record form and the printed 缴费回执 --------------------------------------


def _detail(client, app):
    from django.urls import reverse

    return client.get(reverse("approvals:detail", args=[app.pk])).content.decode()


def _post(client, app, **data):
    from django.urls import reverse

    return client.post(reverse("approvals:fee-payment", args=[app.pk]), data)


def _form(fee_lines, **extra):
    data = {
        "amount_paid": "170.50",
        "method": "card",
        "receipt_number": "NO-00012345",
        **{f"amount_{fee.pk}": str(fee.amount) for fee in fee_lines},
        **{f"reason_{fee.pk}": "" for fee in fee_lines},
    }
    data.update(extra)
    return data


def test_a_free_item_says_so_on_the_case_page(seal, accepted, client, clerk):
    client.force_login(clerk)
    page = _detail(client, accepted())
    assert 'data-testid="fee-status">不收费' in page and "fee-form" not in page


def test_the_clerk_records_the_payment_from_the_case_page_and_prints_it(
    seal, fee_lines, accepted, client, clerk, reviewer
):
    from django.urls import reverse

    app = accepted()
    client.force_login(clerk)
    page = _detail(client, app)
    assert 'data-testid="fee-status">待缴费' in page and 'data-testid="fee-form"' in page
    assert "许可证工本费" in page and "170.50" in page
    response = _post(client, app, **_form(fee_lines))
    assert response.status_code == 302 and response["Location"].endswith("#fees")
    page = _detail(client, app)
    assert 'data-testid="fee-status">已缴费' in page and "fee-form" not in page
    assert "NO-00012345" in page and "fee-receipt-link" in page
    # a second click of the same submit records nothing more
    assert _post(client, app, **_form(fee_lines)).status_code == 302
    assert FeePayment.objects.count() == 1
    # the printed 缴费回执, for every reader of the case
    client.force_login(reviewer)
    receipt = client.get(reverse("approvals:fee-receipt", args=[app.pk]))
    assert receipt.status_code == 200
    body = receipt.content.decode()
    for text in ("缴费回执", "许可证工本费", "检验费", "170.50", "NO-00012345", "刷卡", "窗口甲"):
        assert text in body
    assert app.applicant.name in body and app.receipt_number in body
    pdf = client.get(reverse("approvals:fee-receipt-pdf", args=[app.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_refused_payment_keeps_the_form_with_chinese_errors(
    seal, fee_lines, accepted, client, clerk
):
    app = accepted()
    client.force_login(clerk)
    first = fee_lines[0]
    response = _post(client, app, **_form(fee_lines, **{f"amount_{first.pk}": "١٢"}))
    assert response.status_code == 400
    body = response.content.decode()
    assert f'data-testid="error-amount_{first.pk}"' in body and "最多两位小数" in body
    response = _post(
        client, app, **_form(fee_lines, amount_paid="160.50", **{f"amount_{first.pk}": "10"})
    )
    assert response.status_code == 400
    assert f'data-testid="error-reason_{first.pk}"' in response.content.decode()
    response = _post(client, app, **_form(fee_lines, amount_paid="1" * 25))
    assert response.status_code == 400
    assert not FeePayment.objects.exists()


def test_the_receipt_is_not_found_before_payment_and_others_may_not_record(
    seal, fee_lines, accepted, client, reviewer, clerk
):
    from django.urls import reverse

    app = accepted()
    client.force_login(clerk)
    assert client.get(reverse("approvals:fee-receipt", args=[app.pk])).status_code == 404
    assert client.get(reverse("approvals:fee-payment", args=[app.pk])).status_code == 405
    client.force_login(reviewer)
    assert "fee-form" not in _detail(client, app)
    assert _post(client, app, **_form(fee_lines)).status_code == 403
    client.force_login(clerk)
    assert client.post(reverse("approvals:fee-payment", args=[999999])).status_code == 404
    assert not FeePayment.objects.exists()


def test_the_page_delivery_refusal_is_shown_in_chinese(fee_lines, approved, client, clerk):
    from django.urls import reverse

    app = approved()
    client.force_login(clerk)
    response = client.post(reverse("approvals:deliver", args=[app.pk]), {"collected_by": "张小三"})
    assert response.status_code == 409
    assert "尚未缴费" in response.content.decode()


# --- the API --------------------------------------------------------------------------------------


def _url(app_id):
    return f"/api/v1/applications/{app_id}/fees/"


def test_api_round_trip(seal, fee_lines, accepted, api, clerk):
    app = accepted()
    client = api.as_user(clerk)
    body = client.get(_url(app.pk)).json()
    assert body["status"] == "unpaid" and body["may_record"] is True and body["payment"] is None
    assert body["total"] == "170.50"
    assert [line["amount"] for line in body["lines"]] == ["20.00", "150.50"]
    first = body["lines"][0]["fee"]
    payload = {
        "amount_paid": "160.50",
        "method": "qr",
        "receipt_number": "NO-7",
        "charges": [{"fee": first, "amount": "10.00", "reduction_reason": "减半"}],
    }
    created = client.post(_url(app.pk), payload, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["status"] == "paid" and data["may_record"] is False
    assert data["payment"]["amount_paid"] == "160.50" and data["payment"]["method"] == "qr"
    assert data["payment"]["lines"][0]["reduction_reason"] == "减半"
    again = client.post(_url(app.pk), payload, format="json")
    assert again.status_code == 200 and again.json() == data
    other = client.post(_url(app.pk), {**payload, "receipt_number": "NO-8"}, format="json")
    assert other.status_code == 409 and other.json()["code"] == "already_paid"


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        (
            {"amount_paid": "1e309", "method": "cash", "receipt_number": "A1"},
            "invalid_amount",
            "amount_paid",
        ),
        (
            {"amount_paid": "١٧٠.٥٠", "method": "cash", "receipt_number": "A1"},
            "invalid_amount",
            "amount_paid",
        ),
        (
            {"amount_paid": "-170.50", "method": "cash", "receipt_number": "A1"},
            "invalid_amount",
            "amount_paid",
        ),
        (
            {"amount_paid": "9" * 20, "method": "cash", "receipt_number": "A1"},
            "invalid_amount",
            "amount_paid",
        ),
        (
            {"amount_paid": "170.00", "method": "cash", "receipt_number": "A1"},
            "amount_mismatch",
            "amount_paid",
        ),
        (
            {"amount_paid": "170.50", "method": "cash", "receipt_number": ""},
            "receipt_number_required",
            "receipt_number",
        ),
        (
            {"amount_paid": "170.50", "method": "cash", "receipt_number": "票据"},
            "invalid_receipt_number",
            "receipt_number",
        ),
        ({"amount_paid": "170.50", "method": "gold", "receipt_number": "A1"}, "invalid", "method"),
        (
            {
                "amount_paid": "170.50",
                "method": "cash",
                "receipt_number": "A1",
                "charges": [{"fee": 2**70, "amount": "1"}],
            },
            "invalid",
            "charges",
        ),
        (
            {
                "amount_paid": "170.50",
                "method": "cash",
                "receipt_number": "A1",
                "charges": [{"fee": 999999, "amount": "1"}],
            },
            "invalid",
            "charges",
        ),
        (
            {"amount_paid": "170.50", "method": "cash", "receipt_number": "A1", "charges": "x"},
            "invalid",
            "charges",
        ),
    ],
)
def test_api_refuses_hostile_bodies_with_400_and_a_code(
    seal, fee_lines, accepted, api, clerk, payload, code, field
):
    client = api.as_user(clerk)
    response = client.post(_url(accepted().pk), payload, format="json")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == code and field in body["fields"], body
    assert not FeePayment.objects.exists()


@pytest.mark.parametrize("raw", ["1e309", "-1e309", "170.505", "1e-7", "-0.0"])
def test_api_refuses_json_numbers_that_are_not_plain_amounts(
    seal, fee_lines, accepted, api, clerk, raw
):
    client = api.as_user(clerk)
    body = '{"amount_paid": ' + raw + ', "method": "cash", "receipt_number": "A1"}'
    response = client.post(_url(accepted().pk), body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid_amount"


def test_api_takes_a_plain_json_number(seal, fee_lines, accepted, api, clerk):
    client = api.as_user(clerk)
    body = '{"amount_paid": 170.5, "method": "cash", "receipt_number": "A1"}'
    response = client.post(_url(accepted().pk), body, content_type="application/json")
    assert response.status_code == 201, response.content


def test_api_reduction_without_reason_names_the_charges(seal, fee_lines, accepted, api, clerk):
    client = api.as_user(clerk)
    payload = {
        "amount_paid": "160.50",
        "method": "cash",
        "receipt_number": "A1",
        "charges": [{"fee": fee_lines[0].pk, "amount": "10"}],
    }
    body = client.post(_url(accepted().pk), payload, format="json").json()
    assert body["code"] == "reason_required" and "charges" in body["fields"]


def test_api_roles_and_scope(seal, fee_lines, accepted, api, reviewer, liaison, clerk):
    app = accepted()
    payload = {"amount_paid": "170.50", "method": "cash", "receipt_number": "A1"}
    assert api.as_user(reviewer).get(_url(app.pk)).status_code == 200
    denied = api.as_user(reviewer).post(_url(app.pk), payload, format="json")
    assert denied.status_code == 403 and denied.json()["code"] == "permission_denied"
    assert api.as_user(liaison).get(_url(app.pk)).status_code == 403
    assert api.as_user(clerk).get(_url(999999)).status_code == 404
    api.credentials()
    assert api.get(_url(app.pk)).status_code == 401


def test_api_free_item_and_delivery_refused_unpaid(fee_lines, approved, api, clerk, version):
    app = approved()
    client = api.as_user(clerk)
    response = client.post(
        f"/api/v1/applications/{app.pk}/deliver/", {"collected_by": "张小三"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "fees_unpaid"
    Fee.objects.filter(version=version).delete()
    assert client.get(_url(app.pk)).json()["status"] == "free"
    response = client.post(
        f"/api/v1/applications/{app.pk}/deliver/", {"collected_by": "张小三"}, format="json"
    )
    assert response.status_code == 200


def test_api_get_makes_a_fixed_number_of_queries(seal, fee_lines, accepted, api, clerk):
    from tests.queries import exact_queries

    client = api.as_user(clerk)
    app = accepted()
    client.get(_url(app.pk))  # warm: token, content types
    with exact_queries(GET_QUERIES):
        client.get(_url(app.pk))
    _pay(app, clerk)
    with exact_queries(GET_QUERIES + 1):  # the charged lines
        client.get(_url(app.pk))


GET_QUERIES = 5  # token, roles, the application, its fee lines, its payment


def test_the_admin_shows_payments_read_only(seal, fee_lines, accepted, clerk, admin_client):
    from django.urls import reverse

    payment = _pay(accepted(), clerk)
    listing = admin_client.get(reverse("admin:approvals_feepayment_changelist"))
    assert listing.status_code == 200 and "NO-00012345" in listing.content.decode()
    page = admin_client.get(reverse("admin:approvals_feepayment_change", args=[payment.pk]))
    assert page.status_code == 200 and "许可证工本费" in page.content.decode()
    assert admin_client.get(reverse("admin:approvals_feepayment_add")).status_code == 403
