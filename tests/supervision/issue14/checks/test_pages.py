"""The check pages: the liaison's list with the deadline, the record form (不属实 → the procedure
and the credit record shown), other department 404, a non-liaison's POST 403, the push page's
slot links to the check."""

import datetime

import pytest
import time_machine

from supervision.models import CommitmentCheck
from tests.factories import PublishedVersionFactory
from tests.flows import SHANGHAI, approve_permit

PUSHED = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)
BEFORE_DEADLINE = datetime.datetime(2026, 6, 18, 9, 0, tzinfo=SHANGHAI)


@pytest.fixture
def checks(calendar_data, clerk, reviewer, approver, two_departments):
    version = PublishedVersionFactory(
        setup=two_departments, notice_commitment=True, commitment_check_days=5
    )
    decision = approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=two_departments,
        at=PUSHED,
        version=version,
    )
    return [
        CommitmentCheck.objects.get(push__decision=decision, department=d) for d in two_departments
    ]


@pytest.fixture
def liaison_m(make_user, two_departments):
    return make_user("liaison_m", "liaison", department=two_departments[0])


def test_list_and_record_false(checks, liaison_m, client):
    mine, other = checks
    client.force_login(liaison_m)
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        page = client.get("/supervision/checks/").content.decode()
        assert f"/supervision/checks/{mine.pk}/" in page
        assert f"/supervision/checks/{other.pk}/" not in page
        assert "2026-06-23" in page
        assert client.get(f"/supervision/checks/{other.pk}/").status_code == 404
        refused = client.post(f"/supervision/checks/{mine.pk}/", {"result": "false", "note": ""})
        assert refused.status_code == 200 and "必填" in refused.content.decode()
        done = client.post(
            f"/supervision/checks/{mine.pk}/", {"result": "false", "note": "场所不符"}, follow=True
        )
    body = done.content.decode()
    assert "不属实" in body and "撤销" in body and "已记入失信记录" in body
    mine.refresh_from_db()
    assert mine.status == "false"


def test_inspector_reads_but_may_not_record(checks, inspector, client):
    mine, _other = checks
    client.force_login(inspector)
    assert client.get(f"/supervision/checks/{mine.pk}/").status_code == 200
    assert client.post(f"/supervision/checks/{mine.pk}/", {"result": "verified"}).status_code == 403


def test_push_page_links_the_check(checks, liaison_m, client):
    mine, _other = checks
    client.force_login(liaison_m)
    page = client.get(f"/supervision/pushes/{mine.push_id}/").content.decode()
    assert f"/supervision/checks/{mine.pk}/" in page
