"""Issue 12: a supervision report's follow-up starts a procedure on the permit (source
"report"), reviewed and decided by the procedures services: no Decision at follow-up time.
The decision that comes out of the procedure is pushed to the departments the permit is
routed to then."""

import datetime
from types import SimpleNamespace

import pytest
import time_machine

from approvals import services as approvals
from approvals.models import Decision
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from core.roles import Role
from supervision import services
from supervision.models import Push, SupervisionReport
from tests.factories import DepartmentFactory
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.datetime(2026, 6, 10, 10, tzinfo=SHANGHAI)
HAS_PROCEDURES = hasattr(approvals, "start_procedure")
needs_procedures = pytest.mark.xfail(
    not HAS_PROCEDURES,
    reason="approvals.services.start_procedure (the procedures helper's) has not landed yet",
    strict=True,
)


@pytest.fixture
def market_liaison(make_user, two_departments):
    return make_user("liaison_market", Role.LIAISON, department=two_departments[0])


@pytest.fixture
def claimed_report(decided, market_liaison, clerk):
    def _make(kind="licence_revocation"):
        decision = decided(at=datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI))
        with time_machine.travel(WEDNESDAY, tick=False):
            report = services.create_report(
                user=market_liaison,
                permit_number=decision.permit.number,
                kind=kind,
                decision_number="市监罚〔2026〕8号",
                decision_date=datetime.date(2026, 6, 9),
                summary="以欺骗手段取得许可",
            )
            services.claim_report(report_id=report.pk, user=clerk)
        return report

    return _make


@pytest.fixture
def started(monkeypatch):
    """A stand-in for the procedures helper's start_procedure: records what it was asked."""
    calls = []

    def fake(**kwargs):
        calls.append(kwargs)
        return SimpleNamespace(pk=41, kind=kwargs["kind"], status="started")

    monkeypatch.setattr(approvals, "start_procedure", fake, raising=False)
    return calls


@pytest.mark.parametrize("kind", ["revoke", "suspend", "change", "cancel", "withdraw"])
def test_follow_up_starts_a_procedure_of_the_kind_from_the_report(
    claimed_report, approver, started, kind
):
    report = claimed_report()
    decisions = Decision.objects.count()
    procedure = services.follow_up_report(
        report_id=report.pk, approver=approver, kind=kind, reason="监管部门报告", content="内容"
    )
    assert procedure.pk == 41
    (call,) = started
    assert call == {
        "permit_number": report.permit.number,
        "kind": kind,
        "actor": approver,
        "source": "report",
        "reason": "监管部门报告",
        "content": "内容",
        "valid_until": None,
        "source_ref": str(report.pk),
    }
    assert Decision.objects.count() == decisions  # no decision before review and decision
    report.refresh_from_db()
    assert report.status == SupervisionReport.Status.CLOSED and report.follow_up is None


def test_the_report_kind_suggests_the_procedure():
    assert services.SUGGESTED_KIND["suspension"] == "suspend"
    assert services.SUGGESTED_KIND["licence_revocation"] == "revoke"


def test_the_follow_up_form_offers_the_suggested_kind(client, claimed_report, approver):
    from django.urls import reverse

    report = claimed_report(kind="suspension")
    client.force_login(approver)
    html = client.get(reverse("supervision:report_detail", args=[report.pk])).content.decode()
    assert '<option value="suspend" selected>' in html


def test_follow_up_from_the_page_says_a_procedure_was_started(
    client, claimed_report, approver, started
):
    from django.urls import reverse

    report = claimed_report()
    client.force_login(approver)
    response = client.post(
        reverse("supervision:report_follow_up", args=[report.pk]),
        {"kind": "revoke", "reason": "以欺骗手段取得许可"},
        follow=True,
    )
    assert "已启动后续程序" in response.content.decode()
    assert started[0]["source"] == "report"


def test_the_api_follow_up_answers_the_procedure(api, claimed_report, approver, started):
    report = claimed_report()
    response = api.as_user(approver).post(
        f"/api/v1/supervision-reports/{report.pk}/follow-up/",
        {"kind": "suspend", "reason": "责令停产停业"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "closed" and body["decision_number"] is None
    assert body["procedure"] == {"id": 41, "kind": "suspend", "status": "started"}


@pytest.mark.parametrize("kind", ["approve", "deny", "renew", "reinstate", "", "x" * 50])
def test_follow_up_kinds_outside_the_list_are_refused(claimed_report, approver, started, kind):
    with pytest.raises(InvalidInput):
        services.follow_up_report(
            report_id=claimed_report().pk, approver=approver, kind=kind, reason="x"
        )
    assert not started


def test_follow_up_needs_a_reason_a_claim_and_an_approver(
    claimed_report, approver, clerk, started, decided, market_liaison
):
    report = claimed_report()
    with pytest.raises(InvalidInput) as exc:
        services.follow_up_report(report_id=report.pk, approver=approver, kind="revoke", reason="")
    assert exc.value.code == "reason_required"
    with pytest.raises(NotAllowed):
        services.follow_up_report(report_id=report.pk, approver=clerk, kind="revoke", reason="x")
    services.follow_up_report(report_id=report.pk, approver=approver, kind="revoke", reason="x")
    with pytest.raises(InvalidTransition):  # closed now: a double submit starts nothing more
        services.follow_up_report(report_id=report.pk, approver=approver, kind="revoke", reason="x")
    assert len(started) == 1


# --- with the procedures helper's services (real path) -------------------------------------------


@needs_procedures
def test_a_report_procedure_decided_is_pushed_where_the_permit_is_routed_now(
    claimed_report, approver, reviewer, make_user, market_liaison
):
    report = claimed_report()
    permit = report.permit
    # Health returns its push of the approval; the bureau re-routes it to env.
    env = DepartmentFactory(code="env", name="县生态环境分局")
    health = make_user(
        "liaison_health2",
        Role.LIAISON,
        department=report.permit.item_version.supervising_departments.get(code="health"),
    )
    push = Push.objects.get(decision__permit=permit, department__code="health")
    services.return_push(push_id=push.pk, user=health, reason="非本部门")
    services.reroute_push(push_id=push.pk, actor=approver, department=env)

    procedure = services.follow_up_report(
        report_id=report.pk, approver=approver, kind="revoke", reason="以欺骗手段取得许可"
    )
    assert procedure.source == "report" and procedure.source_ref == str(report.pk)
    assert not Decision.objects.filter(kind="revoke").exists()
    other_approver = make_user("approver2", Role.APPROVER)
    approvals.review_procedure(
        procedure_id=procedure.pk, reviewer=reviewer, opinion="属实", recommendation="approve"
    )
    approvals.decide_procedure(procedure_id=procedure.pk, approver=other_approver, approve=True)
    revoke = Decision.objects.get(kind="revoke")
    codes = sorted(Push.objects.filter(decision=revoke).values_list("department__code", flat=True))
    assert codes == ["env", "market"]
    assert (
        Push.objects.get(decision=revoke, department__code="market").decision_kind_label == "撤销"
    )
