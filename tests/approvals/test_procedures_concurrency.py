"""Simultaneous requests on one procedure, on PostgreSQL (row locks): two approvers deciding
one procedure — one wins, the other is a 409; two identical starts make one procedure."""

import pytest

from approvals import services
from approvals.models import Decision, Permit, PermitProcedure
from core.errors import InvalidTransition
from tests.flows import approve_permit
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def permit(calendar_data, clerk, reviewer, approver, two_departments):
    decision = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments, at=None
    )
    return Permit.objects.get(pk=decision.permit_id)


def test_two_approvers_deciding_one_procedure_one_wins(permit, reviewer, approver, make_user):
    other = make_user("approver_2", "approver")
    procedure = services.start_procedure(
        permit_number=permit.number,
        kind="revoke",
        actor=approver,
        source="ex_officio",
        reason="以欺骗手段取得许可",
    )
    services.review_procedure(
        procedure_id=procedure.pk, reviewer=reviewer, opinion="属实", recommendation="approve"
    )
    results = run_together(
        [
            lambda user=user: services.decide_procedure(
                procedure_id=procedure.pk, approver=user, approve=True
            )
            for user in (approver, other)
        ]
    )
    wins = [r for r in results if r[0] == "ok"]
    losses = [r[1] for r in results if r[0] == "error"]
    assert len(wins) == 1 and len(losses) == 1
    assert isinstance(losses[0], InvalidTransition) and losses[0].status == 409
    assert Decision.objects.filter(kind="revoke").count() == 1
    procedure.refresh_from_db()
    assert procedure.status == PermitProcedure.Status.DECIDED


def test_simultaneous_identical_starts_make_one_procedure(permit, approver, make_user):
    approvers = [approver] + [make_user(f"approver_{i}", "approver") for i in range(3)]
    results = run_together(
        [
            lambda user=user: services.start_procedure(
                permit_number=permit.number,
                kind="suspend",
                actor=user,
                source="report",
                reason="责令停产停业",
                source_ref="7",
            )
            for user in approvers
        ]
    )
    assert PermitProcedure.objects.filter(permit=permit, kind="suspend").count() == 1
    made = {r[1].pk for r in results if r[0] == "ok"}
    errors = [r[1] for r in results if r[0] == "error"]
    # one procedure: every simultaneous copy of the request is answered with the first one
    assert len(made) == 1 and len(errors) == 0
    assert all(isinstance(e, InvalidTransition) and e.code == "procedure_open" for e in errors)


def test_simultaneous_decisions_on_two_kinds_leave_a_consistent_permit(
    permit, reviewer, approver, make_user
):
    """A revocation and a suspension decided at once: the permit's row lock orders them; the
    second sees the first's permit status (a revoked permit cannot be suspended)."""
    other = make_user("approver_2", "approver")
    procedures = []
    for kind in ("revoke", "suspend"):
        procedure = services.start_procedure(
            permit_number=permit.number, kind=kind, actor=approver, source="ex_officio", reason="x"
        )
        services.review_procedure(
            procedure_id=procedure.pk, reviewer=reviewer, opinion="x", recommendation="approve"
        )
        procedures.append(procedure)
    results = run_together(
        [
            lambda p=p, user=user: services.decide_procedure(
                procedure_id=p.pk, approver=user, approve=True
            )
            for p, user in zip(procedures, (approver, other), strict=True)
        ]
    )
    oks = [r[1] for r in results if r[0] == "ok"]
    errors = [r[1] for r in results if r[0] == "error"]
    permit.refresh_from_db()
    if len(oks) == 2:  # suspend first, then revoke (allowed on a suspended permit)
        assert permit.status == Permit.Status.REVOKED
    else:
        assert permit.status == Permit.Status.REVOKED
        assert errors[0].code == "permit_status"
