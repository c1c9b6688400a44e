"""The liaison's inbox: access, tabs and counts, the working-day countdown."""

import datetime

import pytest

from supervision.models import Push
from tests.flows import PERSON_ID, SHANGHAI, approve_permit
from tests.supervision.pages.helpers import INBOX, at
from workdays.services import working_days_between, working_days_from

# --- access ---------------------------------------------------------------------------------------


def test_inbox_needs_login(client):
    response = client.get(INBOX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role_user", ["clerk", "approver", "reviewer"])
def test_bureau_roles_get_403_on_the_inbox(request, client, role_user):
    client.force_login(request.getfixturevalue(role_user))
    assert client.get(INBOX).status_code == 403


# --- inbox ----------------------------------------------------------------------------------------


def test_inbox_lists_the_departments_push_to_claim_with_tab_counts(as_liaison, push, other_push):
    with at(2026, 6, 1, 11):
        response = as_liaison.get(INBOX)
    html = response.content.decode()
    assert response.status_code == 200
    assert dict((key, count) for key, _label, count in response.context["tabs"]) == {
        "to_claim": 1,
        "claimed": 0,
        "to_feedback": 0,
        "feedback": 0,
        "overdue": 0,
        "returned": 0,
    }
    assert [p.pk for p in response.context["rows"]] == [push.pk]
    assert push.decision_number in html
    assert "待认领" in html and "已认领" in html and "已逾期" in html and "已退回" in html
    # The list masks the ID number.
    assert "440305********1236" in html and PERSON_ID not in html


@pytest.mark.parametrize(
    "moment, text",
    [
        ((2026, 6, 1, 11), "剩余 3 个工作日"),
        ((2026, 6, 3, 9), "剩余 1 个工作日"),
        ((2026, 6, 4, 18), "今日到期"),
        ((2026, 6, 5, 9), "已逾期 1 个工作日"),
        ((2026, 6, 8, 9), "已逾期 2 个工作日"),
    ],
)
def test_countdown_in_working_days(as_liaison, push, moment, text):
    with at(*moment):
        html = as_liaison.get(INBOX).content.decode()
    assert text in html


def test_overdue_push_is_in_the_overdue_tab_in_red(as_liaison, push):
    with at(2026, 6, 5, 9):
        response = as_liaison.get(INBOX, {"tab": "overdue"})
    assert [p.pk for p in response.context["rows"]] == [push.pk]
    assert response.context["rows"][0].countdown["css"] == "late"
    assert 'class="badge late"' in response.content.decode()


def test_countdown_over_the_national_day_holidays(
    as_liaison, clerk, reviewer, approver, department
):
    # Pushed Wednesday 30 Sept 2026: 1–7 Oct are holidays (the seeded official calendar),
    # Thursday 8 and Friday 9 work, and Saturday 10 Oct is a make-up working day: the deadline.
    approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department],
        at=datetime.datetime(2026, 9, 30, 10, tzinfo=SHANGHAI),
    )
    push = Push.objects.get()
    assert push.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2026, 10, 10)
    with at(2026, 10, 5, 10):
        assert "剩余 3 个工作日" in as_liaison.get(INBOX).content.decode()
    with at(2026, 10, 9, 10):
        assert "剩余 1 个工作日" in as_liaison.get(INBOX).content.decode()
    with at(2026, 10, 10, 10):  # the make-up Saturday
        assert "今日到期" in as_liaison.get(INBOX).content.decode()
    with at(2026, 10, 12, 10):  # Sunday 11 does not count
        assert "已逾期 1 个工作日" in as_liaison.get(INBOX).content.decode()


def test_countdown_counts_the_make_up_sunday(as_liaison, clerk, reviewer, approver, department):
    # Pushed Friday 18 Sept 2026: Sunday 20 Sept is a working day, the deadline Tuesday 22.
    approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department],
        at=datetime.datetime(2026, 9, 18, 10, tzinfo=SHANGHAI),
    )
    assert Push.objects.get().claim_deadline.astimezone(SHANGHAI).date() == datetime.date(
        2026, 9, 22
    )
    with at(2026, 9, 19, 10):
        assert "剩余 3 个工作日" in as_liaison.get(INBOX).content.decode()


@pytest.mark.django_db
def test_batched_countdown_agrees_with_the_calendar_service():
    today = datetime.date(2026, 9, 25)
    dates = [today + datetime.timedelta(days=n) for n in range(-40, 41)]
    distance = working_days_from(today, dates)
    for day in dates:
        expected = (
            working_days_between(today, day) if day >= today else -working_days_between(day, today)
        )
        assert distance[day] == expected, day


def test_unknown_tab_falls_back_to_to_claim(as_liaison, push):
    assert as_liaison.get(INBOX, {"tab": "<script>"}).context["current"] == "to_claim"
