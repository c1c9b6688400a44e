"""Monitoring (实时监控): every open deadline from the registry, coloured by the one rule on the
working-day calendar; warnings once per deadline, a working day before."""

import datetime

import pytest
import time_machine
from django.test import Client

from accountability.models import DeadlineWarning
from accountability.oversight import deadlines
from accountability.oversight.warnings import send_deadline_warnings
from supervision.models import Notification, Push
from tests.flows import SHANGHAI
from tests.queries import exact_queries
from workdays import services as workdays

pytestmark = pytest.mark.django_db

# Decided Monday 1 June 2026 10:00: the pushes' claim deadline is the end of Thursday 4 June.
WEDNESDAY = datetime.datetime(2026, 6, 3, 9, tzinfo=SHANGHAI)
TUESDAY = datetime.datetime(2026, 6, 2, 9, tzinfo=SHANGHAI)
FRIDAY = datetime.datetime(2026, 6, 5, 9, tzinfo=SHANGHAI)


def _due(day):
    return workdays.end_of_day(day)


def test_the_colour_counts_working_days_across_the_dragon_boat_holiday():
    # Thursday 18 June 2026; 19–21 June is 端午节. Monday 22 is the next working day.
    now = datetime.datetime(2026, 6, 18, 15, tzinfo=SHANGHAI)
    monday, tuesday = _due(datetime.date(2026, 6, 22)), _due(datetime.date(2026, 6, 23))
    found = deadlines.colours([monday, tuesday, _due(datetime.date(2026, 6, 18))], now=now)
    assert found[monday] == (deadlines.YELLOW, 1)  # four calendar days away, one working day
    assert found[tuesday] == (deadlines.NONE, 2)  # after the holiday, two working days left
    assert found[_due(datetime.date(2026, 6, 18))] == (deadlines.YELLOW, 0)  # due tonight
    later = datetime.datetime(2026, 6, 19, 0, 0, 1, tzinfo=SHANGHAI)
    assert deadlines.colour_of(_due(datetime.date(2026, 6, 18)), now=later) == deadlines.RED


def test_every_kind_is_registered_and_feedback_is_empty_for_now():
    codes = [k.code for k in deadlines.kinds()]
    assert codes == [
        "application",
        "push",
        "feedback",
        "report",
        "case",
        "remedy",  # accountability.oversight.remedy_deadlines
        "followup",  # accountability.public.deadlines
        "complaint",
    ]
    assert deadlines.kind("feedback").rows(deadlines.Filters()) == []


@pytest.fixture
def inspector_client(inspector):
    client = Client()
    client.force_login(inspector)
    return client


def _page(client, **params):
    response = client.get("/accountability/monitoring/", params)
    assert response.status_code == 200, response.content.decode()[:500]
    return response


def test_pushes_turn_yellow_a_working_day_before_and_red_when_late(decided, inspector_client):
    decided()
    with time_machine.travel(TUESDAY, tick=False):
        rows = [r for r in _page(inspector_client).context["page"] if r.kind == "push"]
        assert [r.colour for r in rows] == ["", ""]
    with time_machine.travel(WEDNESDAY, tick=False):
        response = _page(inspector_client)
        rows = [r for r in response.context["page"] if r.kind == "push"]
        assert [r.colour for r in rows] == ["yellow", "yellow"]
        assert response.context["counts"]["push"]["yellow"] == 2
    with time_machine.travel(FRIDAY, tick=False):
        response = _page(inspector_client)
        html = response.content.decode()
        assert html.count('data-kind="push" data-colour="red"') == 2
        assert response.context["counts"]["push"]["red"] == 2


def test_filters_by_kind_department_and_colour(decided, inspector_client, two_departments):
    decided()
    with time_machine.travel(FRIDAY, tick=False):
        page = _page(inspector_client, kind="push", department="health").context["page"]
        assert [(r.kind, r.department_name) for r in page] == [("push", "县卫生健康局")]
        assert not list(_page(inspector_client, kind="report").context["page"])
        assert len(list(_page(inspector_client, colour="red", kind="push").context["page"])) == 2


@pytest.mark.parametrize(
    "params",
    [{"kind": "nope"}, {"department": "nowhere"}, {"item": "a\x00b"}, {"person": "ghost"}],
)
def test_bad_filters_are_a_chinese_400(inspector_client, params):
    response = inspector_client.get("/accountability/monitoring/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<p class="error">' in html or "控制字符" in html


def test_only_inspectors_see_the_monitoring_page(client, liaison, clerk):
    for user in (liaison, clerk):
        client.force_login(user)
        assert client.get("/accountability/monitoring/").status_code == 403


def test_one_query_per_kind_whatever_the_number_of_rows(decided, inspector_client):
    # session, user, groups (role check), one query per kind with rows (application, push,
    # report, case, remedy, follow-up, complaint), two for the calendar, the unread count of the
    # layout, the departments of the filter's select
    decided()
    with time_machine.travel(WEDNESDAY, tick=False):
        with exact_queries(14):
            _page(inspector_client)
        decided(at=datetime.datetime(2026, 6, 1, 11, tzinfo=SHANGHAI))
        decided(at=datetime.datetime(2026, 6, 1, 12, tzinfo=SHANGHAI))
        with exact_queries(14):
            assert (
                len([r for r in _page(inspector_client).context["page"] if r.kind == "push"]) == 6
            )


# --- warnings ---------------------------------------------------------------------------------


def test_a_yellow_push_warns_its_departments_liaisons_once(decided, liaison_health, make_user):
    decided()
    with time_machine.travel(TUESDAY, tick=False):
        assert send_deadline_warnings() == 0  # two working days left: nothing yet
    with time_machine.travel(WEDNESDAY, tick=False):
        assert send_deadline_warnings() == 2
        assert send_deadline_warnings() == 0  # once only
    notes = Notification.objects.filter(recipient=liaison_health, subject__startswith="期限预警")
    assert notes.count() == 1
    assert "期限预警" in notes.get().subject
    assert DeadlineWarning.objects.filter(kind="push").count() == 2


def test_a_deadline_that_moves_is_warned_again(decided, liaison_health):
    decided()
    with time_machine.travel(WEDNESDAY, tick=False):
        assert send_deadline_warnings() == 2
        push = Push.objects.get(department__code="health")
        moved = workdays.end_of_day(datetime.date(2026, 6, 3))
        Push.objects.filter(pk=push.pk).update(claim_deadline=moved)
        assert send_deadline_warnings() == 1
    assert DeadlineWarning.objects.filter(object_id=push.pk).count() == 2


def test_the_beat_task_is_registered_under_its_schedule_name_and_sends(decided, liaison_health):
    import accountability.tasks  # noqa: F401 (what the worker imports)
    from config.celery import app

    task = app.tasks["accountability.send_deadline_warnings"]
    decided()
    with time_machine.travel(WEDNESDAY, tick=False):
        assert task.apply().get() == 2
        assert task.apply().get() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_warn_once(calendar_data, decided_tx, liaison_health):
    from tests.threads import run_together

    decided_tx()
    # The real clock: find the moment the pushes are yellow (the working day before).
    push = Push.objects.filter(department__code="health").get()
    day = push.claim_deadline.astimezone(workdays.TZ).date()
    now = datetime.datetime.combine(day, datetime.time(8), tzinfo=SHANGHAI)
    results = run_together([lambda: send_deadline_warnings(now=now)] * 4)
    assert [r[0] for r in results] == ["ok"] * 4, results
    assert sum(r[1] for r in results) == 2
    assert DeadlineWarning.objects.count() == 2
    assert (
        Notification.objects.filter(
            recipient=liaison_health, subject__startswith="期限预警"
        ).count()
        == 1
    )
