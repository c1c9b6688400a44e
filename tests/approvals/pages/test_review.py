"""Review on the application page: start review, the opinion, special procedures."""

import pytest

from approvals.models import Application
from tests.approvals.pages.helpers import (
    action_url,
    detail_url,
    logged_in,
    messages_of,
)

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- review, special procedures, decision --------------------------------------------------------


def test_start_review_then_review_with_site_inspection(client, reviewer, accepted):
    app = accepted()
    c = logged_in(client, reviewer)
    assert c.post(action_url(app, "start-review")).status_code == 302
    response = c.post(
        action_url(app, "review"),
        {"opinion": "材料齐全", "recommendation": "approve", "site_inspection": "现场符合要求"},
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.REVIEWED and app.reviewed_by == reviewer


def test_review_without_a_site_inspection_record_is_refused_and_keeps_the_opinion(
    client, reviewer, accepted, version
):
    version.site_inspection = True
    version.save(update_fields=["site_inspection"])
    app = accepted()
    response = logged_in(client, reviewer).post(
        action_url(app, "review"),
        {"opinion": "这是很长的审查意见", "recommendation": "approve", "site_inspection": ""},
    )
    assert response.status_code == 400
    assert "该事项需现场踏勘,请填写踏勘记录。" in response.content.decode()
    assert "这是很长的审查意见" in response.content.decode()


def test_review_without_a_recommendation_is_a_field_error(client, reviewer, accepted):
    app = accepted()
    response = logged_in(client, reviewer).post(action_url(app, "review"), {"opinion": "好"})
    assert response.status_code == 400
    assert "请检查表单中标出的错误。" in messages_of(response)


def test_pause_and_resume_a_special_procedure(client, reviewer, accepted):
    app = accepted()
    c = logged_in(client, reviewer)
    assert (
        c.post(action_url(app, "pause"), {"kind": "expert_review", "note": "专家论证"}).status_code
        == 302
    )
    app.refresh_from_db()
    assert app.paused
    body = c.get(detail_url(app)).content.decode()
    assert "计时暂停" in body and "do-resume" in body and "do-review" not in body
    assert c.post(action_url(app, "resume"), {"note": "论证完毕"}).status_code == 302
    app.refresh_from_db()
    assert not app.paused
