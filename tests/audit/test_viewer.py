"""The audit viewer: inspectors only, Chinese labels, object links, status labels, filters by
person, department, object, action and date, exact query counts, the xlsx export and the chain
check from the page."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from audit.models import AuditEvent
from audit.services import record_event
from core.roles import Role
from tests.flows import approve_permit
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db
URL = reverse("audit:events")


@pytest.fixture
def history(clerk, reviewer, approver, department):
    """A real approval: its events (submit … decide, pushes to the department)."""
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department], at=None
    )


def _rows(response):
    return response.context["page"].object_list


@pytest.mark.parametrize("role", [Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.LIAISON])
def test_only_inspectors_see_the_trail(client, make_user, role, department):
    user = make_user(f"u_{role}", role, department=department if role == Role.LIAISON else None)
    client.force_login(user)
    for name, method in [("events", "get"), ("export", "get"), ("verify", "post")]:
        assert getattr(client, method)(reverse(f"audit:{name}")).status_code == 403
    event = record_event(actor=user, obj=user, action="claim")
    assert client.get(reverse("audit:event_detail", args=[event.pk])).status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    assert client.get(URL).status_code == 302


def test_the_list_is_in_chinese_with_links_and_status_labels(client, inspector, history):
    client.force_login(inspector)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    rows = _rows(response)
    accept = next(e for e in rows if e.action == "accept")
    assert accept.action_label == "受理"
    assert accept.before_label == "已登记"  # Application.Status.SUBMITTED's label
    assert accept.object_url == reverse("approvals:detail", args=[accept.object_id])
    push = next(e for e in rows if e.action == "push")
    assert push.object_url == reverse("supervision:push_detail", args=[push.object_id])
    assert "受理" in body and ">accept<" not in body
    assert accept.object_url in body


def test_the_list_has_a_fixed_number_of_queries(client, inspector, clerk, reviewer, approver):
    from tests.factories import DepartmentFactory

    department = DepartmentFactory()
    approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department], at=None
    )
    client.force_login(inspector)
    with exact_queries(9):
        first = client.get(URL)
    few = len(_rows(first))
    for _ in range(2):
        approve_permit(
            clerk=clerk, reviewer=reviewer, approver=approver, departments=[department], at=None
        )
    with exact_queries(9):
        again = client.get(URL)
    assert len(_rows(again)) > few


def test_filters_by_action_person_object_and_date(client, inspector, clerk, history):
    client.force_login(inspector)
    only_accept = _rows(client.get(URL, {"action": "accept"}))
    assert {e.action for e in only_accept} == {"accept"}
    by_clerk = _rows(client.get(URL, {"actor": str(clerk.pk)}))
    assert by_clerk and all(e.actor_id == clerk.pk for e in by_clerk)
    app_id = only_accept[0].object_id
    by_object = _rows(client.get(URL, {"object": app_id}))
    assert by_object and any(e.object_id == app_id for e in by_object)
    today = datetime.date.today()
    assert _rows(client.get(URL, {"date_from": today - datetime.timedelta(1)}))
    assert not _rows(client.get(URL, {"date_to": "2001-01-01"}))


def test_filter_by_department(client, inspector, history, department, other_department):
    client.force_login(inspector)
    mine = _rows(client.get(URL, {"department": department.code}))
    assert {e.action for e in mine} >= {"push"}
    assert not _rows(client.get(URL, {"department": other_department.code}))


@pytest.mark.parametrize(
    "query",
    [
        {"action": "no_such_action"},
        {"actor": "abc"},
        {"actor": "٣"},
        {"department": "nowhere"},
        {"date_from": "2026-02-30"},
        {"date_from": "1900-01-01"},
        {"date_from": "2026-05-02", "date_to": "2026-05-01"},
        {"object": "x" * 65},
        {"page": "0"},
        {"page": "99999999999999999999999"},
        {"page": "٢"},
    ],
)
def test_bad_filters_are_a_chinese_400(client, inspector, query):
    client.force_login(inspector)
    response = client.get(URL, query)
    assert response.status_code == 400
    assert "error" in response.content.decode()


def test_a_filter_given_twice_is_refused(client, inspector):
    client.force_login(inspector)
    assert client.get(URL + "?action=claim&action=push").status_code == 400
    assert client.get(URL + "?page=1&page=2").status_code == 400


def test_the_detail_page(client, inspector, history):
    client.force_login(inspector)
    event = AuditEvent.objects.get(action="accept")
    response = client.get(reverse("audit:event_detail", args=[event.pk]))
    assert response.status_code == 200
    assert "受理" in response.content.decode()
    assert client.get(reverse("audit:event_detail", args=[10**12])).status_code == 404


def test_the_export_is_xlsx_in_chinese_with_formulas_escaped(client, inspector):
    record_event(actor=inspector, obj=inspector, action="claim", note='=HYPERLINK("x")')
    client.force_login(inspector)
    response = client.get(reverse("audit:export"), {"action": "claim"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][3] == "动作"
    assert rows[1][3] == "认领"
    assert rows[1][9] == '\'=HYPERLINK("x")'
    assert len(rows) == 2
    assert client.get(reverse("audit:export"), {"action": "nope"}).status_code == 400


def test_inspectors_run_the_chain_check_from_the_page(client, inspector, history):
    client.force_login(inspector)
    assert client.get(reverse("audit:verify")).status_code == 405
    response = client.post(reverse("audit:verify"), follow=True)
    assert response.status_code == 200
    assert "审计链完整" in response.content.decode()
    run = AuditEvent.objects.get(action="verify_chain")
    assert run.actor == inspector and run.after == "完整" and run.data["ok"] is True
    assert _rows(client.get(URL, {"action": "verify_chain"}))[0].action_label == "校验审计链"
