"""Push pages: claim / feedback / return with Chinese messages, the audited detail, department
isolation, the bureau's returned list and re-route."""

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from supervision.models import Push
from tests.factories import DepartmentFactory
from tests.flows import PERSON_ID
from tests.supervision.pages.helpers import INBOX, at, detail_url, messages_of

# --- claim, feedback, return ----------------------------------------------------------------------


def test_claim_from_the_inbox(as_liaison, push, liaison):
    with at(2026, 6, 2, 9):
        response = as_liaison.post(detail_url(push, "claim"), {"next": INBOX + "?tab=to_claim"})
    assert response.status_code == 302 and response["Location"] == INBOX + "?tab=to_claim"
    assert "已认领。处置后请反馈处置结果。" in messages_of(response)
    push.refresh_from_db()
    assert push.status == Push.Status.CLAIMED and push.claimed_by == liaison


def test_claim_ignores_an_outside_next_url(as_liaison, push):
    with at(2026, 6, 2, 9):
        response = as_liaison.post(detail_url(push, "claim"), {"next": "https://evil.test/"})
    assert response["Location"] == detail_url(push)


def test_second_claim_shows_already_claimed_in_chinese(as_liaison, push):
    with at(2026, 6, 2, 9):
        as_liaison.post(detail_url(push, "claim"))
        response = as_liaison.post(detail_url(push, "claim"), follow=True)
    assert "该推送已被认领。" in response.content.decode()


def test_late_claim_says_so(as_liaison, push):
    with at(2026, 6, 5, 9):
        response = as_liaison.post(detail_url(push, "claim"))
    assert any("逾期认领" in m for m in messages_of(response))


def test_claim_by_get_is_not_allowed(as_liaison, push):
    assert as_liaison.get(detail_url(push, "claim")).status_code == 405
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_feedback_after_claim(as_liaison, push):
    with at(2026, 6, 2, 9):
        as_liaison.post(detail_url(push, "claim"))
        page = as_liaison.get(detail_url(push)).content.decode()
        assert 'data-testid="feedback-form"' in page and 'data-testid="return-form"' not in page
        response = as_liaison.post(detail_url(push, "feedback"), {"note": "已纳入双随机抽查"})
    assert "处置结果已反馈。" in messages_of(response)
    push.refresh_from_db()
    assert push.status == Push.Status.FEEDBACK_GIVEN and push.feedback == "已纳入双随机抽查"


def test_blank_feedback_is_refused_in_chinese(as_liaison, push):
    with at(2026, 6, 2, 9):
        as_liaison.post(detail_url(push, "claim"))
        response = as_liaison.post(detail_url(push, "feedback"), {"note": "  "})
    assert response.status_code == 400
    assert "请填写处置结果。" in response.content.decode()


def test_feedback_before_claim_is_refused(as_liaison, push):
    response = as_liaison.post(detail_url(push, "feedback"), {"note": "x"}, follow=True)
    assert "不能执行此操作" in response.content.decode()


def test_return_needs_a_reason(as_liaison, push):
    response = as_liaison.post(detail_url(push, "return"), {"reason": ""})
    assert response.status_code == 400
    assert "退回必须说明理由。" in response.content.decode()
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_return_before_claim(as_liaison, push):
    response = as_liaison.post(detail_url(push, "return"), {"reason": "非本部门监管事项"})
    assert response["Location"] == INBOX + "?tab=returned"
    assert "已退回,审批局将改派到正确的部门。" in messages_of(response)
    push.refresh_from_db()
    assert push.status == Push.Status.RETURNED


def test_inspector_reads_but_has_no_claim_button(client, inspector, push):
    client.force_login(inspector)
    html = client.get(detail_url(push)).content.decode()
    assert 'data-testid="claim"' not in html
    assert client.post(detail_url(push, "claim")).status_code == 403


# --- detail and isolation -------------------------------------------------------------------------


def test_detail_shows_the_full_id_number_and_audits_it(as_liaison, push, liaison):
    response = as_liaison.get(detail_url(push))
    assert PERSON_ID in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="view_id_number", object_id=str(push.pk))
    assert event.actor == liaison and event.data["channel"] == "page"


@pytest.mark.parametrize("action", ["claim", "feedback", "return"])
def test_other_departments_liaison_gets_404_on_actions(client, liaison_other, push, action):
    client.force_login(liaison_other)
    response = client.post(detail_url(push, action), {"note": "x", "reason": "x"})
    assert response.status_code == 404
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_other_departments_liaison_gets_404_on_the_detail_page(client, liaison_other, push):
    client.force_login(liaison_other)
    response = client.get(detail_url(push))
    assert response.status_code == 404
    assert "不在您的办理范围内" in response.content.decode()
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_missing_push_is_404(as_liaison, push):
    assert as_liaison.get("/supervision/pushes/999999/").status_code == 404


# --- the bureau: returned pushes ------------------------------------------------------------------


@pytest.fixture
def returned_push(as_liaison, push):
    as_liaison.post(detail_url(push, "return"), {"reason": "应由文旅局监管"})
    push.refresh_from_db()
    return push


def test_bureau_sees_returned_pushes_and_reroutes(client, approver, returned_push, make_user):
    culture = DepartmentFactory(code="culture", name="县文化和旅游局")
    client.force_login(approver)
    html = client.get(reverse("supervision:returned")).content.decode()
    assert returned_push.decision_number in html and "应由文旅局监管" in html
    assert PERSON_ID not in html
    response = client.post(detail_url(returned_push, "reroute"), {"department": "culture"})
    assert any(m.startswith("已改派到 县文化和旅游局") for m in messages_of(response))
    new = Push.objects.get(rerouted_from=returned_push)
    assert new.department == culture and new.status == Push.Status.PUSHED
    # Gone from the queue once re-routed.
    assert new.decision_number not in client.get(reverse("supervision:returned")).content.decode()


def test_reroute_to_a_department_that_has_it_says_why(client, approver, returned_push):
    client.force_login(approver)
    response = client.post(
        detail_url(returned_push, "reroute"), {"department": "health"}, follow=True
    )
    assert "该部门已收到此推送。" in response.content.decode()


def test_reroute_without_department_says_so(client, approver, returned_push):
    client.force_login(approver)
    response = client.post(detail_url(returned_push, "reroute"), {}, follow=True)
    assert "请选择改派到的监管部门。" in response.content.decode()


def test_liaison_cannot_open_the_returned_queue(as_liaison, returned_push):
    assert as_liaison.get(reverse("supervision:returned")).status_code == 403
