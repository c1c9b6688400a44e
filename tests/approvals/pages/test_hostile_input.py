"""Hostile and unusual input on the approvals pages: identity numbers in any digits, texts with
nothing visible or past their limit, ids too big for the database. Each is a Chinese form error
(400) or a 404, never a 500; what only looks odd (full-width digits) is the plain value."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from approvals import limits, services
from approvals.models import Applicant, Application
from tests.approvals.pages.helpers import (
    PNG_BYTES,
    VALID_ID,
    action_url,
    intake_data,
    logged_in,
    messages_of,
)

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")

ZW = "\u200b\u200c\u200d\u2060\ufeff"
HUGE = "99999999999999999999"  # 20 digits: past a 64-bit integer


def _workbench(client, user, version, **fields):
    return logged_in(client, user).post(
        reverse("approvals:workbench"), intake_data(version, **fields)
    )


# --- identity numbers on the workbench ---------------------------------------------------------


@pytest.mark.parametrize(
    ("id_number", "message"),
    [
        ("²10105194912310021", "前 17 位应为数字"),
        ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "前 17 位应为数字"),
        ("११०१०५१९४९१२३१००२X", "前 17 位应为数字"),
        ("99010519491231002X", "行政区划代码"),
        ("110105202701010015", "出生日期"),
    ],
)
@pytest.mark.parametrize("op", ["submit", "lookup"])
def test_a_person_id_in_other_digits_is_a_form_error(
    client, clerk, version, id_number, message, op
):
    response = _workbench(client, clerk, version, id_number=id_number, op=op)
    assert response.status_code == (400 if op == "submit" else 200)
    body = response.content.decode()
    assert 'data-testid="error-id_number"' in body and message in body
    assert not Applicant.objects.exists()


def test_a_person_id_typed_full_width_is_the_same_person(client, clerk, version):
    assert _workbench(client, clerk, version).status_code == 302
    response = _workbench(client, clerk, version, id_number="１１０１０５１９４９１２３１００２ｘ")
    assert response.status_code == 302
    assert Applicant.objects.get().id_number == VALID_ID
    assert Application.objects.count() == 2


def test_looking_up_a_full_width_id_finds_the_registered_person(client, clerk, version, applicant):
    response = _workbench(
        client,
        clerk,
        version,
        op="lookup",
        id_number="１１０１０５ １９４９１２３１ ００２Ｘ",
        name="",
    )
    assert response.status_code == 200
    assert f"已找到登记过的申请人:{applicant.name}。" in messages_of(response)


def test_a_credit_code_with_spaces_is_normalised(client, clerk, version):
    response = _workbench(
        client,
        clerk,
        version,
        kind="organization",
        name="示例有限公司",
        id_number="9111 0105\u3000MA01 C0XX 27",
    )
    assert response.status_code == 302
    assert Applicant.objects.get().id_number == "91110105MA01C0XX27"


# --- texts: nothing visible, or too long -------------------------------------------------------


def test_a_name_of_zero_width_characters_only_is_a_form_error(client, clerk, version):
    response = _workbench(client, clerk, version, name=ZW)
    assert response.status_code == 400
    assert 'data-testid="error-name"' in response.content.decode()
    assert not Applicant.objects.exists()


def test_workbench_content_past_its_limit_is_a_form_error(client, clerk, version):
    response = _workbench(client, clerk, version, content="内" * (limits.CONTENT_MAX + 1))
    assert response.status_code == 400
    assert 'data-testid="error-content"' in response.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("reason", [ZW, "\u3000" + ZW + " ", "理" * (limits.REASON_MAX + 1)])
def test_refusing_with_an_invisible_or_too_long_reason_is_a_form_error(
    client, clerk, submitted, reason
):
    app = submitted()
    response = logged_in(client, clerk).post(action_url(app, "refuse"), {"reason": reason})
    assert response.status_code == 400
    assert 'data-testid="error-reason"' in response.content.decode()
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and app.refusal_reason == ""


def test_a_refusal_reason_at_its_limit_is_taken(client, clerk, submitted):
    app = submitted()
    reason = "理" * limits.REASON_MAX
    response = logged_in(client, clerk).post(action_url(app, "refuse"), {"reason": reason})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.refusal_reason == reason


@pytest.mark.parametrize("opinion", [ZW, "意" * (limits.OPINION_MAX + 1)])
def test_reviewing_with_an_invisible_or_too_long_opinion_is_a_form_error(
    client, reviewer, accepted, opinion
):
    app = accepted()
    response = logged_in(client, reviewer).post(
        action_url(app, "review"),
        {"opinion": opinion, "recommendation": "approve", "site_inspection": "现场符合"},
    )
    assert response.status_code == 400
    assert 'data-testid="error-opinion"' in response.content.decode()


@pytest.mark.parametrize("valid_until", ["9999-12-31", "2031-06-01", "2026-05-31"])
def test_deciding_with_valid_until_out_of_range_is_a_form_error(
    client, approver, reviewed, valid_until
):
    app = reviewed()
    response = logged_in(client, approver).post(
        action_url(app, "decide"), {"decision": "approve", "valid_until": valid_until}
    )
    assert response.status_code == 400
    assert 'data-testid="error-valid_until"' in response.content.decode()
    app.refresh_from_db()
    assert app.status == S.REVIEWED


# --- ids too big for the database --------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        f"/approvals/applications/{HUGE}/",
        f"/approvals/applications/1/files/{HUGE}/",
        f"/approvals/applications/{HUGE}/files/1/",
        f"/approvals/applications/{HUGE}/documents/acceptance/",
        f"/approvals/applications/{HUGE}/documents/acceptance.pdf",
        "/approvals/applications/9223372036854775808/",  # 2**63
        "/approvals/applications/0/",
        "/approvals/applications/٣/",  # an Arabic-Indic three
        "/approvals/applications/１/",  # a full-width one
    ],
)
def test_a_path_id_out_of_range_is_404(client, clerk, submitted, path):
    submitted()
    response = logged_in(client, clerk).get(path)
    assert response.status_code == 404


@pytest.mark.parametrize("action", ["refuse", "accept", "reveal-id", "request-correction"])
def test_a_post_to_a_huge_application_id_is_404(client, clerk, action):
    response = logged_in(client, clerk).post(f"/approvals/applications/{HUGE}/{action}/", {})
    assert response.status_code == 404


def test_the_largest_id_reaches_the_view_and_is_a_plain_404(client, clerk):
    response = logged_in(client, clerk).get(f"/approvals/applications/{2**63 - 1}/")
    assert response.status_code == 404


@pytest.mark.parametrize("value", [HUGE, "-1", "٣", "1e3", "１", str(2**63)])
def test_a_reused_file_id_out_of_range_is_a_form_error(
    client, clerk, version, applicant, materials, value
):
    services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("a.png", PNG_BYTES)
    )
    response = _workbench(
        client, clerk, version, id_number=applicant.id_number, **{f"reuse_{materials[0]}": value}
    )
    assert response.status_code == 400
    assert not Application.objects.exists()


@pytest.mark.parametrize("value", [HUGE, "-1", "٣", "1e3", "１", str(2**63)])
@pytest.mark.parametrize(
    ("action", "field"), [("accept", "waived"), ("request-correction", "missing")]
)
def test_material_ids_out_of_range_are_form_errors(client, clerk, submitted, action, field, value):
    app = submitted()
    response = logged_in(client, clerk).post(action_url(app, action), {field: [value]})
    assert response.status_code == 400
    app.refresh_from_db()
    assert app.status == S.SUBMITTED
