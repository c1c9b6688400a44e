"""Every text people type in supervision has a limit that fits its use, read from the model by
the forms, the serializers (and so the schema) and the services; text is normalised (zero-width
characters gone) before it is checked, so invisible-only text is "required". Over-long or
invisible: a Chinese form error or 400 `invalid` / the field's required code with `fields`, never
a 500 and never stored (both databases: PostgreSQL would also refuse a NUL)."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from supervision import models as m
from supervision.models import Push, SupervisionReport
from tests.api.conftest import client_for
from tests.flows import SHANGHAI, approve_permit

pytestmark = pytest.mark.django_db
WEDNESDAY = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
INVISIBLE = "\u200b\u200d\ufeff\u3000 "  # zero-width space and joiner, BOM, ideographic space


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def decision(clerk, reviewer, approver, department):
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )


@pytest.fixture
def push(decision):
    return decision.pushes.get()


def _report_body(permit_, **overrides):
    return {
        "permit": permit_.number,
        "kind": "penalty",
        "decision_number": "示市监罚〔2026〕12号",
        "decision_date": "2026-06-08",
        "summary": "未按规定公示许可证件。",
        **overrides,
    }


def test_the_limits_are_declared_on_the_models():
    assert Push._meta.get_field("feedback").max_length == m.FEEDBACK_MAX
    assert Push._meta.get_field("return_reason").max_length == m.RETURN_REASON_MAX
    assert SupervisionReport._meta.get_field("summary").max_length == m.SUMMARY_MAX
    assert SupervisionReport._meta.get_field("decision_number").max_length == 60


# --- the API --------------------------------------------------------------------------------------

API_CASES = [
    # (action, field, limit)
    ("feedback", "note", m.FEEDBACK_MAX),
    ("return", "reason", m.RETURN_REASON_MAX),
]


@pytest.mark.parametrize(("action", "field", "limit"), API_CASES)
def test_an_over_long_push_text_is_400_with_the_field(liaison, push, action, field, limit):
    api = client_for(liaison)
    if action == "feedback":
        api.post(f"/api/v1/pushes/{push.pk}/claim/")
    response = api.post(
        f"/api/v1/pushes/{push.pk}/{action}/", {field: "长" * (limit + 1)}, format="json"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"]
    assert str(limit) in body["fields"][field][0]
    push.refresh_from_db()
    assert not push.feedback and not push.return_reason


@pytest.mark.parametrize(
    ("action", "field", "code"),
    [("feedback", "note", "note_required"), ("return", "reason", "reason_required")],
)
def test_an_invisible_push_text_is_refused_as_missing(liaison, push, action, field, code):
    api = client_for(liaison)
    if action == "feedback":
        api.post(f"/api/v1/pushes/{push.pk}/claim/")
    response = api.post(f"/api/v1/pushes/{push.pk}/{action}/", {field: INVISIBLE}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == code and field in response.json()["fields"]


def test_a_push_text_is_stored_normalised_and_at_its_limit(liaison, push):
    api = client_for(liaison)
    api.post(f"/api/v1/pushes/{push.pk}/claim/")
    note = "\u200b" + "长" * m.FEEDBACK_MAX + "\u3000"
    response = api.post(f"/api/v1/pushes/{push.pk}/feedback/", {"note": note}, format="json")
    assert response.status_code == 200, response.content
    push.refresh_from_db()
    assert push.feedback == "长" * m.FEEDBACK_MAX


@pytest.mark.parametrize(
    ("field", "limit"),
    [("summary", m.SUMMARY_MAX), ("decision_number", 60), ("permit", 30)],
)
def test_an_over_long_report_text_is_400(liaison, decision, at_wednesday, field, limit):
    body = _report_body(decision.permit, **{field: "长" * (limit + 1)})
    response = client_for(liaison).post("/api/v1/supervision-reports/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    assert not SupervisionReport.objects.exists()


@pytest.mark.parametrize("field", ["summary", "decision_number", "permit"])
@pytest.mark.parametrize("content_type", ["json", "multipart"])
def test_an_invisible_report_text_is_400(liaison, decision, at_wednesday, field, content_type):
    body = _report_body(decision.permit, **{field: INVISIBLE})
    response = client_for(liaison).post("/api/v1/supervision-reports/", body, format=content_type)
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    assert not SupervisionReport.objects.exists()


def test_a_control_character_in_a_multipart_report_is_400(liaison, decision, at_wednesday):
    body = _report_body(decision.permit, summary="罚款\x00 2000 元")
    response = client_for(liaison).post("/api/v1/supervision-reports/", body, format="multipart")
    assert response.status_code == 400, response.content
    assert "summary" in response.json()["fields"]
    assert not SupervisionReport.objects.exists()


@pytest.fixture
def claimed_report(liaison, clerk, decision, at_wednesday):
    response = client_for(liaison).post(
        "/api/v1/supervision-reports/", _report_body(decision.permit), format="json"
    )
    report_id = response.json()["id"]
    client_for(clerk).post(f"/api/v1/supervision-reports/{report_id}/claim/")
    return report_id


@pytest.mark.parametrize(
    ("field", "limit"), [("reason", m.FOLLOW_UP_REASON_MAX), ("content", m.FOLLOW_UP_CONTENT_MAX)]
)
def test_an_over_long_follow_up_text_is_400(approver, claimed_report, field, limit):
    body = {"kind": "revoke", "reason": "以欺骗手段取得许可", field: "长" * (limit + 1)}
    response = client_for(approver).post(
        f"/api/v1/supervision-reports/{claimed_report}/follow-up/", body, format="json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid" and field in response.json()["fields"]
    assert SupervisionReport.objects.get(pk=claimed_report).status == "claimed"


def test_an_invisible_follow_up_reason_is_reason_required(approver, claimed_report):
    response = client_for(approver).post(
        f"/api/v1/supervision-reports/{claimed_report}/follow-up/",
        {"kind": "revoke", "reason": INVISIBLE},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "reason_required"


def test_the_schema_states_the_limits():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]

    def limit(name, field):
        return schema[f"{name}Request"]["properties"][field]["maxLength"]

    assert limit("Feedback", "note") == m.FEEDBACK_MAX
    assert limit("Return", "reason") == m.RETURN_REASON_MAX
    assert limit("ReportCreate", "summary") == m.SUMMARY_MAX
    assert limit("ReportCreate", "permit") == m.PERMIT_NUMBER_MAX
    assert limit("FollowUp", "reason") == m.FOLLOW_UP_REASON_MAX
    assert limit("FollowUp", "content") == m.FOLLOW_UP_CONTENT_MAX


# --- the pages ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "field", "limit"),
    [("feedback", "note", m.FEEDBACK_MAX), ("return", "reason", m.RETURN_REASON_MAX)],
)
def test_an_over_long_push_text_is_a_chinese_form_error(
    client, liaison, push, action, field, limit
):
    client.force_login(liaison)
    if action == "feedback":
        client.post(reverse("supervision:push_claim", args=[push.pk]))
    response = client.post(
        reverse(f"supervision:push_{action}", args=[push.pk]), {field: "长" * (limit + 1)}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert f"最多 {limit} 个字符(当前 {limit + 1} 个)。" in html
    push.refresh_from_db()
    assert not push.feedback and not push.return_reason


def test_an_invisible_return_reason_is_a_chinese_form_error(client, liaison, push):
    client.force_login(liaison)
    response = client.post(
        reverse("supervision:push_return", args=[push.pk]), {"reason": INVISIBLE}
    )
    assert response.status_code == 400 and "退回必须说明理由。" in response.content.decode()
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_an_over_long_follow_up_content_is_a_chinese_form_error(client, approver, claimed_report):
    client.force_login(approver)
    response = client.post(
        reverse("supervision:report_follow_up", args=[claimed_report]),
        {"kind": "revoke", "reason": "理由", "content": "长" * (m.FOLLOW_UP_CONTENT_MAX + 1)},
    )
    assert response.status_code == 400
    assert f"最多 {m.FOLLOW_UP_CONTENT_MAX} 个字符" in response.content.decode()
    assert SupervisionReport.objects.get(pk=claimed_report).status == "claimed"
