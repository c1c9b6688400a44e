"""The bureau's answers to one return arriving at once, on PostgreSQL (row locks): exactly one
of re-route, reject and close wins; the others get 409 not_returned and change nothing."""

import pytest

from core.errors import InvalidTransition
from core.roles import Role
from supervision import services
from supervision.models import PermitRouting, Push
from tests.factories import DepartmentFactory
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_three_answers_to_one_return_at_once_one_wins(
    decided_tx, make_user, two_departments, approver, clerk
):
    liaison = make_user("liaison_market", Role.LIAISON, department=two_departments[0])
    second_approver = make_user("approver_2", Role.APPROVER)
    env = DepartmentFactory(code="env", name="县生态环境分局")
    decision = decided_tx()
    push = Push.objects.get(decision=decision, department__code="market")
    services.return_push(push_id=push.pk, user=liaison, reason="非本部门监管")

    results = run_together(
        [
            lambda: services.reroute_push(push_id=push.pk, actor=approver, department=env),
            lambda: services.reject_return(push_id=push.pk, actor=clerk, reason="属于贵局"),
            lambda: services.close_return(push_id=push.pk, actor=second_approver, reason="误推送"),
        ]
    )
    wins = [i for i, r in enumerate(results) if r[0] == "ok"]
    losses = [r[1] for r in results if r[0] == "error"]
    assert len(wins) == 1, results
    assert len(losses) == 2
    assert all(isinstance(e, InvalidTransition) and e.code == "not_returned" for e in losses)
    push.refresh_from_db()
    winner = wins[0]
    if winner == 0:
        assert push.status == Push.Status.RETURNED and push.return_answer == ""
        assert PermitRouting.objects.count() == 1
    elif winner == 1:
        assert push.status == Push.Status.PUSHED and push.return_answer == "rejected"
        assert not PermitRouting.objects.exists()
    else:
        assert push.status == Push.Status.CLOSED and push.return_answer == "closed"
        assert not PermitRouting.objects.exists()
    assert Push.objects.filter(decision=decision).count() == (3 if winner == 0 else 2)


def test_two_rejections_at_once_one_wins(decided_tx, make_user, two_departments, approver, clerk):
    liaison = make_user("liaison_market", Role.LIAISON, department=two_departments[0])
    decision = decided_tx()
    push = Push.objects.get(decision=decision, department__code="market")
    services.return_push(push_id=push.pk, user=liaison, reason="非本部门监管")
    results = run_together(
        [
            lambda: services.reject_return(push_id=push.pk, actor=approver, reason="属于贵局"),
            lambda: services.reject_return(push_id=push.pk, actor=clerk, reason="属于贵局"),
        ]
    )
    assert sorted(r[0] for r in results) == ["error", "ok"], results
    from audit.services import events_for

    assert events_for(push).filter(action="reject_return").count() == 1
