"""The commitment-checks API: list (scoped, filters, constant queries), detail (other department
404), record (200, again 409, hostile input 400, wrong role 403)."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals.models import PermitProcedure
from supervision.models import CommitmentCheck
from tests.factories import PublishedVersionFactory
from tests.flows import SHANGHAI, approve_permit
from tests.queries import exact_queries

URL = "/api/v1/commitment-checks/"
PUSHED = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)
BEFORE_DEADLINE = datetime.datetime(2026, 6, 18, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def make_permit(calendar_data, clerk, reviewer, approver, two_departments):
    def _make(days=5):
        version = PublishedVersionFactory(
            setup=two_departments, notice_commitment=True, commitment_check_days=days
        )
        return approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=two_departments,
            at=PUSHED,
            version=version,
        )

    return _make


@pytest.fixture
def liaison_m(make_user, two_departments):
    return make_user("liaison_m", "liaison", department=two_departments[0])


def _check(decision, department):
    return CommitmentCheck.objects.get(push__decision=decision, push__department=department)


def test_list_is_scoped_and_filtered(make_permit, two_departments, liaison_m, inspector, api):
    decision = make_permit()
    mine = _check(decision, two_departments[0])
    api.as_user(liaison_m)
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        body = api.get(URL).json()
        assert [row["id"] for row in body["results"]] == [mine.pk]
        assert api.get(URL + "?overdue=true").json()["results"] == []
        assert api.get(URL + "?status=pending").json()["count"] == 1
        assert api.get(URL + "?status=bogus").status_code == 400
        assert api.get(URL + "?overdue=maybe").status_code == 400
    later = datetime.datetime(2026, 6, 24, 9, tzinfo=SHANGHAI)
    with time_machine.travel(later, tick=False):
        assert [r["id"] for r in api.get(URL + "?overdue=true").json()["results"]] == [mine.pk]
    api.as_user(inspector)
    assert api.get(URL).json()["count"] == 2


def test_list_queries_do_not_grow(make_permit, inspector, api):
    make_permit()
    api.as_user(inspector)
    api.get(URL)  # warm the token
    with CaptureQueriesContext(connection) as first:
        assert api.get(URL).status_code == 200
    make_permit()
    make_permit()
    with exact_queries(len(first.captured_queries)):
        assert api.get(URL).json()["count"] == 6


def test_detail_other_department_is_404(make_permit, two_departments, liaison_m, api):
    decision = make_permit()
    other = _check(decision, two_departments[1])
    api.as_user(liaison_m)
    assert api.get(f"{URL}{other.pk}/").status_code == 404
    assert api.post(f"{URL}{other.pk}/record/", {"result": "verified"}).status_code == 404
    assert api.get(f"{URL}99999999999/").status_code == 404


def test_record_false_then_again_409(make_permit, two_departments, liaison_m, api):
    decision = make_permit()
    mine = _check(decision, two_departments[0])
    api.as_user(liaison_m)
    url = f"{URL}{mine.pk}/record/"
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        for bad in [
            {"result": "nope"},
            {"result": "false", "note": ""},
            {"result": "false", "note": "坏\x07"},
            {"result": "verified", "note": "长" * 5001},
            {},
        ]:
            answer = api.post(url, bad, format="json")
            assert answer.status_code == 400, bad
        answer = api.post(url, {"result": "false", "note": "场所不符"}, format="json")
        assert answer.status_code == 200
        body = answer.json()
        assert body["status"] == "false" and body["procedure"]
        assert PermitProcedure.objects.get(pk=body["procedure"]).kind == "revoke"
        again = api.post(url, {"result": "verified", "note": ""}, format="json")
        assert again.status_code == 409
        assert again.json()["code"] == "check_recorded"


def test_inspector_may_not_record(make_permit, two_departments, inspector, api):
    decision = make_permit()
    mine = _check(decision, two_departments[0])
    api.as_user(inspector)
    answer = api.post(f"{URL}{mine.pk}/record/", {"result": "verified"}, format="json")
    assert answer.status_code == 403
