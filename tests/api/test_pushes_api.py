"""Contract tests of the pushes and webhook-deliveries API (api-contract.md, "Pushes",
"Webhooks"): status codes, error codes, department isolation, the audited full ID number.

Pushes are made by real actions: an application submitted, accepted, reviewed and approved
through approvals.services writes one push per supervising department."""

import datetime

import pytest
import time_machine

from audit.models import AuditEvent
from core.roles import Role
from supervision.models import Push, WebhookDelivery, WebhookEndpoint
from tests.api.conftest import assert_error, client_for
from tests.factories import ApplicantFactory
from tests.flows import MONDAY, PERSON_ID, SHANGHAI, approve_permit

CREDIT_CODE = "91110105MA01C0XX27"
PUSHES = "/api/v1/pushes/"


@pytest.fixture
def liaison_other(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


@pytest.fixture
def pushes(clerk, reviewer, approver, department, other_department):
    """One approval supervised by both departments: {department code: Push}."""
    decision = approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department, other_department],
    )
    return {p.department.code: p for p in decision.pushes.select_related("department")}


@pytest.fixture
def push(pushes):
    return pushes["market"]


@pytest.fixture
def at_tuesday():
    with time_machine.travel(MONDAY + datetime.timedelta(days=1), tick=False) as traveller:
        yield traveller


def url(push, action=""):
    return f"{PUSHES}{push.pk}/{action + '/' if action else ''}"


# --- who may call ---------------------------------------------------------------------------------


def test_list_without_credentials_is_401(api, push):
    assert_error(api.get(PUSHES), 401, "not_authenticated")


@pytest.mark.parametrize("role_user", ["clerk", "reviewer", "approver"])
def test_bureau_roles_cannot_list_pushes(request, api, push, role_user):
    user = request.getfixturevalue(role_user)
    assert_error(api.as_user(user).get(PUSHES), 403, "permission_denied")


def test_liaison_lists_only_their_departments_pushes(api, liaison, pushes):
    body = api.as_user(liaison).get(PUSHES).json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [pushes["market"].pk]
    assert set(body) == {"count", "next", "previous", "results"}


def test_liaison_of_other_department_sees_nothing_of_market(api, liaison_other, pushes):
    body = api.as_user(liaison_other).get(PUSHES).json()
    assert [row["id"] for row in body["results"]] == [pushes["health"].pk]


def test_inspector_lists_all_pushes(api, inspector, pushes):
    body = api.as_user(inspector).get(PUSHES).json()
    assert {row["id"] for row in body["results"]} == {p.pk for p in pushes.values()}


def test_list_masks_the_id_number(api, liaison, push):
    row = api.as_user(liaison).get(PUSHES).json()["results"][0]
    assert row["holder_id_number"] == "440305********1236"


# --- filters --------------------------------------------------------------------------------------


def test_status_filter(api, liaison, push, at_tuesday):
    client = api.as_user(liaison)
    assert client.get(PUSHES, {"status": "pushed"}).json()["count"] == 1
    assert client.get(PUSHES, {"status": "claimed"}).json()["count"] == 0
    client.post(url(push, "claim"))
    assert client.get(PUSHES, {"status": "claimed"}).json()["count"] == 1


def test_unknown_status_filter_is_400_not_500(api, liaison, push):
    body = assert_error(api.as_user(liaison).get(PUSHES, {"status": "bogus"}), 400, "invalid")
    assert "status" in body["fields"]


def test_overdue_filter_follows_the_deadline(api, liaison, push):
    client = api.as_user(liaison)
    with time_machine.travel(datetime.datetime(2026, 6, 4, 23, 0, tzinfo=SHANGHAI), tick=False):
        assert client.get(PUSHES, {"overdue": "true"}).json()["count"] == 0
        assert client.get(PUSHES, {"overdue": "false"}).json()["count"] == 1
    with time_machine.travel(datetime.datetime(2026, 6, 5, 9, 0, tzinfo=SHANGHAI), tick=False):
        body = client.get(PUSHES, {"overdue": "true"}).json()
        assert [row["id"] for row in body["results"]] == [push.pk]
        assert body["results"][0]["overdue"] is True


# --- detail ---------------------------------------------------------------------------------------


def test_detail_has_the_contract_fields_and_full_id_number(api, liaison, push, at_tuesday):
    response = api.as_user(liaison).get(url(push))
    assert response.status_code == 200
    body = response.json()
    for field in (
        "id", "department", "item_name", "decision_number", "holder_name", "holder_id_number",
        "holder_phone", "holder_address", "decision_date", "valid_from", "valid_until", "content",
        "pushed_at", "claim_deadline", "claimed_at", "claimed_by", "overdue",
        "overdue_flagged_at", "status",
    ):  # fmt: skip
        assert field in body, field
    assert body["department"] == {"code": "market", "name": "县市场监督管理局"}
    assert body["holder_id_number"] == PERSON_ID
    assert body["status"] == "pushed"
    assert body["overdue"] is False
    assert body["claim_deadline"].startswith("2026-06-04T23:59:59")
    assert body["pushed_at"].endswith("+08:00")
    assert response["Cache-Control"] == "no-store"


def test_viewing_a_persons_full_id_number_is_audited(api, liaison, push):
    api.as_user(liaison).get(url(push))
    event = AuditEvent.objects.get(action="view_id_number", object_id=str(push.pk))
    assert event.actor == liaison
    assert event.data["channel"] == "api"


def test_viewing_an_organisations_code_is_not_audited(
    api, liaison, clerk, reviewer, approver, department
):
    from approvals.models import Applicant

    company = ApplicantFactory(kind=Applicant.Kind.ORGANIZATION, id_number=CREDIT_CODE)
    decision = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department],
        applicant=company,
    )  # fmt: skip
    push = decision.pushes.get()
    assert api.as_user(liaison).get(url(push)).json()["holder_id_number"] == CREDIT_CODE
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_other_departments_push_is_404_and_not_audited(api, liaison_other, push):
    assert_error(api.as_user(liaison_other).get(url(push)), 404, "not_found")
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_missing_push_is_404(api, liaison, push):
    assert_error(api.as_user(liaison).get(f"{PUSHES}999999/"), 404, "not_found")


def test_inspector_reads_any_push(api, inspector, pushes):
    for push in pushes.values():
        assert api.as_user(inspector).get(url(push)).status_code == 200


def test_bureau_role_cannot_read_a_push(api, approver, push):
    assert_error(api.as_user(approver).get(url(push)), 403, "permission_denied")


# --- claim ----------------------------------------------------------------------------------------


def test_claim_returns_status_claimed_at_and_late(api, liaison, push, at_tuesday):
    response = api.as_user(liaison).post(url(push, "claim"))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "claimed"
    assert body["late"] is False
    assert body["claimed_at"].startswith("2026-06-02T10:00:00")
    push.refresh_from_db()
    assert push.status == Push.Status.CLAIMED and push.claimed_by == liaison


def test_second_claim_on_same_push_is_409(api, liaison, push, at_tuesday):
    client = api.as_user(liaison)
    assert client.post(url(push, "claim")).status_code == 200
    assert_error(client.post(url(push, "claim")), 409, "already_claimed")


def test_claim_after_the_deadline_is_recorded_late(api, liaison, push):
    with time_machine.travel(datetime.datetime(2026, 6, 5, 8, 30, tzinfo=SHANGHAI), tick=False):
        body = api.as_user(liaison).post(url(push, "claim")).json()
    assert body["late"] is True and body["overdue"] is True


def test_inspector_cannot_claim(api, inspector, push):
    assert_error(api.as_user(inspector).post(url(push, "claim")), 403, "permission_denied")
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_clerk_cannot_claim(api, clerk, push):
    assert_error(api.as_user(clerk).post(url(push, "claim")), 403, "permission_denied")


@pytest.mark.parametrize(
    "action, body",
    [
        ("", None),
        ("claim", {}),
        ("feedback", {"note": "已核查"}),
        ("return", {"reason": "非本部门"}),
    ],
)
def test_other_departments_liaison_gets_404_everywhere(api, liaison_other, push, action, body):
    client = api.as_user(liaison_other)
    response = (
        client.get(url(push)) if not action else client.post(url(push, action), body, format="json")
    )
    assert_error(response, 404, "not_found")
    push.refresh_from_db()
    assert push.status == Push.Status.PUSHED


def test_claim_of_non_numeric_id_is_404(api, liaison, push):
    assert api.as_user(liaison).post(f"{PUSHES}abc/claim/").status_code == 404


# --- feedback -------------------------------------------------------------------------------------


def test_feedback_after_claim(api, liaison, push, at_tuesday):
    client = api.as_user(liaison)
    client.post(url(push, "claim"))
    response = client.post(url(push, "feedback"), {"note": "已纳入日常监管"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "feedback_given"
    push.refresh_from_db()
    assert push.feedback == "已纳入日常监管"


def test_feedback_before_claim_is_409(api, liaison, push):
    response = api.as_user(liaison).post(url(push, "feedback"), {"note": "x"}, format="json")
    assert_error(response, 409, "invalid_transition")


def test_blank_feedback_is_400_with_field(api, liaison, push, at_tuesday):
    client = api.as_user(liaison)
    client.post(url(push, "claim"))
    body = assert_error(
        client.post(url(push, "feedback"), {"note": "   "}, format="json"), 400, "note_required"
    )
    assert "note" in body["fields"]


def test_missing_note_is_400(api, liaison, push, at_tuesday):
    client = api.as_user(liaison)
    client.post(url(push, "claim"))
    body = assert_error(client.post(url(push, "feedback"), {}, format="json"), 400, "invalid")
    assert "note" in body["fields"]


def test_malformed_json_is_400(api, liaison, push):
    response = api.as_user(liaison).post(
        url(push, "feedback"), "{not json", content_type="application/json"
    )
    assert_error(response, 400, "malformed_request")


def test_non_object_json_body_is_400_not_500(api, liaison, push):
    response = api.as_user(liaison).post(url(push, "return"), ["x"], format="json")
    assert response.status_code == 400


def test_inspector_cannot_give_feedback(api, inspector, push):
    response = api.as_user(inspector).post(url(push, "feedback"), {"note": "x"}, format="json")
    assert_error(response, 403, "permission_denied")


# --- return and re-route --------------------------------------------------------------------------


def test_return_before_claim(api, liaison, push):
    response = api.as_user(liaison).post(url(push, "return"), {"reason": "非本部门监管事项"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "returned"


def test_return_without_reason_is_400(api, liaison, push):
    body = assert_error(
        api.as_user(liaison).post(url(push, "return"), {"reason": ""}, format="json"),
        400,
        "reason_required",
    )
    assert "reason" in body["fields"]


def test_return_after_claim_is_409(api, liaison, push, at_tuesday):
    client = api.as_user(liaison)
    client.post(url(push, "claim"))
    assert_error(client.post(url(push, "return"), {"reason": "x"}), 409, "invalid_transition")


def test_returned_push_cannot_be_claimed(api, liaison, push):
    client = api.as_user(liaison)
    client.post(url(push, "return"), {"reason": "非本部门"})
    assert_error(client.post(url(push, "claim")), 409, "invalid_transition")


def test_bureau_reroutes_a_returned_push_to_another_department(
    api, liaison, approver, push, make_user
):
    from tests.factories import DepartmentFactory

    target = DepartmentFactory(code="culture", name="县文化和旅游局")
    client_for(liaison).post(url(push, "return"), {"reason": "应由文旅局监管"})
    response = api.as_user(approver).post(url(push, "reroute"), {"department": "culture"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["department"]["code"] == "culture"
    assert body["status"] == "pushed"
    new = Push.objects.get(pk=body["id"])
    assert new.rerouted_from == push and new.department == target
    liaison_culture = make_user("liaison_culture", Role.LIAISON, department=target)
    assert client_for(liaison_culture).get(url(new)).status_code == 200


def test_reroute_to_a_department_that_has_it_is_400(api, liaison, approver, push):
    client_for(liaison).post(url(push, "return"), {"reason": "非本部门"})
    body = assert_error(
        api.as_user(approver).post(url(push, "reroute"), {"department": "health"}),
        400,
        "same_department",
    )
    assert "department" in body["fields"]


def test_reroute_to_unknown_department_is_400(api, liaison, approver, push):
    client_for(liaison).post(url(push, "return"), {"reason": "非本部门"})
    body = assert_error(
        api.as_user(approver).post(url(push, "reroute"), {"department": "nope"}), 400, "invalid"
    )
    assert "department" in body["fields"]


def test_reroute_of_a_push_not_returned_is_409(api, approver, push, other_department):
    from tests.factories import DepartmentFactory

    DepartmentFactory(code="culture")
    response = api.as_user(approver).post(url(push, "reroute"), {"department": "culture"})
    assert_error(response, 409, "not_returned")


def test_liaison_cannot_reroute(api, liaison, push):
    response = api.as_user(liaison).post(url(push, "reroute"), {"department": "health"})
    assert_error(response, 403, "permission_denied")


# --- webhook deliveries ---------------------------------------------------------------------------


@pytest.fixture
def deliveries(clerk, reviewer, approver, department, other_department):
    """Endpoints for both departments, then an approval: one push.created delivery each."""
    for dept in (department, other_department):
        WebhookEndpoint.objects.create(
            department=dept, url=f"https://{dept.code}.example.test/hook", secret="s" * 32
        )
    approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department, other_department],
    )
    return {d.department.code: d for d in WebhookDelivery.objects.select_related("department")}


def test_liaison_lists_only_their_departments_deliveries(api, liaison, deliveries):
    body = api.as_user(liaison).get("/api/v1/webhook-deliveries/").json()
    assert [row["id"] for row in body["results"]] == [str(deliveries["market"].pk)]
    row = body["results"][0]
    assert row["event"] == "push.created" and row["department"] == "market"
    assert row["attempts_log"] == []


def test_inspector_lists_all_deliveries(api, inspector, deliveries):
    body = api.as_user(inspector).get("/api/v1/webhook-deliveries/").json()
    assert body["count"] == 2


def test_delivery_of_other_department_is_404(api, liaison, deliveries):
    other = deliveries["health"]
    response = api.as_user(liaison).get(f"/api/v1/webhook-deliveries/{other.pk}/")
    assert_error(response, 404, "not_found")
    mine = deliveries["market"]
    assert api.as_user(liaison).get(f"/api/v1/webhook-deliveries/{mine.pk}/").status_code == 200


def test_bureau_cannot_list_deliveries(api, approver, deliveries):
    assert_error(api.as_user(approver).get("/api/v1/webhook-deliveries/"), 403, "permission_denied")


# --- schema ---------------------------------------------------------------------------------------


def test_schema_documents_the_push_endpoints(api):
    response = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    claim = paths["/api/v1/pushes/{id}/claim/"]["post"]["responses"]
    assert {"200", "403", "404", "409"} <= set(claim)
    assert "/api/v1/pushes/{id}/return/" in paths
    assert "/api/v1/supervision-reports/" in paths
    params = {p["name"] for p in paths["/api/v1/pushes/"]["get"]["parameters"]}
    assert {"status", "overdue", "page"} <= params


def test_reroute_of_a_missing_push_is_404_whatever_the_body(api, approver, push):
    assert_error(api.as_user(approver).post(f"{PUSHES}999999/reroute/", {}), 404, "not_found")
