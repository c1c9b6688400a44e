"""Applications API transitions: state conflicts, roles, scope, verbs."""

import pytest

from core.roles import Role
from tests.api.applications import url
from tests.api.conftest import APPLICATIONS, assert_error

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- transition errors -------------------------------------------------------------------------


def test_accept_without_a_required_material_is_materials_missing(api, clerk, flow, materials):
    app_id = flow.submit(provided=materials[1:2])
    response = api.as_user(clerk).post(url(app_id, "accept"), {"waived": []}, format="json")
    body = assert_error(response, 400, "materials_missing")
    assert body["fields"] == {"materials": ["申请书"]}


def test_waiving_a_non_waivable_material_is_400_not_waivable(api, clerk, flow, materials):
    app_id = flow.submit(provided=materials[1:2])
    response = api.as_user(clerk).post(
        url(app_id, "accept"), {"waived": [materials[0]]}, format="json"
    )
    assert_error(response, 400, "not_waivable")


def test_accepting_twice_is_409(api, clerk, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    response = api.as_user(clerk).post(url(app_id, "accept"), {}, format="json")
    assert_error(response, 409, "invalid_transition")


def test_approver_who_reviewed_the_case_gets_403_same_person(api, make_user, flow):
    both = make_user("both", Role.REVIEWER, Role.APPROVER)
    app_id = flow.submit()
    flow.accept(app_id)
    client = api.as_user(both)
    client.post(
        url(app_id, "review"), {"opinion": "同意", "recommendation": "approve"}, format="json"
    )
    response = client.post(url(app_id, "decide"), {"decision": "approve"}, format="json")
    assert_error(response, 403, "same_person")


def test_deciding_twice_is_409(api, approver, flow):
    app_id = flow.reviewed()
    flow.decide(app_id)
    response = api.as_user(approver).post(
        url(app_id, "decide"), {"decision": "approve"}, format="json"
    )
    assert_error(response, 409, "invalid_transition")


def test_denial_without_a_reason_is_400_reason_required(api, approver, flow):
    response = api.as_user(approver).post(
        url(flow.reviewed(), "decide"), {"decision": "deny"}, format="json"
    )
    assert_error(response, 400, "reason_required")


def test_a_bad_decision_value_is_400_with_fields(api, approver, flow):
    response = api.as_user(approver).post(
        url(flow.reviewed(), "decide"),
        {"decision": "maybe", "valid_until": "2030/01/01"},
        format="json",
    )
    assert set(assert_error(response, 400, "invalid")["fields"]) == {"decision", "valid_until"}


@pytest.mark.parametrize(
    "who, action, body",
    [
        ("reviewer", "accept", {}),
        ("approver", "refuse", {"reason": "x"}),
        ("clerk", "review", {"opinion": "x", "recommendation": "approve"}),
        ("clerk", "decide", {"decision": "approve"}),
        ("inspector", "accept", {}),
        ("reviewer", "accept", {"waived": "not a list"}),  # the role is checked before the body
    ],
)
def test_wrong_role_for_an_action_is_403(api, flow, request, who, action, body):
    user = request.getfixturevalue(who)
    response = api.as_user(user).post(url(flow.submit(), action), body, format="json")
    assert_error(response, 403, "permission_denied")


def test_creating_an_application_needs_a_window_clerk(api, reviewer, payload):
    response = api.as_user(reviewer).post(APPLICATIONS, payload(), format="json")
    assert_error(response, 403, "permission_denied")


def test_no_credentials_is_401(api, flow):
    app_id = flow.submit()
    api.credentials()
    assert_error(api.get(APPLICATIONS), 401, "not_authenticated")
    assert_error(api.get(url(app_id)), 401, "not_authenticated")
    assert_error(api.post(url(app_id, "accept"), {}, format="json"), 401, "not_authenticated")


def test_a_liaison_reading_an_application_is_404(api, liaison, flow):
    app_id = flow.submit()
    assert_error(api.as_user(liaison).get(url(app_id)), 404, "not_found")


def test_a_liaison_acting_on_an_application_is_404(api, liaison, flow):
    response = api.as_user(liaison).post(url(flow.submit(), "accept"), {}, format="json")
    assert_error(response, 404, "not_found")


def test_a_missing_application_is_404(api, clerk):
    assert_error(api.as_user(clerk).get(url(987654)), 404, "not_found")
    assert_error(
        api.as_user(clerk).post(url(987654, "accept"), {}, format="json"), 404, "not_found"
    )


def test_a_liaison_listing_applications_is_403(api, liaison):
    assert_error(api.as_user(liaison).get(APPLICATIONS), 403, "permission_denied")


def test_state_changes_are_post_only(api, clerk, flow):
    app_id = flow.submit()
    assert_error(api.as_user(clerk).get(url(app_id, "accept")), 405, "method_not_allowed")
    assert_error(api.as_user(clerk).delete(url(app_id)), 405, "method_not_allowed")
    assert_error(api.as_user(clerk).put(url(app_id), {}, format="json"), 405, "method_not_allowed")
