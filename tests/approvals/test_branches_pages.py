"""The branches in the browser (Django test client): the send-back / withdraw / terminate forms
of the application page, the 退回重审 mark in the review queue, the 补正 deadline on the case
page, the not-transferred item in the window's picker, 即办件 一审一核 on the page."""

import pytest
from django.urls import reverse

from approvals import services
from approvals.models import Application
from core.roles import Role
from tests.approvals.pages.helpers import (
    action_url,
    detail_url,
    intake_data,
    logged_in,
    messages_of,
)
from tests.approvals.pages.test_lists import REVIEW_QUEUE_QUERIES
from tests.factories import DepartmentFactory, PublishedVersionFactory
from tests.queries import exact_queries

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


# --- 退回重审 ----------------------------------------------------------------------------------


def test_approver_sends_back_from_the_page_and_the_reviewer_sees_it_marked(
    client, approver, reviewer, reviewed
):
    app = reviewed()
    page = logged_in(client, approver).get(detail_url(app))
    assert 'data-testid="do-send-back"' in page.content.decode()
    response = client.post(action_url(app, "send-back"), {"reason": "请补充现场核查情况"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.UNDER_REVIEW
    queue = logged_in(client, reviewer).get(reverse("approvals:review_queue")).content.decode()
    assert 'data-testid="sent-back"' in queue and "请补充现场核查情况" in queue
    detail = client.get(detail_url(app)).content.decode()
    assert 'data-testid="sent-back-info"' in detail and "请补充现场核查情况" in detail


def test_send_back_without_a_reason_stays_on_the_page_with_a_message(client, approver, reviewed):
    app = reviewed()
    response = logged_in(client, approver).post(action_url(app, "send-back"), {"reason": "\u200b"})
    assert response.status_code == 400
    assert "退回重审必须说明理由。" in messages_of(response)
    app.refresh_from_db()
    assert app.status == S.REVIEWED


@pytest.mark.parametrize("who", ["clerk", "reviewer"])
def test_send_back_by_another_role_is_403(client, request, reviewed, who):
    app = reviewed()
    response = logged_in(client, request.getfixturevalue(who)).post(
        action_url(app, "send-back"), {"reason": "x"}
    )
    assert response.status_code == 403


def test_the_review_queue_keeps_its_exact_queries_with_sent_back_cases(
    client, approver, reviewer, reviewed
):
    for _ in range(3):
        app = reviewed()
        services.send_back(application_id=app.pk, approver=approver, reason="重审")
    c = logged_in(client, reviewer)
    with exact_queries(REVIEW_QUEUE_QUERIES):
        response = c.get(reverse("approvals:review_queue"))
    assert response.content.decode().count('data-testid="sent-back"') == 3


# --- 撤回申请 / 终止 ---------------------------------------------------------------------------


def test_clerk_records_a_withdrawal_on_the_page(client, clerk, accepted):
    app = accepted()
    page = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert 'data-testid="do-withdraw"' in page and 'data-testid="do-terminate"' in page
    response = client.post(action_url(app, "withdraw"), {"reason": "申请人书面申请撤回"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN
    detail = client.get(detail_url(app)).content.decode()
    assert 'data-testid="closure"' in detail and "申请人书面申请撤回" in detail
    assert 'data-testid="do-withdraw"' not in detail


@pytest.mark.parametrize("reason", ["", "   ", "\u200b\u200d", "长" * 2001])
def test_withdraw_with_a_bad_reason_is_refused_on_the_page(client, clerk, accepted, reason):
    app = accepted()
    response = logged_in(client, clerk).post(action_url(app, "withdraw"), {"reason": reason})
    assert response.status_code == 400
    assert messages_of(response)
    app.refresh_from_db()
    assert app.status == S.ACCEPTED


@pytest.mark.parametrize("reason", ["撤回\x00", "\x07", "a\x1bb"])
def test_control_characters_in_a_reason_are_400_never_500(client, clerk, accepted, reason):
    app = accepted()
    response = logged_in(client, clerk).post(action_url(app, "withdraw"), {"reason": reason})
    assert response.status_code == 400
    app.refresh_from_db()
    assert app.status == S.ACCEPTED


def test_approver_terminates_on_the_page(client, approver, reviewed):
    app = reviewed()
    response = logged_in(client, approver).post(
        action_url(app, "terminate"), {"reason": "申请单位已注销"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.TERMINATED


def test_reviewer_may_not_terminate_nor_withdraw(client, reviewer, accepted):
    app = accepted()
    c = logged_in(client, reviewer)
    assert c.post(action_url(app, "terminate"), {"reason": "x"}).status_code == 403
    assert c.post(action_url(app, "withdraw"), {"reason": "x"}).status_code == 403
    assert 'data-testid="do-terminate"' not in c.get(detail_url(app)).content.decode()


def test_withdrawing_a_decided_case_is_409_on_the_page(client, clerk, approver, reviewed):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    response = logged_in(client, clerk).post(action_url(app, "withdraw"), {"reason": "撤回"})
    assert response.status_code == 409
    app.refresh_from_db()
    assert app.status == S.APPROVED


def test_a_double_submitted_withdrawal_closes_once(client, clerk, accepted):
    app = accepted()
    c = logged_in(client, clerk)
    assert c.post(action_url(app, "withdraw"), {"reason": "撤回"}).status_code == 302
    assert c.post(action_url(app, "withdraw"), {"reason": "撤回"}).status_code == 409


def test_get_on_a_branch_action_is_405(client, clerk, accepted):
    app = accepted()
    assert logged_in(client, clerk).get(action_url(app, "withdraw")).status_code == 405


# --- the 补正 deadline on the case page ----------------------------------------------------------


def test_the_case_page_shows_the_correction_deadline(client, clerk, submitted, materials):
    app = submitted(provided=[materials[0]])
    services.request_correction(application_id=app.pk, clerk=clerk, missing=[materials[1]])
    page = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert 'data-testid="correction-deadline"' in page and "2026-06-15" in page


# --- not transferred ---------------------------------------------------------------------------


@pytest.fixture
def water_item(db):
    water = DepartmentFactory(code="water", name="县水利局")
    version = PublishedVersionFactory(name="取水许可")
    version.transferred, version.handling_department = False, water
    version.save(update_fields=["transferred", "handling_department"])
    return version


def test_the_picker_says_an_item_is_not_transferred_before_anything_is_typed(
    client, clerk, water_item
):
    c = logged_in(client, clerk)
    listing = c.get(reverse("approvals:workbench")).content.decode()
    assert "未划转,由县水利局办理" in listing  # the datalist option
    found = c.get(reverse("approvals:workbench"), {"q": "取水"}).content.decode()
    assert 'data-testid="not-transferred-badge"' in found and "县水利局" in found
    picked = c.get(reverse("approvals:workbench"), {"item": water_item.item.code})
    body = picked.content.decode()
    assert 'data-testid="not-transferred"' in body and "县水利局" in body
    assert 'data-testid="intake-form"' not in body


def test_submitting_a_not_transferred_item_is_refused_naming_the_department(
    client, clerk, water_item
):
    response = logged_in(client, clerk).post(
        reverse("approvals:workbench"), intake_data(water_item)
    )
    assert response.status_code == 400
    assert any("县水利局" in m for m in messages_of(response))
    assert not Application.objects.exists()


# --- 即办件 一审一核 -----------------------------------------------------------------------------


def test_instant_item_accepted_and_decided_by_one_person_is_refused_on_the_page(
    client, make_user, version, applicant
):
    version.instant = True
    version.save(update_fields=["instant"])
    both = make_user("both", Role.WINDOW_CLERK, Role.APPROVER)
    app = services.submit(
        clerk=both,
        item_version=version,
        applicant=applicant,
        provided={m.pk: True for m in version.materials.all()},
    )
    services.accept(application_id=app.pk, clerk=both)
    response = logged_in(client, both).post(action_url(app, "decide"), {"decision": "approve"})
    assert response.status_code == 403
    assert "即办件的受理人与审批人不能为同一人(一审一核)。" in messages_of(response)
    app.refresh_from_db()
    assert app.status == S.ACCEPTED
