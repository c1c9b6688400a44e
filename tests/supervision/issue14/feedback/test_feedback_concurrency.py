"""PostgreSQL: several final feedbacks on one push, several closes of one report, the feedback
flagger run at once — exactly one wins each (row locks, one UPDATE … RETURNING)."""

import datetime

import pytest
import time_machine

from core.errors import InvalidTransition
from core.roles import Role
from supervision import services
from supervision.models import Push, PushFeedback, SupervisionReport
from supervision.services import feedback as fb
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _claimed(decided_tx, make_user, two_departments, n):
    liaisons = [
        make_user(f"market_{i}", Role.LIAISON, department=two_departments[0]) for i in range(n)
    ]
    push = Push.objects.get(decision=decided_tx(), department__code="market")
    services.claim_push(push_id=push.pk, user=liaisons[0])
    return push, liaisons


def test_concurrent_final_feedbacks_close_once(decided_tx, make_user, two_departments):
    push, liaisons = _claimed(decided_tx, make_user, two_departments, 4)
    results = run_together(
        [
            lambda u=u: services.give_feedback(
                push_id=push.pk, user=u, note=f"处置完毕{u.pk}", final=True, result="合格"
            )
            for u in liaisons
        ]
    )
    assert [r[0] for r in results].count("ok") == 1
    losses = [r[1] for r in results if r[0] == "error"]
    assert all(isinstance(e, InvalidTransition) and e.code == "push_closed" for e in losses)
    push.refresh_from_db()
    assert push.status == Push.Status.CLOSED
    assert PushFeedback.objects.filter(push=push, final=True).count() == 1


def test_concurrent_report_closes_close_once(decided_tx, make_user, two_departments, clerk):
    push, (liaison,) = _claimed(decided_tx, make_user, two_departments, 1)
    report = services.create_report(
        user=liaison,
        permit_number=push.decision.permit.number,
        kind="other",
        decision_number="监9",
        decision_date=datetime.date(2026, 6, 1),
        summary="已责令改正",
    )
    services.claim_report(report_id=report.pk, user=clerk)
    bureau = [clerk] + [make_user(f"clerk_{i}", Role.WINDOW_CLERK) for i in range(3)]
    results = run_together(
        [
            lambda u=u: fb.close_report(report_id=report.pk, user=u, outcome="done", note="")
            for u in bureau
        ]
    )
    assert [r[0] for r in results].count("ok") == 1
    losses = [r[1] for r in results if r[0] == "error"]
    assert all(isinstance(e, InvalidTransition) and e.code == "report_closed" for e in losses)
    assert SupervisionReport.objects.get(pk=report.pk).status == "closed"


def test_concurrent_feedback_flaggers_flag_once(decided_tx, make_user, two_departments):
    push, _liaisons = _claimed(decided_tx, make_user, two_departments, 1)
    push.refresh_from_db()
    later = push.feedback_deadline + datetime.timedelta(days=1)
    with time_machine.travel(later, tick=False):
        results = run_together([lambda: fb.flag_feedback_overdue(later) for _ in range(3)])
    assert all(r[0] == "ok" for r in results)
    assert [row[0] for r in results for row in r[1]] == [push.pk]
