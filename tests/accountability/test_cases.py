"""Accountability cases (问责): one way in per step, inspectors only, state checked, audited,
the assignee told; opened from a source; liaisons read their department's cases."""

import datetime

import pytest
from django.test import Client

from accountability.models import Case, CaseStep, OverdueRecord
from accountability.oversight import cases
from accountability.services import flag_overdue
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from supervision.models import Notification
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

LATE = datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI)


@pytest.fixture
def record(decided):
    decided()
    flag_overdue(as_of=LATE)
    return OverdueRecord.objects.filter(push__department__code="health").get()


def test_a_case_goes_open_assigned_findings_closed_each_step_kept_and_audited(
    record, inspector, liaison_health
):
    case = cases.open_case(user=inspector, source=f"overdue:{record.pk}", title="推送逾期未认领")
    assert case.status == Case.Status.OPEN
    assert case.department.code == "health"
    assert case.source_url == f"/supervision/pushes/{record.push_id}/"
    cases.assign(user=inspector, case_id=case.pk, department=case.department, working_days=5)
    case.refresh_from_db()
    assert case.status == Case.Status.ASSIGNED and case.deadline is not None
    told = Notification.objects.filter(recipient=liaison_health, subject__startswith="问责案件交办")
    assert told.count() == 1
    cases.record_findings(user=inspector, case_id=case.pk, findings="联络员休假,无人认领")
    cases.close(user=inspector, case_id=case.pk, outcome="interview", note="已约谈")
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Case.Status.CLOSED, "interview")
    assert list(CaseStep.objects.filter(case=case).values_list("action", flat=True)) == [
        "open",
        "assign",
        "findings",
        "close",
    ]
    assert list(
        AuditEvent.objects.filter(object_id=str(case.pk), action__startswith="case_")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["case_open", "case_assign", "case_findings", "case_close"]


def test_only_inspectors_and_only_in_order(record, inspector, liaison_health, approver):
    with pytest.raises(NotAllowed):
        cases.open_case(user=approver, source=f"overdue:{record.pk}", title="x")
    case = cases.open_case(user=inspector, source=f"overdue:{record.pk}", title="x")
    with pytest.raises(InvalidTransition):
        cases.close(user=inspector, case_id=case.pk, outcome="reminder")
    with pytest.raises(InvalidTransition):
        cases.record_findings(user=inspector, case_id=case.pk, findings="x")
    with pytest.raises(NotAllowed):
        cases.assign(user=liaison_health, case_id=case.pk, department=None, working_days=3)
    with pytest.raises(InvalidInput):
        cases.assign(user=inspector, case_id=case.pk, department=None, working_days=3)
    with pytest.raises(InvalidInput):
        cases.assign(user=inspector, case_id=case.pk, department=case.department, working_days=0)


@pytest.mark.parametrize(
    "source, error",
    [
        ("", InvalidInput),
        ("overdue", InvalidInput),
        ("nope:1", InvalidInput),
        ("overdue:-1", InvalidInput),
        ("overdue:١٢", InvalidInput),  # Arabic-Indic digits
        ("overdue:99999999", NotFound),
        ("overdue:" + "9" * 40, NotFound),
    ],
)
def test_bad_sources(inspector, source, error):
    with pytest.raises(error):
        cases.open_case(user=inspector, source=source, title="x")


def test_a_source_kind_whose_model_is_not_there_yet_is_a_404(inspector, monkeypatch, client):
    monkeypatch.setitem(cases.SOURCE_MODELS, "complaint", ("accountability", "NotYetThere"))
    with pytest.raises(NotFound):
        cases.open_case(user=inspector, source="complaint:1", title="x")
    client.force_login(inspector)
    assert client.get("/accountability/cases/new/", {"source": "complaint:1"}).status_code == 404


def test_pages_open_assign_and_close_a_case(record, inspector, liaison_health):
    client = Client()
    client.force_login(inspector)
    url = "/accountability/cases/new/"
    page = client.get(url, {"source": f"overdue:{record.pk}"})
    assert page.status_code == 200
    assert f'href="/supervision/pushes/{record.push_id}/"' in page.content.decode()
    assert client.get(url, {"source": "junk"}).status_code == 400
    response = client.post(url, {"source": f"overdue:{record.pk}", "title": "逾期"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    detail = case.get_absolute_url()
    bad = client.post(
        detail, {"action": "assign", "a-department": "health", "a-working_days": "999"}
    )
    assert bad.status_code == 400
    client.post(detail, {"action": "assign", "a-department": "health", "a-working_days": "3"})
    client.post(detail, {"action": "findings", "f-findings": "查明"})
    client.post(detail, {"action": "close", "c-outcome": "reminder"})
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert "提醒" in client.get(detail).content.decode()
    # The same step again is refused with a message, not a 500.
    again = client.post(detail, {"action": "close", "c-outcome": "reminder"})
    assert again.status_code == 400


def test_liaisons_read_their_departments_cases_only(record, inspector, liaison_health, make_user):
    case = cases.open_case(user=inspector, source=f"overdue:{record.pk}", title="x")
    other = make_user(
        "liaison_other",
        "liaison",
        department=record.department.__class__.objects.get(code="market"),
    )
    client = Client()
    client.force_login(liaison_health)
    assert client.get(case.get_absolute_url()).status_code == 200
    assert "assign-form" not in client.get(case.get_absolute_url()).content.decode()
    assert (
        client.post(case.get_absolute_url(), {"action": "findings", "f-findings": "x"}).status_code
        == 403
    )
    assert case.title in client.get("/accountability/cases/").content.decode()
    client.force_login(other)
    assert client.get(case.get_absolute_url()).status_code == 404
    assert 'data-testid="cases"' in client.get("/accountability/cases/").content.decode()
    assert case.get_absolute_url() not in client.get("/accountability/cases/").content.decode()


def test_a_late_step_is_flagged_and_the_case_deadline_is_a_monitoring_kind(record, inspector):
    import time_machine

    from accountability.oversight import deadlines

    case = cases.open_case(user=inspector, source=f"overdue:{record.pk}", title="x")
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        cases.assign(user=inspector, case_id=case.pk, department=case.department, working_days=1)
    rows = deadlines.open_deadlines(
        codes=["case"], now=datetime.datetime(2026, 6, 12, 9, tzinfo=SHANGHAI)
    )
    assert [(r.object_id, r.colour) for r in rows] == [(case.pk, deadlines.RED)]
    with time_machine.travel(datetime.datetime(2026, 6, 12, 9, tzinfo=SHANGHAI), tick=False):
        cases.record_findings(user=inspector, case_id=case.pk, findings="x")
    assert CaseStep.objects.get(case=case, action="findings").late is True
    assert CaseStep.objects.get(case=case, action="assign").late is False


@pytest.mark.parametrize("days", ["１２", "١٢", "3.5", "9" * 30, "-1", ""])
def test_odd_working_days_are_a_400_with_a_chinese_message(record, inspector, days):
    client = Client()
    client.force_login(inspector)
    case = cases.open_case(user=inspector, source=f"overdue:{record.pk}", title="x")
    response = client.post(
        case.get_absolute_url(),
        {"action": "assign", "a-department": "health", "a-working_days": days},
    )
    assert response.status_code == 400
    assert '<p class="error">' in response.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.OPEN


def test_a_double_submit_of_the_close_form_closes_once(record, inspector):
    client = Client()
    client.force_login(inspector)
    case = cases.open_case(user=inspector, source=f"overdue:{record.pk}", title="x")
    cases.assign(user=inspector, case_id=case.pk, department=case.department, working_days=2)
    cases.record_findings(user=inspector, case_id=case.pk, findings="x")
    first = client.post(case.get_absolute_url(), {"action": "close", "c-outcome": "reminder"})
    second = client.post(case.get_absolute_url(), {"action": "close", "c-outcome": "reminder"})
    assert (first.status_code, second.status_code) == (302, 400)
    assert CaseStep.objects.filter(case=case, action="close").count() == 1


def test_a_case_from_an_audit_event_links_to_the_event(record, inspector):
    event = AuditEvent.objects.order_by("pk").first()
    case = cases.open_case(user=inspector, source=f"audit:{event.pk}", title="操作异常")
    assert case.source_url == f"/audit/events/{event.pk}/"
