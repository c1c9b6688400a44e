"""Applications API intake: applicant checks, unknown items, bad bodies."""

import pytest

from approvals.models import Applicant, Application
from catalog.models import ItemVersion
from tests.api.applications import url
from tests.api.conftest import APPLICATIONS, CREDIT_CODE, PERSON_ID, assert_error
from tests.factories import ApplicantFactory

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


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
