"""Joint meetings (联席会议) and their tasks (议定事项): recorded by the approver, each task due
through the one calendar (National Day in between), finished by its owner once, flagged once by
the overdue job when late; a liaison sees only meetings their department attended or owns a task
of, on the pages and in the API."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accountability.models import OverdueRecord
from accountability.services import flag_overdue
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from supervision import formkeys
from supervision.models import Meeting, MeetingTask
from supervision.services import meetings as svc
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

# Wed 30 Sep 2026, before the National Day holiday (1–7 Oct; Sat 10 Oct is a working day).
SEP_30 = datetime.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI)


@pytest.fixture
def meeting(approver, two_departments):
    with time_machine.travel(SEP_30, tick=False):
        return svc.record_meeting(
            user=approver,
            kind="joint",
            title="2026年第三季度审管联席会议",
            held_at=SEP_30,
            place="审批局三楼会议室",
            attendees="审批局 张三;市场监管局 李四",
            minutes="通报第三季度审管衔接情况,议定以下事项。",
            department_codes=["market"],
            tasks=[
                {"text": "核查无证经营线索", "department": "market", "days": 3},
                {"text": "修订事项审管职责边界清单", "department": "", "days": "１０"},
            ],
        )


def _task(meeting, position):
    return meeting.tasks.get(position=position)


def test_each_tasks_deadline_is_counted_over_the_holiday_by_the_calendar(meeting):
    first, second = _task(meeting, 1), _task(meeting, 2)
    assert first.deadline.astimezone(SHANGHAI).date() == datetime.date(2026, 10, 10)
    assert (first.department.code, second.department) == ("market", None)
    assert second.days == 10
    assert second.deadline.astimezone(SHANGHAI).date() == datetime.date(2026, 10, 20)
    event = AuditEvent.objects.get(action="record_meeting")
    assert event.data == {"departments": ["market"], "tasks": 2}


def test_only_the_approver_records_a_meeting(clerk, liaison):
    for user in (clerk, liaison):
        with pytest.raises(NotAllowed):
            svc.record_meeting(user=user, kind="joint", title="会", held_at=SEP_30, minutes="纪要")
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "会\x00议"}, "title"),
        ({"title": ""}, "title"),
        ({"minutes": "x" * 20001}, "minutes"),
        ({"kind": "party"}, "kind"),
        ({"held_at": "2026-09-30"}, "held_at"),
        ({"held_at": datetime.datetime(2099, 1, 1, tzinfo=SHANGHAI)}, "held_at"),
        ({"department_codes": ["nowhere"]}, "departments"),
        ({"tasks": [{"text": "事项", "department": "market", "days": 0}]}, "tasks"),
        ({"tasks": [{"text": "事项", "department": "market", "days": 121}]}, "tasks"),
        ({"tasks": [{"text": "事项", "department": "market", "days": "١٠"}]}, "tasks"),
        ({"tasks": [{"text": "事项", "department": "market", "days": True}]}, "tasks"),
        ({"tasks": [{"text": "事项", "department": "nowhere", "days": 3}]}, "tasks"),
        ({"tasks": [{"text": "\x07", "department": "market", "days": 3}]}, "tasks"),
        ({"tasks": ["事项"]}, "tasks"),
        ({"tasks": [{"text": "事项", "days": 1}] * 51}, "tasks"),
    ],
)
def test_bad_input_is_refused_at_its_field_and_saves_nothing(
    approver, two_departments, changes, field
):
    fields = {
        "kind": "joint",
        "title": "联席会议",
        "held_at": SEP_30,
        "minutes": "纪要",
        "department_codes": ["market"],
        "tasks": [],
        **changes,
    }
    with pytest.raises(InvalidInput) as refused:
        svc.record_meeting(user=approver, **fields)
    assert field in refused.value.fields
    assert not Meeting.objects.exists() and not MeetingTask.objects.exists()


def test_the_owners_liaison_finishes_a_task_once(meeting, liaison):
    with time_machine.travel(SEP_30 + datetime.timedelta(days=2), tick=False):
        task = svc.finish_task(user=liaison, task_id=_task(meeting, 1).pk, note="已核查,立案1起")
    assert (task.done_by, task.done_late, task.done_note) == (liaison, False, "已核查,立案1起")
    with pytest.raises(InvalidTransition) as again:
        svc.finish_task(user=liaison, task_id=task.pk, note="再次")
    assert again.value.code == "task_done"


def test_a_liaison_may_not_finish_the_bureaus_task_and_another_department_sees_nothing(
    meeting, liaison, liaison_health
):
    with pytest.raises(NotAllowed):
        svc.finish_task(user=liaison, task_id=_task(meeting, 2).pk, note="代办")
    with pytest.raises(NotFound):
        svc.finish_task(user=liaison_health, task_id=_task(meeting, 1).pk, note="越权")
    with pytest.raises(NotFound):
        svc.access_meeting(liaison_health, meeting.pk)
    assert list(svc.meetings_for(liaison_health)) == []
    assert list(svc.meetings_for(liaison)) == [meeting]


def test_a_department_that_only_owns_a_task_sees_the_meeting(approver, liaison_health, meeting):
    with time_machine.travel(SEP_30, tick=False):
        other = svc.record_meeting(
            user=approver,
            kind="special",
            title="专题会议",
            held_at=SEP_30,
            minutes="纪要",
            tasks=[{"text": "卫生许可现场核查", "department": "health", "days": 2}],
        )
    assert list(svc.meetings_for(liaison_health)) == [other]


def test_a_late_task_is_flagged_once_by_the_overdue_job_and_its_finish_is_late(meeting, liaison):
    after = datetime.datetime(2026, 10, 12, 9, tzinfo=SHANGHAI)
    first = flag_overdue(as_of=after)
    second = flag_overdue(as_of=after + datetime.timedelta(hours=1))
    assert first.duties.get("meeting_task") == 1
    assert second.duties.get("meeting_task", 0) == 0
    record = OverdueRecord.objects.get(kind="meeting_task")
    assert record.object_id == _task(meeting, 1).pk
    assert record.department.code == "market"
    with time_machine.travel(after, tick=False):
        task = svc.finish_task(user=liaison, task_id=_task(meeting, 1).pk, note="已办结")
    assert task.done_late is True


def test_a_finished_task_is_not_flagged(meeting, liaison):
    svc.finish_task(user=liaison, task_id=_task(meeting, 1).pk, note="按期办结")
    assert svc.flag_overdue_tasks(datetime.datetime(2026, 10, 12, tzinfo=SHANGHAI)) == []


# --- API ----------------------------------------------------------------------------------------


def test_the_api_lists_and_details_what_the_liaison_may_see(api, meeting, liaison, liaison_health):
    client = api.as_user(liaison)
    listed = client.get("/api/v1/meetings/").json()["results"]
    assert [row["id"] for row in listed] == [meeting.pk]
    detail = client.get(f"/api/v1/meetings/{meeting.pk}/").json()
    assert [t["text"] for t in detail["tasks"]] == ["核查无证经营线索", "修订事项审管职责边界清单"]
    assert detail["tasks"][1]["department"] is None
    other = api.as_user(liaison_health)
    assert other.get("/api/v1/meetings/").json()["results"] == []
    assert other.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 404


def test_the_api_finishes_a_task_then_answers_409(api, meeting, liaison, liaison_health):
    task = _task(meeting, 1)
    url = f"/api/v1/meeting-tasks/{task.pk}/done/"
    assert api.as_user(liaison_health).post(url, {"note": "x"}, format="json").status_code == 404
    client = api.as_user(liaison)
    assert client.post(url, {"note": "a\x00b"}, format="json").status_code == 400
    response = client.post(url, {"note": "已核查"}, format="json")
    assert response.status_code == 200 and response.json()["done_note"] == "已核查"
    again = client.post(url, {"note": "已核查"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "task_done")


def test_the_api_refuses_other_roles(api, meeting, clerk, make_user):
    assert api.as_user(clerk).get("/api/v1/meetings/").status_code == 403
    task = _task(meeting, 1)
    response = api.as_user(clerk).post(f"/api/v1/meeting-tasks/{task.pk}/done/", {"note": "x"})
    assert response.status_code == 403


def test_the_list_keeps_its_query_count_as_meetings_grow(
    api, approver, inspector, two_departments, django_assert_num_queries
):
    client = api.as_user(inspector)

    def record(n):
        for i in range(n):
            with time_machine.travel(SEP_30, tick=False):
                svc.record_meeting(
                    user=approver,
                    kind="regular",
                    title=f"例会{i}",
                    held_at=SEP_30,
                    minutes="纪要",
                    department_codes=["market", "health"],
                )

    record(1)
    with django_assert_num_queries(5) as one:
        client.get("/api/v1/meetings/")
    record(5)
    with django_assert_num_queries(len(one.captured_queries)):
        assert len(client.get("/api/v1/meetings/").json()["results"]) == 6


# --- pages --------------------------------------------------------------------------------------


def test_the_approver_records_a_meeting_on_the_page_once(client, approver, two_departments):
    client.force_login(approver)
    assert client.get(reverse("supervision:meeting_new")).status_code == 200
    data = {
        "once": formkeys.issue(approver, svc.MEETING_FORM),
        "kind": "joint",
        "title": "审管联席会议",
        "held_at": "2026-11-30T09:30",
        "minutes": "议定两项",
        "departments": ["market"],
        "task_1_text": "开展联合检查",
        "task_1_department": "market",
        "task_1_days": "5",
        "task_2_text": "通报结果",
        "task_2_department": "bureau",
        "task_2_days": "",
    }
    refused = client.post(reverse("supervision:meeting_new"), data)
    assert refused.status_code == 400 and "请填写办理时限" in refused.content.decode()
    data["task_2_days"] = "3"
    created = client.post(reverse("supervision:meeting_new"), data)
    meeting = Meeting.objects.get()
    assert created.status_code == 302
    assert created["Location"] == reverse("supervision:meeting_detail", args=[meeting.pk])
    assert meeting.tasks.count() == 2
    again = client.post(reverse("supervision:meeting_new"), data)
    assert again.status_code == 302 and Meeting.objects.count() == 1


def test_the_detail_page_lets_the_owner_finish_and_hides_it_from_others(
    client, meeting, liaison, liaison_health
):
    url = reverse("supervision:meeting_detail", args=[meeting.pk])
    client.force_login(liaison_health)
    assert client.get(url).status_code == 404
    task = _task(meeting, 1)
    done = reverse("supervision:meeting_task_done", args=[task.pk])
    assert client.post(done, {"note": "越权"}).status_code == 404
    client.force_login(liaison)
    page = client.get(url).content.decode()
    assert "核查无证经营线索" in page and 'data-testid="done-form-1"' in page
    assert 'data-testid="done-form-2"' not in page  # the bureau's own task
    assert client.post(done, {"note": "已核查"}).status_code == 302
    assert "已核查" in client.get(url).content.decode()
    list_page = client.get(reverse("supervision:meetings")).content.decode()
    assert "2026年第三季度审管联席会议" in list_page
