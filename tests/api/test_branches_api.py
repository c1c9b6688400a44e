"""The branches over the API: POST send-back / withdraw / terminate (status codes, error codes,
roles), correction_deadline on the application, the not-transferred refusal, 即办件 一审一核,
and their place in the OpenAPI schema."""

import pytest

from approvals.models import Application
from core.roles import Role
from tests.api.applications import url
from tests.api.conftest import APPLICATIONS, assert_error, client_for
from tests.factories import DepartmentFactory

pytestmark = pytest.mark.usefixtures("at_monday", "seal")
S = Application.Status


def _post(user, app_id, action, body):
    return client_for(user).post(url(app_id, action), body, format="json")


# --- 退回重审 ----------------------------------------------------------------------------------


def test_send_back_answers_200_under_review_with_the_reason(approver, reviewer, flow):
    app_id = flow.reviewed()
    response = _post(approver, app_id, "send-back", {"reason": "请补充现场核查情况"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == S.UNDER_REVIEW
    assert body["send_back_reason"] == "请补充现场核查情况" and body["sent_back_at"]
    assert body["timeline"][-1]["action"] == "send_back"
    # The reviewer answers again, the approver decides.
    flow.review(app_id)
    assert flow.decide(app_id)["status"] == S.APPROVED


@pytest.mark.parametrize("role", ["clerk", "reviewer", "inspector"])
def test_send_back_by_another_role_is_403(request, flow, role):
    app_id = flow.reviewed()
    response = _post(request.getfixturevalue(role), app_id, "send-back", {"reason": "x"})
    assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize(
    "role,action", [("reviewer", "send-back"), ("approver", "withdraw"), ("reviewer", "terminate")]
)
def test_a_role_that_may_not_act_gets_403_before_its_body_is_read(request, flow, role, action):
    app_id = flow.reviewed()
    response = _post(request.getfixturevalue(role), app_id, action, {"reason": ["not", "text"]})
    assert_error(response, 403, "permission_denied")


def test_send_back_outside_reviewed_is_409(approver, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    assert_error(_post(approver, app_id, "send-back", {"reason": "x"}), 409, "invalid_transition")


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": " \u200b "}])
def test_send_back_without_a_reason_is_400_reason_required(approver, flow, body):
    body_out = assert_error(
        _post(approver, flow.reviewed(), "send-back", body), 400, "reason_required"
    )
    assert "reason" in body_out["fields"]


@pytest.mark.parametrize(
    "reason", ["长" * 2001, ["x"], {"a": 1}, None, "a\x00b" * 700, True, "撤回\x00", "\x1b[31m"]
)
def test_hostile_reasons_are_400_never_500(approver, clerk, flow, reason):
    app_id = flow.reviewed()
    for user, action in ((approver, "send-back"), (clerk, "withdraw"), (approver, "terminate")):
        response = _post(user, app_id, action, {"reason": reason})
        assert response.status_code == 400, (action, reason, response.content)
        assert response.json()["code"]


def test_a_sent_back_case_is_listed_for_review(api, approver, reviewer, flow):
    app_id = flow.reviewed()
    _post(approver, app_id, "send-back", {"reason": "重审"})
    response = client_for(reviewer).get(APPLICATIONS, {"status": "under_review"})
    assert [row["id"] for row in response.json()["results"]] == [app_id]


# --- 撤回申请 / 终止 ---------------------------------------------------------------------------


def test_withdraw_answers_200_withdrawn(clerk, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    response = _post(clerk, app_id, "withdraw", {"reason": "申请人书面申请撤回"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == S.WITHDRAWN and body["closure_reason"] == "申请人书面申请撤回"
    assert body["deemed_withdrawn"] is False and body["closed_at"]
    assert body["allowed_actions"] == []


@pytest.mark.parametrize("role", ["reviewer", "approver", "inspector"])
def test_withdraw_by_another_role_is_403(request, flow, role):
    app_id = flow.submit()
    response = _post(request.getfixturevalue(role), app_id, "withdraw", {"reason": "x"})
    assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize("role", ["clerk", "approver"])
def test_terminate_by_clerk_or_approver_is_200_terminated(request, flow, role):
    app_id = flow.reviewed()
    response = _post(
        request.getfixturevalue(role), app_id, "terminate", {"reason": "申请单位已注销"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == S.TERMINATED


@pytest.mark.parametrize("role", ["reviewer", "inspector"])
def test_terminate_by_another_role_is_403(request, flow, role):
    app_id = flow.submit()
    response = _post(request.getfixturevalue(role), app_id, "terminate", {"reason": "x"})
    assert_error(response, 403, "permission_denied")


@pytest.mark.parametrize("action", ["withdraw", "terminate"])
def test_withdraw_or_terminate_after_the_decision_is_409(clerk, flow, action):
    app_id, _number = flow.approved()
    assert_error(_post(clerk, app_id, action, {"reason": "撤回"}), 409, "invalid_transition")


@pytest.mark.parametrize("action", ["withdraw", "terminate"])
def test_twice_is_409(clerk, flow, action):
    app_id = flow.submit()
    assert _post(clerk, app_id, action, {"reason": "第一次"}).status_code == 200
    assert_error(_post(clerk, app_id, action, {"reason": "第二次"}), 409, "invalid_transition")


def test_unknown_or_huge_ids_are_404(clerk):
    for app_id in (999999, 10**17):
        response = _post(clerk, app_id, "withdraw", {"reason": "x"})
        assert_error(response, 404, "not_found")
    assert (
        client_for(clerk).post(f"{APPLICATIONS}1e3/withdraw/", {}, format="json").status_code == 404
    )


def test_liaison_gets_403_or_404_never_the_case(liaison, flow):
    app_id = flow.submit()
    response = _post(liaison, app_id, "withdraw", {"reason": "x"})
    assert response.status_code in (403, 404)


def test_get_is_not_allowed_on_the_branch_actions(clerk, flow):
    app_id = flow.submit()
    for action in ("send-back", "withdraw", "terminate"):
        assert client_for(clerk).get(url(app_id, action)).status_code == 405


def test_no_credentials_is_401(flow):
    from rest_framework.test import APIClient

    app_id = flow.submit()
    assert (
        APIClient().post(url(app_id, "withdraw"), {"reason": "x"}, format="json").status_code == 401
    )


# --- 补正 deadline in the GET ------------------------------------------------------------------


def test_the_application_shows_its_correction_deadline(clerk, flow, materials):
    app_id = flow.submit(provided=materials[:1])
    assert client_for(clerk).get(url(app_id)).json()["correction_deadline"] is None
    response = _post(clerk, app_id, "request-correction", {"missing": [materials[1]], "note": ""})
    assert response.status_code == 200, response.content
    body = client_for(clerk).get(url(app_id)).json()
    assert body["correction_deadline"] == "2026-06-15T23:59:59.999999+08:00"
    assert body["correction_supplied_at"] is None


# --- not transferred ---------------------------------------------------------------------------


def test_a_not_transferred_item_is_400_naming_its_department(clerk, payload, version):
    water = DepartmentFactory(code="water", name="县水利局")
    version.transferred, version.handling_department = False, water
    version.save(update_fields=["transferred", "handling_department"])
    response = client_for(clerk).post(APPLICATIONS, payload(), format="json")
    body = assert_error(response, 400, "not_transferred")
    assert "县水利局" in body["detail"] and "item" in body["fields"]
    assert not Application.objects.exists()


# --- 即办件 一审一核 -----------------------------------------------------------------------------


def test_instant_item_decided_by_the_accepting_clerk_is_403_same_person(
    make_user, payload, version
):
    version.instant = True
    version.save(update_fields=["instant"])
    both = make_user("both", Role.WINDOW_CLERK, Role.APPROVER)
    client = client_for(both)
    app_id = client.post(APPLICATIONS, payload(), format="json").json()["id"]
    assert client.post(url(app_id, "accept"), {"waived": []}, format="json").status_code == 200
    response = client.post(url(app_id, "decide"), {"decision": "approve"}, format="json")
    assert_error(response, 403, "same_person")


# --- schema ------------------------------------------------------------------------------------


def test_the_branch_actions_are_in_the_schema_with_their_errors():
    from tests.api.test_applications_schema_api import _generate_schema

    schema = _generate_schema()[0]
    for action in ("send-back", "withdraw", "terminate"):
        post = schema["paths"][f"/api/v1/applications/{{id}}/{action}/"]["post"]
        assert set(post["responses"]) == {"200", "400", "401", "403", "404", "409"}
        assert list(post["requestBody"]["content"]) == ["application/json"]
    detail = schema["components"]["schemas"]["ApplicationDetail"]["properties"]
    assert {"correction_deadline", "send_back_reason", "closure_reason", "deemed_withdrawn"} <= set(
        detail
    )
    statuses = schema["components"]["schemas"]["ApplicationStatusEnum"]["enum"]
    assert {"withdrawn", "terminated"} <= set(statuses)
