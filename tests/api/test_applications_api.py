"""Contract tests of /api/v1/applications/: intake, transitions, detail, list, errors, schema."""

import datetime
import re

import pytest
import time_machine

from approvals.models import Applicant, Application
from audit.models import AuditEvent
from catalog.models import ItemVersion
from core.roles import Role
from tests.api.conftest import APPLICATIONS, CREDIT_CODE, PERSON_ID, SHANGHAI, assert_error
from tests.factories import ApplicantFactory, PublishedVersionFactory

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def url(app_id, action=""):
    return f"{APPLICATIONS}{app_id}/{action + '/' if action else ''}"


# --- the happy path ----------------------------------------------------------------------------


def test_full_happy_path_from_intake_to_permit(api, clerk, reviewer, approver, payload, materials):
    created = api.as_user(clerk).post(APPLICATIONS, payload(provided=materials[:1]), format="json")
    assert created.status_code == 201, created.content
    app = created.json()
    assert app["status"] == "submitted"
    assert app["item"]["name"].startswith("测试许可") and app["item_version"] == 1
    assert app["applicant"]["id_number"] == "110105********002X"

    accepted = api.as_user(clerk).post(
        url(app["id"], "accept"), {"waived": [materials[1]]}, format="json"
    )
    assert accepted.status_code == 200, accepted.content
    body = accepted.json()
    assert body["status"] == "accepted"
    assert body["receipt_number"] == "SL2026000001"
    assert body["due_date"] == "2026-06-08"  # 5 working days after Monday 1 June
    assert body["accepted_at"].startswith("2026-06-01T10:00:00")
    waived = next(m for m in body["materials"] if m["id"] == materials[1])
    assert waived["state"] == "waived" and waived["supply_by"] == "2026-06-08"

    reviewed = api.as_user(reviewer).post(
        url(app["id"], "review"),
        {"opinion": "符合条件", "recommendation": "approve"},
        format="json",
    )
    assert reviewed.status_code == 200 and reviewed.json()["status"] == "reviewed"

    decided = api.as_user(approver).post(
        url(app["id"], "decide"), {"decision": "approve"}, format="json"
    )
    assert decided.status_code == 200, decided.content
    decision = decided.json()
    assert decision["status"] == "approved"
    assert decision["decision_number"] == "示审批〔2026〕1号"
    assert decision["permit"] == {
        "number": "XK2026000001",
        "valid_from": "2026-06-01",
        "valid_until": "2031-05-31",
        "status": "valid",
    }

    detail = api.as_user(reviewer).get(url(app["id"])).json()
    assert detail["decision_number"] == "示审批〔2026〕1号"
    assert detail["permit"]["number"] == "XK2026000001"
    assert [(e["action"], e["actor"]) for e in detail["timeline"]] == [
        ("submit", "窗口甲"),
        ("accept", "窗口甲"),
        ("review", "审查乙"),
        ("decide", "审批丙"),
    ]
    assert detail["timeline"][-1]["note"].startswith("示审批〔2026〕1号")

    permit = api.as_user(clerk).get("/api/v1/permits/XK2026000001/")
    assert permit.status_code == 200, permit.content
    assert permit.json()["decision_number"] == "示审批〔2026〕1号"


def test_refused_application_records_the_reason(api, clerk, flow):
    app_id = flow.submit()
    response = api.as_user(clerk).post(
        url(app_id, "refuse"), {"reason": "不属于本机关职权范围"}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "refused" and body["refusal_reason"] == "不属于本机关职权范围"
    assert body["timeline"][-1]["note"] == "不属于本机关职权范围"


def test_refusal_without_a_reason_is_400_reason_required(api, clerk, flow):
    response = api.as_user(clerk).post(url(flow.submit(), "refuse"), {"reason": " "}, format="json")
    assert assert_error(response, 400, "reason_required")["fields"] == {"reason": ["必填。"]}


def test_corrected_application_is_accepted_after_materials_are_recorded(
    api, clerk, flow, materials
):
    app_id = flow.submit(provided=[])
    client = api.as_user(clerk)
    response = client.post(
        url(app_id, "request-correction"),
        {"missing": materials[:2], "note": "请补齐申请书和身份证明"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "correction_requested"
    assert response.json()["correction_note"] == "请补齐申请书和身份证明"

    response = client.post(
        url(app_id, "record-materials"), {"provided": materials[:2]}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "correction_requested"
    response = client.post(url(app_id, "accept"), {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "accepted"


def test_denial_has_a_decision_number_and_no_permit(api, flow):
    body = flow.decide(flow.reviewed(), decision="deny", reason="不符合法定条件")
    assert body["status"] == "denied"
    assert body["decision_number"] == "示审批〔2026〕1号" and body["permit"] is None


def test_waived_material_is_supplied_before_delivery(api, clerk, flow, materials):
    app_id = flow.submit(provided=materials[:1])
    flow.accept(app_id, waived=[materials[1]])
    flow.review(app_id)
    flow.decide(app_id)
    client = api.as_user(clerk)
    blocked = client.post(url(app_id, "deliver"), {"collected_by": "张小三"}, format="json")
    assert_error(blocked, 409, "waived_materials_outstanding")
    supplied = client.post(
        url(app_id, "supply-waived"), {"materials": [materials[1]]}, format="json"
    )
    assert supplied.status_code == 200
    line = next(m for m in supplied.json()["materials"] if m["id"] == materials[1])
    assert line["supplied_at"].startswith("2026-06-01T10:00:00")
    delivered = client.post(url(app_id, "deliver"), {"collected_by": "张小三"}, format="json")
    assert delivered.status_code == 200
    assert delivered.json()["status"] == "delivered" and delivered.json()["delivered_at"]


def test_special_procedure_pauses_and_resume_moves_the_due_date(api, reviewer, flow, at_monday):
    app_id = flow.submit()
    flow.accept(app_id)  # due Monday 8 June
    client = api.as_user(reviewer)
    assert client.post(url(app_id, "start-review")).json()["status"] == "under_review"
    at_monday.move_to(datetime.datetime(2026, 6, 2, 9, tzinfo=SHANGHAI))
    paused = client.post(
        url(app_id, "pause"), {"kind": "hearing", "note": "举行听证"}, format="json"
    )
    assert paused.status_code == 200 and paused.json()["paused"] is True
    review = client.post(
        url(app_id, "review"), {"opinion": "x", "recommendation": "approve"}, format="json"
    )
    assert_error(review, 409, "paused")
    at_monday.move_to(datetime.datetime(2026, 6, 4, 16, tzinfo=SHANGHAI))
    resumed = client.post(url(app_id, "resume"), {}, format="json")
    assert resumed.status_code == 200
    assert resumed.json()["paused"] is False and resumed.json()["due_date"] == "2026-06-10"


# --- intake errors -----------------------------------------------------------------------------


def test_wrong_id_number_checksum_is_400_under_applicant(api, clerk, payload):
    body = payload()
    body["applicant"]["id_number"] = "110105194912310021"
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    error = assert_error(response, 400, "invalid_applicant")
    assert error["fields"] == {"applicant": ["身份证号码校验位不正确,请核对。"]}


def test_wrong_credit_code_checksum_is_400_under_applicant(api, clerk, payload):
    body = payload()
    body["applicant"].update(
        kind="organization", name="示例超市有限公司", id_number=CREDIT_CODE[:-1] + "8"
    )
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    error = assert_error(response, 400, "invalid_applicant")
    assert error["fields"] == {"applicant": ["统一社会信用代码校验位不正确,请核对。"]}


def test_a_valid_credit_code_registers_an_organization(api, clerk, payload):
    body = payload()
    body["applicant"].update(
        kind="organization", name="示例超市有限公司", id_number=CREDIT_CODE.lower()
    )
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert response.status_code == 201, response.content
    assert Applicant.objects.get().id_number == CREDIT_CODE


def test_lower_case_x_in_an_id_number_is_accepted(api, clerk, payload):
    body = payload()
    body["applicant"]["id_number"] = PERSON_ID.lower()
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert response.status_code == 201, response.content
    assert Applicant.objects.get().id_number == PERSON_ID


def test_a_known_applicant_is_reused_not_registered_twice(api, clerk, payload):
    ApplicantFactory(id_number=PERSON_ID)
    response = api.as_user(clerk).post(APPLICATIONS, payload(), format="json")
    assert response.status_code == 201
    assert Applicant.objects.count() == 1


def test_unknown_item_is_400_under_item(api, clerk, payload):
    response = api.as_user(clerk).post(APPLICATIONS, payload(item="NO-SUCH"), format="json")
    assert "item" in assert_error(response, 400, "unknown_item")["fields"]


def test_an_unpublished_item_is_400_under_item(api, clerk, payload, version):
    ItemVersion.objects.filter(pk=version.pk).update(status=ItemVersion.Status.WITHDRAWN)
    response = api.as_user(clerk).post(APPLICATIONS, payload(), format="json")
    assert "item" in assert_error(response, 400, "unknown_item")["fields"]


def test_a_failed_submit_leaves_no_applicant_behind(api, clerk, payload):
    body = payload()
    body["materials"].append({"material": 999999, "provided": True})
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert "materials" in assert_error(response, 400, "unknown_material")["fields"]
    assert not Applicant.objects.exists() and not Application.objects.exists()


def test_a_missing_applicant_name_is_400_under_applicant(api, clerk, payload):
    body = payload()
    body["applicant"]["name"] = ""
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert "applicant" in assert_error(response, 400, "invalid")["fields"]


@pytest.mark.parametrize(
    "patch",
    [
        {"applicant": "张小三"},
        {"applicant": {"kind": "robot", "name": "x", "id_number": PERSON_ID}},
        {"materials": "all"},
        {"materials": [{"material": "one"}]},
        {"materials": [{"material": 10**30, "provided": True}]},
        {"item": ["T-001"]},
        {"content": {"a": 1}},
    ],
)
def test_bad_types_in_the_body_are_400_with_fields(api, clerk, payload, patch):
    response = api.as_user(clerk).post(APPLICATIONS, payload(**patch), format="json")
    body = assert_error(response, 400, "invalid")
    assert set(body["fields"]) == set(patch)


def test_malformed_json_is_400(api, clerk):
    response = api.as_user(clerk).post(
        APPLICATIONS, data='{"item": ', content_type="application/json"
    )
    assert_error(response, 400, "malformed_request")


def test_a_form_encoded_body_is_415(api, clerk):
    response = api.as_user(clerk).post(APPLICATIONS, {"item": "x"})
    assert_error(response, 415, "unsupported_media_type")


def test_a_huge_application_id_in_the_path_is_404(api, clerk):
    assert_error(api.as_user(clerk).get(url(10**30)), 404, "not_found")


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


# --- detail ------------------------------------------------------------------------------------


def test_detail_masks_the_id_number_and_lists_materials(api, inspector, flow, materials):
    app_id = flow.submit(provided=materials[:1])
    body = api.as_user(inspector).get(url(app_id)).json()
    assert body["applicant"]["id_number"] == "110105********002X"
    assert PERSON_ID not in str(body)
    assert [(m["id"], m["name"], m["state"]) for m in body["materials"]] == [
        (materials[0], "申请书", "provided"),
        (materials[1], "身份证明", "missing"),
        (materials[2], "其他材料", "missing"),
    ]
    assert body["permit"] is None and body["decision_number"] is None
    assert body["due_provisional"] is False and body["paused"] is False
    assert "accept" in body["allowed_actions"]


def test_full_id_number_is_shown_to_a_reviewer_and_audited(api, reviewer, flow):
    app_id = flow.submit()
    response = api.as_user(reviewer).get(url(app_id, "applicant-id"))
    assert response.status_code == 200
    assert response.json()["id_number"] == PERSON_ID
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="view_id_number")
    assert event.actor == reviewer and event.data == {"application": app_id}


def test_full_id_number_is_not_shown_to_an_inspector(api, inspector, flow):
    response = api.as_user(inspector).get(url(flow.submit(), "applicant-id"))
    assert_error(response, 403, "permission_denied")
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_detail_query_count_is_bounded(api, clerk, flow, django_assert_max_num_queries):
    app_id, _number = flow.approved()
    client = api.as_user(clerk)
    # Measured 10: token+user, groups, application, 6 prefetches (materials, opinions and their
    # reviewers, special procedures, decisions, permits), the timeline.
    with django_assert_max_num_queries(10):
        assert client.get(url(app_id)).status_code == 200


# --- list --------------------------------------------------------------------------------------


def test_list_is_paginated_newest_first(api, inspector, flow, at_monday):
    first = flow.submit()
    at_monday.shift(datetime.timedelta(minutes=1))
    second = flow.submit()
    body = api.as_user(inspector).get(APPLICATIONS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2 and [a["id"] for a in body["results"]] == [second, first]
    assert body["results"][0]["applicant"]["id_number"] == "110105********002X"


def test_list_filters_by_status(api, clerk, flow):
    submitted, accepted = flow.submit(), flow.submit()
    flow.accept(accepted)
    body = api.as_user(clerk).get(APPLICATIONS, {"status": "accepted"}).json()
    assert [a["id"] for a in body["results"]] == [accepted]
    body = api.as_user(clerk).get(APPLICATIONS, {"status": "submitted"}).json()
    assert [a["id"] for a in body["results"]] == [submitted]


def test_an_unknown_status_filter_is_400(api, clerk):
    response = api.as_user(clerk).get(APPLICATIONS, {"status": "lost"})
    assert "status" in assert_error(response, 400, "invalid")["fields"]


def test_list_filters_by_item_code(api, clerk, flow, version, payload):
    mine = flow.submit()
    other = PublishedVersionFactory()
    body = payload(item=other.item.code, materials=[])
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert response.status_code == 201, response.content
    listed = api.as_user(clerk).get(APPLICATIONS, {"item": version.item.code}).json()
    assert [a["id"] for a in listed["results"]] == [mine]


def test_list_filters_overdue_applications(api, inspector, flow):
    late, on_time = flow.submit(), flow.submit()
    flow.accept(late)  # due Monday 8 June, end of day
    with time_machine.travel(datetime.datetime(2026, 6, 5, 10, tzinfo=SHANGHAI), tick=False):
        flow.accept(on_time)  # due Friday 12 June
    with time_machine.travel(datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI), tick=False):
        overdue = api.as_user(inspector).get(APPLICATIONS, {"overdue": "true"}).json()
        rest = api.as_user(inspector).get(APPLICATIONS, {"overdue": "false"}).json()
    assert [(a["id"], a["overdue"]) for a in overdue["results"]] == [(late, True)]
    assert [(a["id"], a["overdue"]) for a in rest["results"]] == [(on_time, False)]


def test_a_paused_application_is_not_overdue(api, inspector, reviewer, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    api.as_user(reviewer).post(url(app_id, "pause"), {"kind": "testing"}, format="json")
    with time_machine.travel(datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI), tick=False):
        body = api.as_user(inspector).get(APPLICATIONS, {"overdue": "true"}).json()
    assert body["count"] == 0


def _bulk_applications(n, version, clerk):
    applicant = ApplicantFactory()
    Application.objects.bulk_create(
        Application(item_version=version, applicant=applicant, submitted_by=clerk, content=f"#{i}")
        for i in range(n)
    )


# Measured: 4 queries (token+user, the caller's groups, COUNT, one page with select_related,
# plus none per row), the same for 3, 40 and 1,000 rows.
LIST_QUERIES = 4


@pytest.mark.parametrize("rows", [3, 40])
def test_list_query_count_does_not_grow_with_rows(
    api, inspector, clerk, version, rows, django_assert_max_num_queries
):
    _bulk_applications(rows, version, clerk)
    client = api.as_user(inspector)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(APPLICATIONS, {"overdue": "false"})
    assert response.json()["count"] == rows


def test_list_of_a_thousand_rows_keeps_the_same_query_bound(
    api, inspector, clerk, version, django_assert_max_num_queries
):
    _bulk_applications(1000, version, clerk)
    client = api.as_user(inspector)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(APPLICATIONS, {"page_size": 500, "item": version.item.code})
    body = response.json()
    assert body["count"] == 1000 and len(body["results"]) == 500 and body["next"]


# --- the OpenAPI schema ------------------------------------------------------------------------

# Names the settings must give to the choice sets this app uses in several components; without
# them drf-spectacular warns about enum naming collisions ("status", "kind"). To be copied into
# SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] in config/settings.py.
APPROVALS_ENUM_NAMES = {
    "ApplicationStatusEnum": "approvals.models.Application.Status",
    "PermitStatusEnum": "approvals.models.Permit.Status",
    "ApplicantKindEnum": "approvals.models.Applicant.Kind",
}
OUR_PATHS = ("/api/v1/applications/", "/api/v1/permits/")
OUR_VIEWS = ("ApplicationViewSet", "PermitViewSet", "approvals/api.py", "approvals/filters.py")


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _our_components(schema) -> set[str]:
    """Every component reachable from our paths."""
    components = schema["components"]["schemas"]
    todo = [
        ref
        for path, item in schema["paths"].items()
        if path.startswith(OUR_PATHS)
        for ref in _refs(item)
    ]
    seen = set()
    while todo:
        name = todo.pop()
        if name not in seen and name in components:
            seen.add(name)
            todo.extend(_refs(components[name]))
    return seen


def _generate_schema():
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.plumbing import _load_enum_name_overrides
    from drf_spectacular.settings import patched_settings, spectacular_settings

    overrides = {**spectacular_settings.ENUM_NAME_OVERRIDES, **APPROVALS_ENUM_NAMES}
    GENERATOR_STATS.reset()
    _load_enum_name_overrides.cache_clear()
    try:
        with patched_settings({"ENUM_NAME_OVERRIDES": overrides}):
            schema = SchemaGenerator().get_schema(request=None, public=True)
        return schema, [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    finally:
        _load_enum_name_overrides.cache_clear()
        GENERATOR_STATS.reset()


def test_schema_of_applications_and_permits_has_no_warnings_and_validates():
    from drf_spectacular.validation import validate_schema

    schema, warnings = _generate_schema()
    ours = _our_components(schema)
    # Other apps' warnings (their enum collisions) are theirs; ours name our views or an enum
    # one of our components uses.
    mine = [
        w
        for w in warnings
        if any(v in w for v in OUR_VIEWS)
        or any(name in ours for name in re.findall(r"\b(\w+Enum)\b", w))
    ]
    assert mine == []
    validate_schema(schema)
    assert {"ApplicationStatusEnum", "PermitStatusEnum", "ApplicantKindEnum"} <= ours


def test_schema_documents_every_transition_with_its_errors():
    paths = _generate_schema()[0]["paths"]
    for action in (
        "accept",
        "request-correction",
        "refuse",
        "review",
        "decide",
        "start-review",
        "pause",
        "resume",
        "supply-waived",
        "deliver",
        "record-materials",
    ):
        post = paths[f"/api/v1/applications/{{id}}/{action}/"]["post"]
        assert set(post["responses"]) == {"200", "400", "401", "403", "404", "409"}
        if action != "start-review":  # the one transition without a body
            assert list(post["requestBody"]["content"]) == ["application/json"]
    assert set(paths["/api/v1/applications/"]) == {"get", "post"}
    assert set(paths["/api/v1/applications/"]["post"]["responses"]) == {"201", "400", "401", "403"}
    list_params = {p["name"] for p in paths["/api/v1/applications/"]["get"]["parameters"]}
    assert list_params >= {"status", "item", "overdue", "page", "page_size"}
    assert set(paths["/api/v1/permits/{number}/"]) == {"get"}
    assert set(paths["/api/v1/permits/{number}/act/"]) == {"post"}
