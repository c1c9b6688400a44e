"""Issue 12: routing remembers corrections. A department returns a push as not its own, the
bureau re-routes it: later decisions on that permit go to the department that now supervises
it (the item's other departments as before), never back to the one that said "not ours"; the
catalog admins are told once per item and correction."""

import datetime

import pytest
import time_machine

from approvals.models import Decision, Permit
from catalog.models import Department
from core.errors import NotFound
from core.roles import Role
from supervision import services
from supervision.models import Notification, PermitRouting, Push
from tests.factories import DepartmentFactory, PublishedVersionFactory
from tests.flows import SHANGHAI, approve_permit
from tests.supervision.issue12 import deny_application, later_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def env(db):
    return DepartmentFactory(code="env", name="县生态环境分局")


@pytest.fixture
def market_liaison(make_user, two_departments):
    return make_user("liaison_market", Role.LIAISON, department=two_departments[0])


@pytest.fixture
def env_liaison(make_user, env):
    return make_user("liaison_env", Role.LIAISON, department=env)


def _return_and_reroute(decision, *, liaison, approver, to, reason="非本部门监管"):
    push = Push.objects.get(decision=decision, department__code="market")
    services.return_push(push_id=push.pk, user=liaison, reason=reason)
    return services.reroute_push(push_id=push.pk, actor=approver, department=to)


def _departments(decision) -> list[str]:
    return sorted(Push.objects.filter(decision=decision).values_list("department__code", flat=True))


def test_without_corrections_a_later_decision_goes_to_the_item_departments(decided):
    first = decided()
    revoke = later_decision(first, Decision.Kind.REVOKE)
    assert _departments(revoke) == ["health", "market"]


def test_after_a_reroute_later_decisions_go_to_the_new_department_only(
    decided, market_liaison, approver, env
):
    first = decided()
    new = _return_and_reroute(first, liaison=market_liaison, approver=approver, to=env)
    routing = PermitRouting.objects.get()
    assert (routing.permit, routing.returned_department.code, routing.department) == (
        first.permit,
        "market",
        env,
    )
    assert routing.push == new and routing.created_by == approver
    for kind in (Decision.Kind.REVOKE, "suspend"):
        later = later_decision(first, kind)
        assert _departments(later) == ["env", "health"]


def test_a_second_correction_builds_on_the_first(decided, market_liaison, approver, env, make_user):
    first = decided()
    new = _return_and_reroute(first, liaison=market_liaison, approver=approver, to=env)
    traffic = DepartmentFactory(code="traffic", name="县交通运输局")
    env_liaison = make_user("liaison_env", Role.LIAISON, department=env)
    services.return_push(push_id=new.pk, user=env_liaison, reason="也不是我们")
    services.reroute_push(push_id=new.pk, actor=approver, department=traffic)
    assert _departments(later_decision(first, Decision.Kind.CANCEL)) == ["health", "traffic"]


def test_a_permit_that_replaces_the_corrected_one_keeps_the_correction(
    decided, market_liaison, approver, env
):
    first = decided()
    _return_and_reroute(first, liaison=market_liaison, approver=approver, to=env)
    old = first.permit
    renewed = Permit.objects.create(
        number="XK2026TEST1",
        application=old.application,
        item_version=old.item_version,
        holder=old.holder,
        holder_name=old.holder_name,
        valid_from=old.valid_from,
        valid_until=old.valid_until,
        replaces=old,
    )
    ids = services.routed_department_ids(permit=renewed, version=renewed.item_version)
    assert sorted(Department.objects.filter(pk__in=ids).values_list("code", flat=True)) == [
        "env",
        "health",
    ]


def test_other_permits_of_the_item_are_not_rerouted(
    clerk, reviewer, approver, two_departments, market_liaison, env
):
    version = PublishedVersionFactory(setup=two_departments)
    at = datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI)
    kwargs = dict(clerk=clerk, reviewer=reviewer, approver=approver, version=version)
    first = approve_permit(departments=two_departments, at=at, **kwargs)
    second = approve_permit(departments=two_departments, at=at, **kwargs)
    _return_and_reroute(first, liaison=market_liaison, approver=approver, to=env)
    assert _departments(later_decision(second, Decision.Kind.REVOKE)) == ["health", "market"]


def test_the_catalog_admins_are_told_once_per_item_and_correction(
    clerk, reviewer, approver, catalog_admin, two_departments, market_liaison, env
):
    version = PublishedVersionFactory(setup=two_departments)
    at = datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI)
    kwargs = dict(clerk=clerk, reviewer=reviewer, approver=approver, version=version)
    decisions = [approve_permit(departments=two_departments, at=at, **kwargs) for _ in range(3)]
    with time_machine.travel(at, tick=False):
        _return_and_reroute(decisions[0], liaison=market_liaison, approver=approver, to=env)
        _return_and_reroute(decisions[1], liaison=market_liaison, approver=approver, to=env)
    told = Notification.objects.filter(recipient=catalog_admin)
    assert told.count() == 1
    note = told.get()
    assert version.name in note.subject and "监管部门可能有误" in note.subject
    assert note.link == f"/admin/catalog/item/{version.item_id}/change/"
    assert "县市场监督管理局" in note.body and "县生态环境分局" in note.body
    # Another correction of the same item (market → traffic) is news again.
    traffic = DepartmentFactory(code="traffic", name="县交通运输局")
    with time_machine.travel(at, tick=False):
        _return_and_reroute(decisions[2], liaison=market_liaison, approver=approver, to=traffic)
    assert told.count() == 2


def test_rerouting_a_denial_remembers_nothing_and_works(
    clerk, reviewer, approver, two_departments, market_liaison, env
):
    denial = deny_application(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments
    )
    new = _return_and_reroute(denial, liaison=market_liaison, approver=approver, to=env)
    assert new.department == env and new.decision_kind == "deny"
    assert not PermitRouting.objects.exists()


def test_the_department_rerouted_to_may_report_on_the_permit_the_returner_may_not(
    decided, market_liaison, env_liaison, approver, env
):
    first = decided()
    _return_and_reroute(first, liaison=market_liaison, approver=approver, to=env)
    args = dict(
        permit_number=first.permit.number,
        kind="penalty",
        decision_number="环罚〔2026〕1号",
        decision_date=datetime.date.today(),
        summary="超标排放",
    )
    report = services.create_report(user=env_liaison, **args)
    assert report.department.code == "env"
    with pytest.raises(NotFound):
        services.create_report(user=market_liaison, **args)
