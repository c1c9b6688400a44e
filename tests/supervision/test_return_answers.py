"""Issue 12: the bureau answers a return by re-routing it, by rejecting it (back to the same
department with a reason and a fresh claim deadline, counted by the one deadline function) or
by closing it (with a reason). Allowed and refused by role and state; pages and API alike."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import Role
from supervision import services
from supervision.models import Notification, Push, WebhookDelivery, WebhookEndpoint
from supervision.services.deadlines import claim_deadline_from
from tests.api.conftest import assert_error
from tests.factories import DepartmentFactory
from tests.flows import SHANGHAI
from workdays import services as workdays

pytestmark = pytest.mark.django_db

MONDAY = datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI)
# The return is answered on Friday 5 June: the fresh deadline is the end of Wednesday 10 June.
FRIDAY = datetime.datetime(2026, 6, 5, 15, tzinfo=SHANGHAI)


@pytest.fixture
def market_liaison(make_user, two_departments):
    return make_user("liaison_market", Role.LIAISON, department=two_departments[0])


@pytest.fixture
def returned(decided, market_liaison):
    decision = decided(at=MONDAY)
    push = Push.objects.get(decision=decision, department__code="market")
    with time_machine.travel(MONDAY + datetime.timedelta(hours=2), tick=False):
        services.return_push(push_id=push.pk, user=market_liaison, reason="非本部门监管")
    push.refresh_from_db()
    return push


@pytest.fixture
def friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


# --- reject: back to the same department ---------------------------------------------------------


def test_reject_sends_it_back_to_the_same_department_with_a_fresh_deadline(
    returned, approver, market_liaison, friday
):
    first_deadline = returned.claim_deadline
    push = services.reject_return(push_id=returned.pk, actor=approver, reason="属于贵局监管")
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED and push.department.code == "market"
    assert push.return_answer == "rejected" and push.return_answer_reason == "属于贵局监管"
    assert push.return_answered_by == approver
    assert push.repushed_at == FRIDAY and push.pushed_at < FRIDAY  # the first push kept
    expected = workdays.deadline_after(FRIDAY, 3)
    assert push.claim_deadline == expected.at == claim_deadline_from(FRIDAY).at
    assert timezone_date(push.claim_deadline) == datetime.date(2026, 6, 10)
    assert push.claim_deadline > first_deadline
    assert not push.is_overdue_at(FRIDAY)
    # The liaison can claim it again, in time.
    claimed = services.claim_push(push_id=push.pk, user=market_liaison)
    assert claimed.status == Push.Status.CLAIMED and not claimed.late


def timezone_date(value):
    from django.utils import timezone

    return timezone.localtime(value).date()


def test_reject_tells_the_liaisons_and_the_department_systems_again(
    returned, approver, market_liaison, two_departments, friday
):
    WebhookEndpoint.objects.create(
        department=two_departments[0], url="http://127.0.0.1:9/hook", secret="s"
    )
    services.reject_return(push_id=returned.pk, actor=approver, reason="属于贵局监管")
    note = Notification.objects.filter(recipient=market_liaison).latest("pk")
    assert "退回未被采纳" in note.subject and "属于贵局监管" in note.body
    assert note.link == reverse("supervision:push_detail", args=[returned.pk])
    delivery = WebhookDelivery.objects.get(push=returned)
    assert delivery.event == "push.created"


def test_reject_and_close_are_audited(returned, approver, decided, market_liaison, friday):
    from audit.services import events_for

    services.reject_return(push_id=returned.pk, actor=approver, reason="属于贵局监管")
    event = events_for(returned).filter(action="reject_return").get()
    assert (event.before, event.after, event.note) == ("returned", "pushed", "属于贵局监管")
    services.return_push(push_id=returned.pk, user=market_liaison, reason="仍不属于")
    services.close_return(push_id=returned.pk, actor=approver, reason="误推送")
    event = events_for(returned).filter(action="close_return").get()
    assert (event.before, event.after, event.note) == ("returned", "closed", "误推送")


def test_close_ends_the_push_with_the_reason(returned, clerk, market_liaison, friday):
    push = services.close_return(push_id=returned.pk, actor=clerk, reason="重复推送")
    push.refresh_from_db()
    assert push.status == Push.Status.CLOSED and push.return_answer == "closed"
    assert push.return_answer_reason == "重复推送" and push.repushed_at is None
    assert Notification.objects.filter(recipient=market_liaison, subject__contains="已关闭")


# --- refused -------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", [services.reject_return, services.close_return])
@pytest.mark.parametrize("role", [Role.LIAISON, Role.INSPECTOR, Role.REVIEWER, Role.CATALOG_ADMIN])
def test_only_the_bureau_answers_a_return(returned, make_user, service, role):
    user = make_user(f"u_{role}", role)
    with pytest.raises(NotAllowed):
        service(push_id=returned.pk, actor=user, reason="x")


@pytest.mark.parametrize("service", [services.reject_return, services.close_return])
def test_a_push_that_is_not_returned_is_409(decided, approver, service):
    push = Push.objects.filter(decision=decided()).first()
    with pytest.raises(InvalidTransition) as exc:
        service(push_id=push.pk, actor=approver, reason="x")
    assert exc.value.code == "not_returned"


@pytest.mark.parametrize("service", [services.reject_return, services.close_return])
def test_a_rerouted_return_cannot_be_answered_again(returned, approver, service):
    other = DepartmentFactory(code="env", name="县生态环境分局")
    services.reroute_push(push_id=returned.pk, actor=approver, department=other)
    with pytest.raises(InvalidTransition):
        service(push_id=returned.pk, actor=approver, reason="x")


def test_an_answered_return_cannot_be_rerouted_or_answered_twice(returned, approver):
    services.close_return(push_id=returned.pk, actor=approver, reason="误推送")
    other = DepartmentFactory(code="env", name="县生态环境分局")
    with pytest.raises(InvalidTransition):
        services.reroute_push(push_id=returned.pk, actor=approver, department=other)
    with pytest.raises(InvalidTransition):
        services.reject_return(push_id=returned.pk, actor=approver, reason="x")


@pytest.mark.parametrize("reason", ["", "   ", "\u200b", "理由\x00", "长" * 2001])
@pytest.mark.parametrize("service", [services.reject_return, services.close_return])
def test_a_reason_is_required_and_clean(returned, approver, service, reason):
    with pytest.raises(InvalidInput):
        service(push_id=returned.pk, actor=approver, reason=reason)
    returned.refresh_from_db()
    assert returned.status == Push.Status.RETURNED


def test_a_missing_push_is_404(approver):
    with pytest.raises(NotFound):
        services.reject_return(push_id=999999, actor=approver, reason="x")


# --- pages ---------------------------------------------------------------------------------------


def test_the_returned_page_offers_reject_and_close(client, returned, approver):
    client.force_login(approver)
    html = client.get(reverse("supervision:returned")).content.decode()
    assert reverse("supervision:push_reject_return", args=[returned.pk]) in html
    assert reverse("supervision:push_close_return", args=[returned.pk]) in html
    assert 'data-testid="decision-kind">准予行政许可<' in html


def test_rejecting_from_the_page(client, returned, clerk, friday):
    client.force_login(clerk)
    url = reverse("supervision:push_reject_return", args=[returned.pk])
    response = client.post(url, {"reason": "属于贵局监管"}, follow=True)
    assert response.status_code == 200
    assert "已驳回退回" in response.content.decode()
    returned.refresh_from_db()
    assert returned.status == Push.Status.PUSHED
    # A double submit: the second is refused with a message, nothing changes.
    response = client.post(url, {"reason": "属于贵局监管"}, follow=True)
    assert response.status_code == 200
    assert "不是待处理的退回" in response.content.decode()


def test_closing_from_the_page_without_a_reason_is_a_message(client, returned, approver):
    client.force_login(approver)
    url = reverse("supervision:push_close_return", args=[returned.pk])
    response = client.post(url, {"reason": "  "}, follow=True)
    assert "请说明理由" in response.content.decode()
    returned.refresh_from_db()
    assert returned.status == Push.Status.RETURNED
    client.post(url, {"reason": "误推送"})
    returned.refresh_from_db()
    assert returned.status == Push.Status.CLOSED


def test_the_pages_refuse_other_roles_and_get(client, returned, market_liaison, approver):
    client.force_login(market_liaison)
    url = reverse("supervision:push_reject_return", args=[returned.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(approver)
    assert client.get(url).status_code == 405
    missing = reverse("supervision:push_close_return", args=[999999])
    assert client.post(missing, {"reason": "x"}).status_code == 404


def test_the_push_page_shows_the_answer(client, returned, approver, market_liaison, friday):
    services.reject_return(push_id=returned.pk, actor=approver, reason="属于贵局监管")
    client.force_login(market_liaison)
    html = client.get(reverse("supervision:push_detail", args=[returned.pk])).content.decode()
    assert 'data-testid="return-answer"' in html and "属于贵局监管" in html


# --- API -----------------------------------------------------------------------------------------


def _url(push, action):
    return f"/api/v1/pushes/{push.pk}/{action}/"


def test_api_reject_return(api, returned, approver, friday):
    response = api.as_user(approver).post(
        _url(returned, "reject-return"), {"reason": "属于贵局监管"}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "pushed" and body["return_answer"] == "rejected"
    assert body["repushed_at"].startswith("2026-06-05T15:00")
    assert body["claim_deadline"].startswith("2026-06-10T23:59")
    assert "*" in body["holder_id_number"]  # masked, as every list form
    again = api.as_user(approver).post(
        _url(returned, "reject-return"), {"reason": "x"}, format="json"
    )
    assert_error(again, 409, "not_returned")


def test_api_close_return(api, returned, clerk):
    response = api.as_user(clerk).post(
        _url(returned, "close-return"), {"reason": "误推送"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"


@pytest.mark.parametrize("action", ["reject-return", "close-return"])
def test_api_refusals(api, returned, market_liaison, inspector, approver, action):
    assert_error(
        api.as_user(market_liaison).post(_url(returned, action), {"reason": "x"}, format="json"),
        403,
        "permission_denied",
    )
    assert_error(
        api.as_user(inspector).post(_url(returned, action), {"reason": "x"}, format="json"),
        403,
        "permission_denied",
    )
    client = api.as_user(approver)
    assert_error(
        client.post(f"/api/v1/pushes/999999/{action}/", {"reason": "x"}, format="json"),
        404,
        "not_found",
    )
    assert_error(
        client.post(_url(returned, action), {"reason": ""}, format="json"), 400, "reason_required"
    )
    bad = client.post(_url(returned, action), {"reason": "a\x07b"}, format="json")
    assert bad.status_code == 400


def test_api_unauthenticated_is_401(client, returned):
    response = client.post(_url(returned, "reject-return"), {"reason": "x"})
    assert response.status_code == 401
