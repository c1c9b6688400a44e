"""A bad rating's follow-up and a complaint are deadlines like the rest: on the monitoring page,
coloured by the one rule, and warned to the inspectors once, a working day before."""

import datetime

import pytest
import time_machine
from django.test import Client

from accountability.models import DeadlineWarning, RatingFollowUp
from accountability.oversight import deadlines
from accountability.oversight.warnings import send_deadline_warnings
from accountability.public import services
from supervision.models import Notification
from tests.flows import SHANGHAI
from workdays import services as workdays

pytestmark = pytest.mark.django_db


def _complaint():
    return services.submit_complaint(name="赵六", phone="13800000007", text="窗口答复前后不一致")


def test_open_followups_and_complaints_are_monitored_and_closed_ones_are_not(delivered, inspector):
    app = delivered()
    services.rate(application_id=app.pk, level=2, channel="online")
    followup = RatingFollowUp.objects.get()
    complaint = _complaint()
    rows = {(r.kind, r.object_id): r for r in deadlines.open_deadlines()}
    assert rows[("followup", followup.pk)].due == followup.due_at
    assert rows[("followup", followup.pk)].number == app.receipt_number
    assert rows[("complaint", complaint.pk)].due == complaint.due_at
    assert rows[("complaint", complaint.pk)].url.endswith(f"/oversight/complaints/{complaint.pk}/")

    services.record_followup_contact(followup_id=followup.pk, inspector=inspector, result="已回访")
    services.close_followup(followup_id=followup.pk, inspector=inspector, outcome="已整改")
    services.accept_complaint(complaint_id=complaint.pk, inspector=inspector)
    services.reply_complaint(complaint_id=complaint.pk, inspector=inspector, reply="已核实答复")
    kinds = {r.kind for r in deadlines.open_deadlines()}
    assert not kinds & {"followup", "complaint"}


def test_they_are_the_bureaus_own_so_a_department_filter_leaves_them_out(
    delivered, two_departments
):
    _complaint()
    department = two_departments[0]
    only_theirs = deadlines.open_deadlines(deadlines.Filters(department_id=department.pk))
    assert "complaint" not in {r.kind for r in only_theirs}


def test_the_monitoring_page_shows_a_complaint_red_when_late(inspector):
    complaint = _complaint()
    late = complaint.due_at + datetime.timedelta(minutes=1)
    with time_machine.travel(late, tick=False):
        client = Client()
        client.force_login(inspector)  # in the travelled time: a session does not last weeks
        response = client.get("/accountability/monitoring/", {"kind": "complaint"})
    assert response.status_code == 200
    assert 'data-kind="complaint" data-colour="red"' in response.content.decode()


def _day_with_working_days_left(due_day: datetime.date, left: int) -> datetime.datetime:
    """9:00 on the latest day before `due_day` from which `left` working days are left."""
    day = due_day - datetime.timedelta(days=1)
    while workdays.working_days_from(day, {due_day})[due_day] < left:
        day -= datetime.timedelta(days=1)
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=SHANGHAI)


def test_inspectors_are_warned_once_a_working_day_before_a_complaint_is_due(inspector):
    complaint = _complaint()
    due_day = complaint.due_at.astimezone(SHANGHAI).date()
    with time_machine.travel(_day_with_working_days_left(due_day, 2), tick=False):
        send_deadline_warnings()
    assert not DeadlineWarning.objects.filter(kind="complaint").exists()
    before = Notification.objects.filter(recipient=inspector).count()
    with time_machine.travel(_day_with_working_days_left(due_day, 1), tick=False):
        send_deadline_warnings()
        send_deadline_warnings()
    warning = DeadlineWarning.objects.get(kind="complaint")
    assert warning.object_id == complaint.pk
    assert Notification.objects.filter(recipient=inspector).count() == before + 1
