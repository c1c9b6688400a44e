"""Contract tests of /api/v1/permits/<number>/: reading a permit (with liaison scoping) and
later decisions on it (act/)."""

import datetime

import pytest
import time_machine

from approvals.models import Permit
from approvals.verification import verify_url
from core.roles import Role
from tests.api.conftest import SHANGHAI, assert_error
from tests.queries import exact_queries

pytestmark = pytest.mark.usefixtures("at_monday", "seal")

PERMIT_FIELDS = {
    "number",
    "item",
    "holder_name",
    "status",
    "valid_from",
    "valid_until",
    "decision_number",
    "verify_url",
}


def url(number, action=""):
    return f"/api/v1/permits/{number}/{action + '/' if action else ''}"


@pytest.fixture
def permit_number(flow):
    return flow.approved()[1]


# --- reading -----------------------------------------------------------------------------------


def test_permit_has_the_contract_fields(api, inspector, permit_number, version):
    response = api.as_user(inspector).get(url(permit_number))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) >= PERMIT_FIELDS
    assert body["number"] == permit_number == "XK2026000001"
    assert body["item"] == {"code": version.item.code, "name": version.name}
    assert body["holder_name"] == "张小三"
    assert body["status"] == "valid"
    assert (body["valid_from"], body["valid_until"]) == ("2026-06-01", "2031-05-31")
    assert body["decision_number"] == "示审批〔2026〕1号"
    assert body["verify_url"] == verify_url(permit_number)
    assert "?c=" in body["verify_url"]
    assert body["replaces"] is None and body["replaced_by"] is None


@pytest.mark.parametrize("role", ["clerk", "reviewer", "approver", "inspector", "catalog_admin"])
def test_any_bureau_role_reads_a_permit(api, request, role, permit_number):
    user = request.getfixturevalue(role)
    assert api.as_user(user).get(url(permit_number)).status_code == 200


def test_a_liaison_reads_a_permit_their_department_supervises(api, liaison, permit_number):
    response = api.as_user(liaison).get(url(permit_number))
    assert response.status_code == 200
    assert response.json()["number"] == permit_number


def test_a_liaison_of_another_department_gets_404(api, make_user, other_department, permit_number):
    outsider = make_user("liaison_health", Role.LIAISON, department=other_department)
    assert_error(api.as_user(outsider).get(url(permit_number)), 404, "not_found")


def test_an_unknown_permit_is_404(api, inspector, liaison):
    assert_error(api.as_user(inspector).get(url("XK2099999999")), 404, "not_found")
    assert_error(api.as_user(liaison).get(url("XK2099999999")), 404, "not_found")


def test_a_user_without_a_role_gets_403(api, make_user, permit_number):
    nobody = make_user("nobody")
    assert_error(api.as_user(nobody).get(url(permit_number)), 403, "permission_denied")


def test_reading_a_permit_without_credentials_is_401(api, permit_number):
    assert_error(api.get(url(permit_number)), 401, "not_authenticated")


def test_a_permit_past_its_validity_reads_as_expired(api, inspector, permit_number):
    with time_machine.travel(datetime.datetime(2031, 6, 1, 9, tzinfo=SHANGHAI), tick=False):
        body = api.as_user(inspector).get(url(permit_number)).json()
    assert body["status"] == "expired"
    assert Permit.objects.get(number=permit_number).status == "valid"  # the job has not run


def test_permit_read_makes_an_exact_number_of_queries(api, inspector, permit_number):
    client = api.as_user(inspector)
    # token+user, groups, permit, item, granting decision, replaces/replaced_by
    with exact_queries(6):
        assert client.get(url(permit_number)).status_code == 200


# --- later decisions (act/) --------------------------------------------------------------------


def _decided(api, approver, reviewer, number, **body):
    """act/ starts an ex officio procedure (201); a reviewer reviews it and the approver decides
    it (一审一核) through the procedures API; returns the decided procedure's body."""
    started = api.as_user(approver).post(url(number, "act"), body, format="json")
    assert started.status_code == 201, started.content
    procedure = started.json()["id"]
    assert started.json()["status"] == "started" and started.json()["decision_number"] is None
    reviewed = api.as_user(reviewer).post(
        f"/api/v1/procedures/{procedure}/review/",
        {"opinion": "情况属实", "recommendation": "approve"},
        format="json",
    )
    assert reviewed.status_code == 200, reviewed.content
    decided = api.as_user(approver).post(
        f"/api/v1/procedures/{procedure}/decide/", {"decision": "approve"}, format="json"
    )
    assert decided.status_code == 200, decided.content
    return decided.json()


def test_act_starts_a_procedure_and_decides_nothing_yet(api, approver, permit_number):
    response = api.as_user(approver).post(
        url(permit_number, "act"), {"kind": "revoke", "reason": "以欺骗手段取得许可"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "ex_officio"
    assert api.as_user(approver).get(url(permit_number)).json()["status"] == "valid"


def test_revoking_a_permit_is_a_numbered_decision(api, approver, reviewer, permit_number):
    body = _decided(
        api, approver, reviewer, permit_number, kind="revoke", reason="以欺骗手段取得许可"
    )
    assert body["decision_number"] == "示审批〔2026〕2号" and body["kind"] == "revoke"
    assert body["new_permit"] is None
    permit = api.as_user(approver).get(url(permit_number)).json()
    assert permit["status"] == "revoked"
    # The permit still names the decision that granted it.
    assert permit["decision_number"] == "示审批〔2026〕1号"


def test_acting_on_a_permit_that_is_no_longer_valid_is_409(api, approver, reviewer, permit_number):
    _decided(api, approver, reviewer, permit_number, kind="revoke", reason="依法撤销")
    response = api.as_user(approver).post(
        url(permit_number, "act"), {"kind": "change", "reason": "x"}, format="json"
    )
    assert response.status_code == 409, response.content


def test_a_change_issues_a_replacing_permit(api, approver, reviewer, permit_number):
    body = _decided(
        api,
        approver,
        reviewer,
        permit_number,
        kind="change",
        reason="经营场所变更",
        content="新地址",
    )
    assert body["new_permit"] == "XK2026000002"
    old = api.as_user(approver).get(url(permit_number)).json()
    assert old["status"] == "changed" and old["replaced_by"] == "XK2026000002"
    new = api.as_user(approver).get(url("XK2026000002")).json()
    assert new["status"] == "valid" and new["replaces"] == permit_number
    assert new["decision_number"] == "示审批〔2026〕2号"


def test_a_renewal_starts_after_the_current_validity(api, approver, reviewer, permit_number):
    _decided(api, approver, reviewer, permit_number, kind="renew", reason="有效期届满前申请延续")
    new = api.as_user(approver).get(url("XK2026000002")).json()
    assert (new["valid_from"], new["valid_until"]) == ("2031-06-01", "2036-05-31")
    assert new["number"] == "XK2026000002"  # numbered by the year it is issued, not 2031


def test_acting_without_a_reason_is_400_reason_required(api, approver, permit_number):
    response = api.as_user(approver).post(
        url(permit_number, "act"), {"kind": "withdraw", "reason": ""}, format="json"
    )
    assert_error(response, 400, "reason_required")


def test_an_unknown_act_kind_is_400_with_fields(api, approver, permit_number):
    response = api.as_user(approver).post(
        url(permit_number, "act"), {"kind": "approve", "reason": "x"}, format="json"
    )
    assert "kind" in assert_error(response, 400, "invalid")["fields"]


def test_only_an_approver_acts_on_a_permit(api, clerk, permit_number):
    response = api.as_user(clerk).post(
        url(permit_number, "act"), {"kind": "revoke", "reason": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")


def test_a_liaison_acting_on_a_supervised_permit_is_403(api, liaison, permit_number):
    response = api.as_user(liaison).post(
        url(permit_number, "act"), {"kind": "revoke", "reason": "x"}, format="json"
    )
    assert_error(response, 403, "permission_denied")


def test_a_liaison_acting_on_another_departments_permit_is_404(
    api, make_user, other_department, permit_number
):
    outsider = make_user("liaison_health", Role.LIAISON, department=other_department)
    response = api.as_user(outsider).post(
        url(permit_number, "act"), {"kind": "revoke", "reason": "x"}, format="json"
    )
    assert_error(response, 404, "not_found")


def test_reading_a_permit_is_get_only(api, approver, permit_number):
    assert_error(api.as_user(approver).delete(url(permit_number)), 405, "method_not_allowed")
    assert_error(api.as_user(approver).get(url(permit_number, "act")), 405, "method_not_allowed")


# --- permit dates: the range of valid_until, the number by the year of issue -------------------


def _act(api, approver, number, **body):
    return api.as_user(approver).post(url(number, "act"), body, format="json")


@pytest.mark.parametrize(
    "valid_until",
    [
        "9999-12-31",  # accepted once, then the next renewal crashed (date out of range)
        "2031-06-01",  # a day past the item's 5 years (2026-06-01 .. 2031-05-31)
        "2026-05-31",  # yesterday
        "0001-01-01",
    ],
)
def test_deciding_with_valid_until_out_of_range_is_400(api, approver, flow, valid_until):
    response = api.as_user(approver).post(
        f"/api/v1/applications/{flow.reviewed()}/decide/",
        {"decision": "approve", "valid_until": valid_until},
        format="json",
    )
    body = assert_error(response, 400, "invalid_valid_until")
    assert list(body["fields"]) == ["valid_until"]
    assert not Permit.objects.exists()


@pytest.mark.parametrize("valid_until", ["2026-06-01", "2031-05-31"])
def test_deciding_with_valid_until_at_either_end_of_the_range_is_200(
    api, approver, flow, valid_until
):
    permit = flow.decide(flow.reviewed(), valid_until=valid_until)["permit"]
    assert permit["valid_until"] == valid_until


@pytest.mark.parametrize(
    ("kind", "valid_until"),
    [
        ("renew", "2026-05-01"),  # in the past
        ("renew", "2031-05-31"),  # before the renewal starts (2031-06-01)
        ("renew", "2036-06-01"),  # past the item's 5 years from 2031-06-01
        ("renew", "9999-12-31"),
        ("change", "2026-05-31"),  # in the past
        ("change", "2031-06-01"),  # past the item's 5 years from the original start
        ("change", "9999-12-31"),
    ],
)
def test_renewing_or_changing_with_valid_until_out_of_range_is_400(
    api, approver, permit_number, kind, valid_until
):
    response = _act(api, approver, permit_number, kind=kind, reason="申请", valid_until=valid_until)
    assert_error(response, 400, "invalid_valid_until")
    assert Permit.objects.get(number=permit_number).status == Permit.Status.VALID
    assert Permit.objects.count() == 1


def test_a_renewal_at_the_end_of_its_range_is_200(api, approver, reviewer, permit_number):
    _decided(
        api,
        approver,
        reviewer,
        permit_number,
        kind="renew",
        reason="延续",
        valid_until="2036-05-31",
    )
    assert api.as_user(approver).get(url("XK2026000002")).json()["valid_until"] == "2036-05-31"


def test_renewing_a_permit_valid_until_9999_is_409_not_500(api, approver, permit_number):
    # A permit written before the range was checked.
    Permit.objects.filter(number=permit_number).update(valid_until=datetime.date.max)
    response = _act(api, approver, permit_number, kind="renew", reason="延续")
    assert_error(response, 409, "renewal_not_due")
    assert Permit.objects.count() == 1


# --- permit acts: texts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "limit"), [("reason", 2000), ("content", 2000), ("holder_name", 200)]
)
def test_act_texts_past_their_limit_are_400(api, approver, permit_number, field, limit):
    body = {"kind": "change", "reason": "变更", field: "文" * (limit + 1)}
    response = _act(api, approver, permit_number, **body)
    assert assert_error(response, 400, "invalid")["fields"].keys() == {field}
    assert Permit.objects.count() == 1


def test_acting_with_an_invisible_reason_is_400_reason_required(api, approver, permit_number):
    response = _act(api, approver, permit_number, kind="revoke", reason="\u200b\u2060 ")
    assert_error(response, 400, "reason_required")


def test_changing_to_an_invisible_holder_name_is_400(api, approver, permit_number):
    response = _act(
        api, approver, permit_number, kind="change", reason="名称变更", holder_name="\u200b\u200d"
    )
    assert assert_error(response, 400, "invalid")["fields"].keys() == {"holder_name"}
    assert Permit.objects.count() == 1
