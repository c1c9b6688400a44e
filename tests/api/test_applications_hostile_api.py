"""Hostile and unusual input on the applications API: identity numbers in any digits, names and
texts with nothing visible, texts past their limit. Each is a 400 with the contract's body
(or, where the input only looks odd, the same row as the plain one), never a 500."""

import pytest

from approvals import limits
from approvals.models import Applicant, Application
from tests.api.applications import url
from tests.api.conftest import APPLICATIONS, CREDIT_CODE, PERSON_ID, assert_error

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

ZW = "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM


def _with_applicant(payload, **applicant):
    body = payload()
    body["applicant"] = {**body["applicant"], **applicant}
    return body


# --- identity numbers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("id_number", "code_in_message"),
    [
        ("²10105194912310021", "前 17 位应为数字"),  # was a 500: isdigit() yes, int() no
        ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "前 17 位应为数字"),  # Arabic-Indic
        ("११०१०५१९४९१२३१००२X", "前 17 位应为数字"),  # Devanagari
        ("𝟏𝟏𝟎𝟏𝟎𝟓𝟏𝟗𝟒𝟗𝟏𝟐𝟑𝟏𝟎𝟎𝟐X", "前 17 位应为数字"),  # mathematical bold
        ("99010519491231002X", "行政区划代码"),  # no such province
        ("110105189912310022", "出生日期"),  # before 1900 (right check digit)
        ("110105202701010015", "出生日期"),  # after today (right check digit)
        (ZW, "18 位"),
    ],
)
def test_a_person_id_in_other_digits_or_impossible_is_400_invalid_applicant(
    api, clerk, payload, id_number, code_in_message
):
    response = api.as_user(clerk).post(
        APPLICATIONS, _with_applicant(payload, id_number=id_number), format="json"
    )
    body = assert_error(response, 400, "invalid_applicant")
    assert any(code_in_message in m for m in body["fields"]["applicant"]), body
    assert not Applicant.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [
        "１１０１０５１９４９１２３１００２Ｘ",
        "１１０１０５１９４９１２３１００２ｘ",
        "110105 19491231 002x",
    ],
)
def test_a_person_id_typed_full_width_is_the_same_person(api, clerk, payload, typed):
    client = api.as_user(clerk)
    assert client.post(APPLICATIONS, payload(), format="json").status_code == 201
    response = client.post(APPLICATIONS, _with_applicant(payload, id_number=typed), format="json")
    assert response.status_code == 201, response.content
    assert Applicant.objects.get().id_number == PERSON_ID
    assert Application.objects.values("applicant").distinct().count() == 1


def test_a_credit_code_with_spaces_is_normalised_not_refused(api, clerk, payload):
    spaced = "9111 0105\u3000MA01 C0XX ２７"
    body = _with_applicant(payload, kind="organization", name="示例有限公司", id_number=spaced)
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert response.status_code == 201, response.content
    assert Applicant.objects.get().id_number == CREDIT_CODE


def test_a_credit_code_with_arabic_indic_digits_is_400(api, clerk, payload):
    body = _with_applicant(
        payload, kind="organization", name="示例有限公司", id_number="91١١0105MA01C0XX27"
    )
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert_error(response, 400, "invalid_applicant")


# --- names and texts with nothing visible ------------------------------------------------------


@pytest.mark.parametrize("name", [ZW, " \u3000" + ZW, "\u00ad\u200e"])
def test_a_name_of_invisible_characters_only_is_400_invalid(api, clerk, payload, name):
    response = api.as_user(clerk).post(
        APPLICATIONS, _with_applicant(payload, name=name), format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["applicant"]
    assert not Applicant.objects.exists()


def test_zero_width_characters_inside_a_name_are_dropped(api, clerk, payload):
    response = api.as_user(clerk).post(
        APPLICATIONS, _with_applicant(payload, name="张\u200b小\ufeff三"), format="json"
    )
    assert response.status_code == 201, response.content
    assert Applicant.objects.get().name == "张小三"


def test_refusing_with_an_invisible_reason_is_400_reason_required(api, clerk, flow):
    app_id = flow.submit()
    response = api.as_user(clerk).post(url(app_id, "refuse"), {"reason": ZW}, format="json")
    body = assert_error(response, 400, "reason_required")
    assert "reason" in body["fields"]


def test_reviewing_with_an_invisible_opinion_is_400_with_fields(api, reviewer, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    response = api.as_user(reviewer).post(
        url(app_id, "review"), {"opinion": ZW, "recommendation": "approve"}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert "opinion" in body["fields"]


def test_denying_with_an_invisible_reason_is_400_reason_required(api, approver, flow):
    response = api.as_user(approver).post(
        url(flow.reviewed(), "decide"), {"decision": "deny", "reason": ZW}, format="json"
    )
    assert_error(response, 400, "reason_required")


def test_delivering_to_an_invisible_collector_is_400(api, clerk, flow):
    app_id, _number = flow.approved()
    response = api.as_user(clerk).post(url(app_id, "deliver"), {"collected_by": ZW}, format="json")
    assert_error(response, 400, "collector_required")


# --- texts past their limit ------------------------------------------------------------------


def _too_long(limit):
    return "理" * (limit + 1)


def test_content_past_its_limit_is_400_and_at_it_is_201(api, clerk, payload):
    client = api.as_user(clerk)
    response = client.post(
        APPLICATIONS, payload(content=_too_long(limits.CONTENT_MAX)), format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["content"]
    ok = client.post(APPLICATIONS, payload(content="容" * limits.CONTENT_MAX), format="json")
    assert ok.status_code == 201


@pytest.mark.parametrize(
    ("field", "limit"),
    [("name", limits.NAME_MAX), ("phone", limits.PHONE_MAX), ("address", limits.ADDRESS_MAX)],
)
def test_applicant_fields_past_their_limit_are_400(api, clerk, payload, field, limit):
    response = api.as_user(clerk).post(
        APPLICATIONS, _with_applicant(payload, **{field: "1" * (limit + 1)}), format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["applicant"]


def test_a_refusal_reason_past_2000_characters_is_400(api, clerk, flow):
    app_id = flow.submit()
    response = api.as_user(clerk).post(
        url(app_id, "refuse"), {"reason": _too_long(limits.REASON_MAX)}, format="json"
    )
    body = assert_error(response, 400, "invalid")
    assert list(body["fields"]) == ["reason"]
    assert Application.objects.get(pk=app_id).status == Application.Status.SUBMITTED


def test_a_correction_note_past_its_limit_is_400(api, clerk, flow, materials):
    app_id = flow.submit()
    response = api.as_user(clerk).post(
        url(app_id, "request-correction"),
        {"missing": materials[:1], "note": _too_long(limits.REASON_MAX)},
        format="json",
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"note"}


@pytest.mark.parametrize(
    ("field", "limit"),
    [("opinion", limits.OPINION_MAX), ("site_inspection", limits.INSPECTION_MAX)],
)
def test_review_texts_past_their_limit_are_400(api, reviewer, flow, field, limit):
    app_id = flow.submit()
    flow.accept(app_id)
    body = {"opinion": "同意", "recommendation": "approve", field: _too_long(limit)}
    response = api.as_user(reviewer).post(url(app_id, "review"), body, format="json")
    assert assert_error(response, 400, "invalid")["fields"].keys() == {field}


def test_a_special_procedure_note_past_its_limit_is_400(api, reviewer, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    response = api.as_user(reviewer).post(
        url(app_id, "pause"),
        {"kind": "hearing", "note": _too_long(limits.NOTE_MAX)},
        format="json",
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"note"}


def test_a_decision_reason_past_its_limit_is_400(api, approver, flow):
    response = api.as_user(approver).post(
        url(flow.reviewed(), "decide"),
        {"decision": "deny", "reason": _too_long(limits.REASON_MAX)},
        format="json",
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"reason"}


def test_a_collector_past_its_limit_is_400(api, clerk, flow):
    app_id, _number = flow.approved()
    response = api.as_user(clerk).post(
        url(app_id, "deliver"), {"collected_by": _too_long(limits.COLLECTOR_MAX)}, format="json"
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"collected_by"}


def test_the_schema_states_the_limits(api, inspector):
    schema = api.as_user(inspector).get("/api/schema/?format=json").json()["components"]
    props = schema["schemas"]
    assert props["RefuseRequest"]["properties"]["reason"]["maxLength"] == limits.REASON_MAX
    assert props["ReviewRequest"]["properties"]["opinion"]["maxLength"] == limits.OPINION_MAX
    assert props["ApplicationCreateRequest"]["properties"]["content"]["maxLength"] == (
        limits.CONTENT_MAX
    )
    assert props["PermitActRequest"]["properties"]["reason"]["maxLength"] == limits.REASON_MAX
