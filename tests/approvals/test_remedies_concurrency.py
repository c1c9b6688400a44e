"""Simultaneous outcomes and records of one remedy, on PostgreSQL (row locks): one outcome wins
and starts one procedure, the signal is sent once; one case number is recorded once."""

import datetime

import pytest

from approvals import services, signals
from approvals.models import PermitProcedure, Remedy
from core.errors import InvalidTransition
from core.roles import Role
from tests.flows import approve_permit
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def decision(clerk, reviewer, approver, department):
    # Decided now (no frozen clock: the threads see the real time).
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department], at=None
    )


def test_simultaneous_outcomes_start_one_procedure(decision, approver, make_user):
    today = datetime.date.today()
    remedy = services.record_remedy(
        decision_id=decision.pk,
        actor=approver,
        kind="reconsideration",
        body="示例县人民政府",
        case_number="并发1",
        claimant="李四",
        received_on=today,
    )
    recorders = [approver] + [make_user(f"r{i}", Role.REVIEWER) for i in range(5)]
    sent = []
    receiver = lambda sender, remedy, **kw: sent.append(remedy.pk)  # noqa: E731
    signals.remedy_outcome_recorded.connect(receiver)
    try:
        results = run_together(
            [
                lambda user=user: services.record_outcome(
                    remedy_id=remedy.pk, actor=user, outcome="annulled", outcome_on=today
                )
                for user in recorders
            ]
        )
    finally:
        signals.remedy_outcome_recorded.disconnect(receiver)
    wins = [r for r in results if r[0] == "ok"]
    losses = [r[1] for r in results if r[0] == "error"]
    assert len(wins) == 1, results
    assert len(losses) == 5 and all(isinstance(e, InvalidTransition) for e in losses), losses
    assert PermitProcedure.objects.filter(source="remedy", kind="revoke").count() == 1
    assert sent == [remedy.pk]
    assert Remedy.objects.get().follow_up == Remedy.FollowUp.PROCEDURE


def test_simultaneous_records_of_one_case_make_one(decision, approver, reviewer):
    today = datetime.date.today()

    def record(user):
        return services.record_remedy(
            decision_id=decision.pk,
            actor=user,
            kind="lawsuit",
            body="示例县人民法院",
            case_number="（2026）示0101行初99号",
            claimant="李四",
            received_on=today,
        )

    results = run_together([lambda u=u: record(u) for u in (approver, reviewer) * 3])
    assert [r[0] for r in results].count("ok") == 1, results
    assert all(r[1].code == "duplicate_case" for r in results if r[0] == "error")
    assert Remedy.objects.count() == 1
