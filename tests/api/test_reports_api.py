"""Contract tests of the supervision-reports API (api-contract.md, "Supervision reports"): a
liaison reports a penalty on a permit their department supervises; the bureau claims it and may
follow up with a decision on the permit, which is pushed again."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import Role
from supervision.models import Push, SupervisionReport
from tests.api.conftest import assert_error, client_for
from tests.flows import SHANGHAI, approve_permit

REPORTS = "/api/v1/supervision-reports/"
# Wednesday 10 June 2026, 10:00: reports are pushed then.
WEDNESDAY = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def liaison_other(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


@pytest.fixture
def permit(clerk, reviewer, approver, department):
    """A permit of an item supervised by `department` (the `liaison` fixture's) only."""
    decision = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )
    return decision.permit


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def body(permit_, **overrides):
    data = {
        "permit": permit_.number,
        "kind": "penalty",
        "decision_number": "示市监罚〔2026〕12号",
        "decision_date": "2026-06-08",
        "summary": "未按规定公示许可证件,罚款人民币 2000 元。",
    }
    data.update(overrides)
    return data


@pytest.fixture
def report(api, liaison, permit, at_wednesday):
    response = client_for(liaison).post(REPORTS, body(permit), format="json")
    assert response.status_code == 201, response.content
    return SupervisionReport.objects.get(pk=response.json()["id"])


# --- create ---------------------------------------------------------------------------------------


def test_liaison_pushes_a_report(api, liaison, permit, at_wednesday):
    response = api.as_user(liaison).post(REPORTS, body(permit), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "pushed"
    assert data["late"] is False
    assert data["pushed_at"].startswith("2026-06-10T10:00:00")
    # 3 working days after Wednesday 10 June: Monday 15 June, end of day.
    assert data["claim_deadline"].startswith("2026-06-15T23:59:59")
    assert data["permit"] == permit.number
    assert data["department"]["code"] == "market"
    assert isinstance(data["id"], int)


def test_report_after_the_seventh_working_day_is_late(api, liaison, permit, at_wednesday):
    # 7 working days after Wednesday 20 May 2026 is Friday 29 May: 10 June is late.
    response = api.as_user(liaison).post(
        REPORTS, body(permit, decision_date="2026-05-20"), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["late"] is True


def test_permit_outside_the_departments_supervision_is_404(
    api, liaison_other, permit, at_wednesday
):
    response = api.as_user(liaison_other).post(REPORTS, body(permit), format="json")
    assert_error(response, 404, "not_found")
    assert not SupervisionReport.objects.exists()


def test_unknown_permit_is_404(api, liaison, permit, at_wednesday):
    response = api.as_user(liaison).post(REPORTS, body(permit, permit="XK0000"), format="json")
    assert_error(response, 404, "not_found")


@pytest.mark.parametrize("role_user", ["inspector", "clerk", "approver"])
def test_only_liaisons_push_reports(request, api, permit, role_user, at_wednesday):
    user = request.getfixturevalue(role_user)
    assert_error(
        api.as_user(user).post(REPORTS, body(permit), format="json"), 403, "permission_denied"
    )


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"kind": "fine"}, "kind"),
        ({"decision_date": "2026-13-01"}, "decision_date"),
        ({"decision_date": "10/06/2026"}, "decision_date"),
        ({"decision_date": "2026-06-11"}, "decision_date"),  # after today
        ({"summary": ""}, "summary"),
        ({"decision_number": ""}, "decision_number"),
        ({"permit": ["x"]}, "permit"),
    ],
)
def test_bad_fields_are_400_with_the_field_named(
    api, liaison, permit, at_wednesday, overrides, field
):
    response = api.as_user(liaison).post(REPORTS, body(permit, **overrides), format="json")
    data = assert_error(response, 400, "invalid")
    assert field in data["fields"], data


def test_empty_body_is_400(api, liaison, permit):
    data = assert_error(api.as_user(liaison).post(REPORTS, {}, format="json"), 400, "invalid")
    assert {"permit", "kind", "decision_number", "decision_date", "summary"} <= set(data["fields"])


def test_multipart_with_a_pdf_attachment(api, liaison, permit, at_wednesday):
    upload = SimpleUploadedFile("决定书.pdf", PDF, content_type="application/pdf")
    response = api.as_user(liaison).post(
        REPORTS, {**body(permit), "attachment": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    report = SupervisionReport.objects.get(pk=response.json()["id"])
    assert report.attachment.read() == PDF
    assert response.json()["attachment"]


def test_attachment_of_the_wrong_type_is_400(api, liaison, permit, at_wednesday):
    upload = SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = api.as_user(liaison).post(
        REPORTS, {**body(permit), "attachment": upload}, format="multipart"
    )
    data = assert_error(response, 400, "file_type")
    assert "attachment" in data["fields"]
    assert not SupervisionReport.objects.exists()


def test_attachment_over_10_mb_is_400(api, liaison, permit, at_wednesday):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = api.as_user(liaison).post(
        REPORTS, {**body(permit), "attachment": big}, format="multipart"
    )
    data = assert_error(response, 400, "file_too_large")
    assert "attachment" in data["fields"]


def test_attachment_in_json_is_400(api, liaison, permit, at_wednesday):
    response = api.as_user(liaison).post(
        REPORTS, body(permit, attachment="JVBERi0xLjQ="), format="json"
    )
    assert "attachment" in assert_error(response, 400, "invalid")["fields"]


# --- read -----------------------------------------------------------------------------------------


def test_liaison_lists_their_departments_reports_only(api, liaison, liaison_other, report):
    assert [r["id"] for r in api.as_user(liaison).get(REPORTS).json()["results"]] == [report.pk]
    assert api.as_user(liaison_other).get(REPORTS).json()["count"] == 0


@pytest.mark.parametrize("role_user", ["clerk", "approver", "inspector"])
def test_bureau_and_inspector_list_all_reports(request, api, report, role_user):
    user = request.getfixturevalue(role_user)
    assert api.as_user(user).get(REPORTS).json()["count"] == 1
    assert api.as_user(user).get(f"{REPORTS}{report.pk}/").json()["id"] == report.pk


def test_reviewer_cannot_list_reports(api, reviewer, report):
    assert_error(api.as_user(reviewer).get(REPORTS), 403, "permission_denied")


def test_other_departments_report_detail_is_404(api, liaison_other, report):
    assert_error(api.as_user(liaison_other).get(f"{REPORTS}{report.pk}/"), 404, "not_found")


def test_status_filter_on_reports(api, clerk, report):
    client = api.as_user(clerk)
    assert client.get(REPORTS, {"status": "pushed"}).json()["count"] == 1
    assert client.get(REPORTS, {"status": "claimed"}).json()["count"] == 0
    assert_error(client.get(REPORTS, {"status": "x"}), 400, "invalid")


# --- claim ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("role_user", ["clerk", "approver"])
def test_bureau_claims_a_report(request, api, report, role_user):
    user = request.getfixturevalue(role_user)
    response = api.as_user(user).post(f"{REPORTS}{report.pk}/claim/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "claimed"
    assert response.json()["claim_late"] is False


def test_second_claim_on_a_report_is_409(api, clerk, approver, report):
    assert api.as_user(clerk).post(f"{REPORTS}{report.pk}/claim/").status_code == 200
    assert_error(api.as_user(approver).post(f"{REPORTS}{report.pk}/claim/"), 409, "already_claimed")


@pytest.mark.parametrize("role_user", ["liaison", "inspector"])
def test_readers_who_are_not_bureau_cannot_claim(request, api, report, role_user):
    user = request.getfixturevalue(role_user)
    assert_error(api.as_user(user).post(f"{REPORTS}{report.pk}/claim/"), 403, "permission_denied")


def test_reviewer_cannot_claim(api, reviewer, report):
    assert_error(
        api.as_user(reviewer).post(f"{REPORTS}{report.pk}/claim/"), 403, "permission_denied"
    )


def test_claim_of_missing_report_is_404(api, clerk, report):
    assert_error(api.as_user(clerk).post(f"{REPORTS}999999/claim/"), 404, "not_found")


# --- follow-up ------------------------------------------------------------------------------------


def test_approver_follows_up_with_a_revocation_that_is_pushed_again(
    api, clerk, reviewer, approver, report, at_wednesday
):
    """A follow-up starts a 撤销 procedure (no decision, no push yet); once reviewed and decided
    (一审一核) the revocation is pushed again."""
    api.as_user(clerk).post(f"{REPORTS}{report.pk}/claim/")
    before = Push.objects.count()
    response = api.as_user(approver).post(
        f"{REPORTS}{report.pk}/follow-up/",
        {"kind": "revoke", "reason": "以欺骗手段取得许可"},
        format="json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["status"] == "closed"
    assert data["decision_number"] is None
    procedure = data["procedure"]
    assert (procedure["kind"], procedure["status"]) == ("revoke", "started")
    assert Push.objects.count() == before
    api.as_user(reviewer).post(
        f"/api/v1/procedures/{procedure['id']}/review/",
        {"opinion": "属实", "recommendation": "approve"},
        format="json",
    )
    decided = api.as_user(approver).post(
        f"/api/v1/procedures/{procedure['id']}/decide/", {"decision": "approve"}, format="json"
    )
    assert decided.status_code == 200, decided.content
    assert Push.objects.count() == before + 1
    assert Push.objects.filter(
        decision_kind="revoke", decision_number=decided.json()["decision_number"]
    ).exists()


def test_follow_up_before_claim_is_409(api, approver, report):
    response = api.as_user(approver).post(
        f"{REPORTS}{report.pk}/follow-up/", {"kind": "revoke", "reason": "x"}, format="json"
    )
    assert_error(response, 409, "invalid_transition")


def test_follow_up_without_reason_is_400(api, clerk, approver, report):
    api.as_user(clerk).post(f"{REPORTS}{report.pk}/claim/")
    response = api.as_user(approver).post(
        f"{REPORTS}{report.pk}/follow-up/", {"kind": "revoke", "reason": ""}, format="json"
    )
    assert_error(response, 400, "reason_required")


def test_clerk_cannot_follow_up(api, clerk, report):
    api.as_user(clerk).post(f"{REPORTS}{report.pk}/claim/")
    response = api.as_user(clerk).post(
        f"{REPORTS}{report.pk}/follow-up/", {"kind": "revoke", "reason": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")
