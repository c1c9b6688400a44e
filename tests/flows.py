"""Real paths through the services that many tests start from (data made by real actions)."""

import contextlib
import datetime

import time_machine

from approvals import services as approvals
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
# Monday 1 June 2026, 10:00: a 3-working-day claim deadline ends on Thursday 4 June.
MONDAY = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI)
PERSON_ID = "440305199003071236"


def approve_permit(
    *, clerk, reviewer, approver, departments, at=MONDAY, applicant=None, version=None
):
    """A real approval (submit → accept → review → decide under the seal) of an item supervised
    by `departments`, at `at` (None: the real time); returns the Decision, whose pushes are
    written with it."""
    SealFactory()
    version = version or PublishedVersionFactory(setup=departments)
    applicant = applicant or ApplicantFactory(id_number=PERSON_ID, name="王小明")
    materials = list(version.materials.values_list("pk", flat=True))
    clock = time_machine.travel(at, tick=False) if at else contextlib.nullcontext()
    with clock:
        app = approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=applicant,
            provided={m: True for m in materials},
            content="开办餐馆",
        )
        approvals.accept(application_id=app.pk, clerk=clerk)
        approvals.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="同意",
            recommendation="approve",
            site_inspection="已踏勘",
        )
        return approvals.decide(application_id=app.pk, approver=approver, approve=True)


def decide_on_permit(
    *,
    permit_number,
    kind,
    starter,
    reviewer,
    approver,
    reason="依法作出",
    source="ex_officio",
    **asked,
):
    """A later decision on a permit the real way (procedures): start → review → decide, by
    three roles (一审一核); returns the decided PermitProcedure (its .decision is sealed)."""
    procedure = approvals.start_procedure(
        permit_number=permit_number,
        kind=kind,
        actor=starter,
        source=source,
        reason=reason,
        **asked,
    )
    approvals.review_procedure(
        procedure_id=procedure.pk, reviewer=reviewer, opinion="情况属实", recommendation="approve"
    )
    return approvals.decide_procedure(procedure_id=procedure.pk, approver=approver, approve=True)


def pay_fees(*, application, clerk, receipt_number="NO-00000001", method="cash"):
    """缴费 the real way: every fee line of the application's version at its catalog amount
    (approvals.services.record_fee_payment); returns the FeePayment, or None for a free item."""
    from approvals.services import fees

    lines = fees.fee_lines(application)
    if not lines:
        return None
    total = sum((fee.amount for fee in lines), 0)
    return approvals.record_fee_payment(
        application_id=application.pk,
        actor=clerk,
        method=method,
        receipt_number=receipt_number,
        amount_paid=f"{total:.2f}",
    )
