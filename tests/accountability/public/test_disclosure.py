"""双公示: permits granted, changed, revoked and cancelled, listed from the moment of the decision;
a person's name masked, an organisation's in full; filters; exact queries; the Atom feed."""

import datetime

import pytest

from approvals import services as approvals
from tests.factories import ApplicantFactory
from tests.queries import exact_queries

URL = "/disclosure/"


@pytest.fixture
def org():
    return ApplicantFactory(
        kind="organization", name="示例县好味餐饮有限公司", id_number="91440300MA5FXXXX1X"
    )


def _permits(approved, n):
    return [
        approved(
            ApplicantFactory(id_number=f"1101051949123{i:04d}", name=f"王小{i}明")
        ).permits.get()
        for i in range(n)
    ]


def test_a_granted_permit_is_disclosed_at_once_with_the_name_masked(client, approved):
    app = approved()
    permit = app.permits.get()
    response = client.get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert permit.number in body and "张*三" in body and "张小三" not in body
    assert "准予许可" in body
    assert app.decided_at.date().isoformat()[:4] in body
    assert "11010519491231002X" not in body


def test_an_organisation_is_named_in_full(client, approved, org):
    approved(org)
    assert "示例县好味餐饮有限公司" in client.get(URL).content.decode()


def test_revoked_and_cancelled_permits_are_listed_as_such(client, approved, approver):
    a, b = _permits(approved, 2)
    approvals.act_on_permit(
        permit_number=a.number, approver=approver, kind="revoke", reason="以欺骗手段取得"
    )
    approvals.act_on_permit(
        permit_number=b.number, approver=approver, kind="cancel", reason="申请注销"
    )
    rows = client.get(URL).context["rows"]
    kinds = sorted(r["kind"] for r in rows)
    assert kinds == ["approve", "approve", "cancel", "revoke"]
    revoked = next(r for r in rows if r["kind"] == "revoke")
    assert revoked["permit_number"] == a.number and revoked["status_label"] == "已撤销"


def test_a_change_names_the_new_permit(client, approved, approver):
    [permit] = _permits(approved, 1)
    decision = approvals.act_on_permit(
        permit_number=permit.number, approver=approver, kind="change", reason="变更经营范围"
    )
    change = next(r for r in client.get(URL).context["rows"] if r["kind"] == "change")
    assert change["permit_number"] == decision.permit.number != permit.number


@pytest.mark.parametrize("n", [1, 4])
def test_the_page_has_a_constant_number_of_queries(client, approved, n):
    _permits(approved, n)
    with exact_queries(3):  # the filter's items, the count, the rows
        response = client.get(URL)
    assert len(response.context["rows"]) == n


def test_filters_by_item_and_date(client, approved):
    a, b = _permits(approved, 2)
    code = a.item_version.item.code
    rows = client.get(URL, {"item": code}).context["rows"]
    assert [r["permit_number"] for r in rows] == [a.number]
    day = a.application.decided_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).date()
    assert len(client.get(URL, {"date_from": day, "date_to": day}).context["rows"]) == 2
    later = day + datetime.timedelta(days=1)
    assert client.get(URL, {"date_from": later}).context["rows"] == []


@pytest.mark.parametrize(
    "query",
    [
        {"item": "no-such-item"},
        {"date_from": "2026-13-01"},
        {"date_from": "99999-01-01"},
        {"date_from": "2026-06-10", "date_to": "2026-06-01"},
        {"date_from": "１９９９-01-01"},
        {"date_to": "0001-01-01"},
    ],
)
def test_bad_filters_are_a_clear_400(client, approved, query):
    approved()
    response = client.get(URL, query)
    assert response.status_code == 400
    assert response.context["rows"] == []


def test_a_page_number_out_of_range_shows_the_last_page(client, approved):
    approved()
    assert client.get(URL, {"page": "99999999999999999999"}).status_code == 200


def test_the_feed_is_atom_with_the_same_rows_masked(client, approved, org):
    approved()
    approved(org)
    response = client.get("/disclosure/feed/")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert body.count("<entry>") == 2
    assert "张*三" in body and "张小三" not in body and "示例县好味餐饮有限公司" in body
