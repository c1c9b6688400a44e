"""Applications API: the happy path from intake to permit, refusal, correction, waivers, special
procedures, and the detail (masked ID, audited full ID)."""

import datetime

import pytest

from audit.models import AuditEvent
from tests.api.applications import url
from tests.api.conftest import APPLICATIONS, PERSON_ID, SHANGHAI, assert_error
from tests.queries import exact_queries

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


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
    response = api.as_user(reviewer).post(url(app_id, "applicant-id"))
    assert response.status_code == 200
    assert response.json()["id_number"] == PERSON_ID
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="view_id_number")
    assert event.actor == reviewer and event.data == {"application": app_id}


def test_a_get_of_the_full_id_number_is_405_and_writes_nothing(api, reviewer, flow):
    response = api.as_user(reviewer).get(url(flow.submit(), "applicant-id"))
    assert_error(response, 405, "method_not_allowed")
    assert PERSON_ID not in response.content.decode()
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_full_id_number_is_not_shown_to_an_inspector(api, inspector, flow):
    response = api.as_user(inspector).post(url(flow.submit(), "applicant-id"))
    assert_error(response, 403, "permission_denied")
    assert not AuditEvent.objects.filter(action="view_id_number").exists()


def test_detail_makes_an_exact_number_of_queries(api, clerk, flow):
    app_id, _number = flow.approved()
    client = api.as_user(clerk)
    # token+user, groups, application, 6 prefetches (materials, opinions and their reviewers,
    # special procedures, decisions, permits), the timeline, the parties (agent, legal
    # representative: one query whatever they are), the version's steps (current_step: one
    # query whatever their number; not prefetched, as the case page's POSTs would pay for it
    # and nothing reads them twice).
    with exact_queries(12):
        assert client.get(url(app_id)).status_code == 200
