"""Issue 12: a 复议 / 诉讼 outcome is told to the liaisons of the departments the permit is
routed to (approvals.signals.remedy_outcome_recorded, connected in SupervisionConfig)."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from approvals.models import Decision
from approvals.signals import remedy_outcome_recorded
from core.roles import Role
from supervision import services
from supervision.models import Notification, Push
from tests.factories import DepartmentFactory
from tests.supervision.issue12 import deny_application

pytestmark = pytest.mark.django_db


class FakeRemedy(SimpleNamespace):
    """What the remedies helper's model offers (read defensively by the receiver)."""

    def get_kind_display(self):
        return "行政复议"

    def get_outcome_display(self):
        return "撤销原决定"


@pytest.fixture
def liaisons(make_user, two_departments):
    return {
        d.code: make_user(f"liaison_{d.code}", Role.LIAISON, department=d) for d in two_departments
    }


def _send(decision, **fields):
    with transaction.atomic():
        remedy_outcome_recorded.send(
            sender=FakeRemedy, remedy=FakeRemedy(pk=7, decision=decision, **fields)
        )


def test_the_departments_liaisons_are_told_with_a_link_to_their_push(decided, liaisons):
    decision = decided()
    _send(decision, notes="复议机关认定程序违法")
    for code, user in liaisons.items():
        note = Notification.objects.get(recipient=user, subject__startswith="复议诉讼结果")
        assert decision.permit.number in note.subject
        assert "行政复议" in note.subject and "撤销原决定" in note.subject
        assert decision.number in note.body and "复议机关认定程序违法" in note.body
        push = Push.objects.get(decision=decision, department__code=code)
        assert note.link == f"/supervision/pushes/{push.pk}/"


def test_the_departments_are_those_the_permit_is_routed_to_now(
    decided, liaisons, approver, make_user
):
    decision = decided()
    env = DepartmentFactory(code="env", name="县生态环境分局")
    env_liaison = make_user("liaison_env", Role.LIAISON, department=env)
    push = Push.objects.get(decision=decision, department__code="market")
    services.return_push(push_id=push.pk, user=liaisons["market"], reason="非本部门")
    services.reroute_push(push_id=push.pk, actor=approver, department=env)
    before = Notification.objects.filter(recipient=liaisons["market"]).count()
    _send(decision)
    assert Notification.objects.filter(recipient=liaisons["market"]).count() == before
    assert Notification.objects.filter(recipient=env_liaison, subject__contains="复议").exists()
    assert Notification.objects.filter(
        recipient=liaisons["health"], subject__contains="复议"
    ).exists()


def test_a_denial_remedy_is_told_to_the_item_departments(
    clerk, reviewer, approver, two_departments, liaisons
):
    denial = deny_application(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments
    )
    _send(denial)
    note = Notification.objects.filter(recipient=liaisons["market"]).latest("pk")
    assert denial.number in note.subject and "撤销原决定" in note.subject


def test_a_remedy_without_a_decision_tells_nobody_and_does_not_fail(liaisons):
    before = Notification.objects.count()
    with transaction.atomic():
        remedy_outcome_recorded.send(sender=object, remedy=SimpleNamespace(pk=1))
    assert Notification.objects.count() == before


def test_plain_fields_are_read_when_there_are_no_labels(decided, liaisons):
    decision = decided()
    Notification.objects.all().delete()
    with transaction.atomic():
        remedy_outcome_recorded.send(
            sender=object,
            remedy=SimpleNamespace(pk=2, decision=decision, kind="lawsuit", outcome="annulled"),
        )
    note = Notification.objects.filter(recipient=liaisons["health"]).get()
    assert "lawsuit" in note.subject and "annulled" in note.subject
    assert str(Decision.Kind(decision.kind).label) in note.body
