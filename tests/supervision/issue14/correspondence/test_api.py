"""The correspondence API: /api/v1/information/ and /api/v1/inquiries/ — isolation, read receipts
on GET, claim, reply, hostile bodies, a constant number of queries as rows grow."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.roles import Role
from supervision.models import Information, InformationReceipt, Inquiry
from supervision.services import correspondence as svc
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def health_liaison(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


def _policy(clerk, department, title="政策"):
    (info,) = svc.create_information(
        user=clerk, kind="policy", title=title, department_ids=[department.pk]
    )
    return info


def test_the_bureau_posts_information_to_two_departments(api, clerk, department, other_department):
    client = api.as_user(clerk)
    response = client.post(
        "/api/v1/information/",
        {
            "kind": "training",
            "title": "培训通知",
            "departments": [department.pk, other_department.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [row["department"]["code"] for row in body] == ["market", "health"]
    assert body[0]["needs_claim"] is False and body[0]["direction"] == "to_department"


def test_a_liaison_posts_a_tip_with_a_claim_deadline(api, liaison):
    response = api.as_user(liaison).post(
        "/api/v1/information/", {"kind": "unlicensed_tip", "title": "线索"}, format="json"
    )
    assert response.status_code == 201, response.content
    (row,) = response.json()
    assert row["direction"] == "to_bureau" and row["needs_claim"] is True
    assert row["claim_deadline"]


def test_get_by_a_required_reader_records_the_receipt_once(api, clerk, liaison, department):
    info = _policy(clerk, department)
    client = api.as_user(liaison)
    for _ in range(2):
        response = client.get(f"/api/v1/information/{info.pk}/")
        assert response.status_code == 200
    assert [r["reader"] for r in response.json()["receipts"]] == ["liaison_market"]
    assert InformationReceipt.objects.count() == 1
    # The sender reading it leaves no receipt.
    api.as_user(clerk).get(f"/api/v1/information/{info.pk}/")
    assert InformationReceipt.objects.count() == 1


def test_another_departments_information_and_inquiry_are_404_and_absent(
    api, clerk, department, health_liaison
):
    info = _policy(clerk, department)
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    client = api.as_user(health_liaison)
    assert client.get(f"/api/v1/information/{info.pk}/").status_code == 404
    assert client.post(f"/api/v1/information/{info.pk}/claim/").status_code == 404
    assert client.get(f"/api/v1/inquiries/{inquiry.pk}/").status_code == 404
    response = client.post(f"/api/v1/inquiries/{inquiry.pk}/reply/", {"body": "x"}, format="json")
    assert response.status_code == 404
    assert client.get("/api/v1/information/").json()["results"] == []
    assert client.get("/api/v1/inquiries/").json()["results"] == []


def test_claim_by_the_liaison_then_409(api, clerk, liaison, department):
    info = svc.register_paper(
        user=clerk,
        kind="letter",
        department_id=department.pk,
        title="公函",
        attachment=SimpleUploadedFile("s.pdf", b"%PDF-1.4\n%%EOF\n"),
        paper_date=datetime.date(2026, 1, 5),
    )
    # The sender may not sign for it.
    assert api.as_user(clerk).post(f"/api/v1/information/{info.pk}/claim/").status_code == 403
    client = api.as_user(liaison)
    response = client.post(f"/api/v1/information/{info.pk}/claim/")
    assert response.status_code == 200, response.content
    assert response.json()["claimed_by"] == "liaison_market"
    again = client.post(f"/api/v1/information/{info.pk}/claim/")
    assert again.status_code == 409 and again.json()["code"] == "already_claimed"
    policy = _policy(clerk, department)
    refused = client.post(f"/api/v1/information/{policy.pk}/claim/")
    assert refused.status_code == 409 and refused.json()["code"] == "no_claim_needed"


def test_an_inquiry_through_the_api(api, clerk, liaison, department):
    response = api.as_user(clerk).post(
        "/api/v1/inquiries/",
        {"subject": "核查情况", "question": "请说明", "reply_days": 3, "department": department.pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["reply_days"] == 3 and response.json()["status"] == "open"
    reply = api.as_user(liaison).post(
        f"/api/v1/inquiries/{pk}/reply/", {"body": "已核查"}, format="json"
    )
    assert reply.status_code == 201, reply.content
    body = reply.json()
    assert body["status"] == "answered"
    assert [m["body"] for m in body["messages"]] == ["已核查"]
    detail = api.as_user(clerk).get(f"/api/v1/inquiries/{pk}/").json()
    assert detail["answered_by"] == "liaison_market"


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"subject": "s\x07", "question": "q"}, None),  # core refuses the body
        ({"subject": "s", "question": "q" * 5001}, "question"),
        ({"subject": "s", "question": "q", "reply_days": 31}, "reply_days"),
        ({"subject": "s", "question": "q", "reply_days": 0}, "reply_days"),
        ({"subject": "s", "question": "q", "reply_days": "三"}, "reply_days"),
        ({"subject": "s", "question": "q", "department": 2**70}, "department"),
        ({"subject": "s", "question": "q", "department": 987654}, "department"),
        ({"subject": "s", "question": "q"}, "department"),
    ],
)
def test_hostile_inquiry_bodies_are_400(api, clerk, payload, field):
    response = api.as_user(clerk).post("/api/v1/inquiries/", payload, format="json")
    assert response.status_code == 400, response.content
    if field is None:
        assert response.json()["code"] == "invalid_characters"
    else:
        assert field in response.json().get("fields", {})
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "letter", "title": "x", "departments": [1]},
        {"kind": "policy", "title": "\x1b", "departments": [1]},
        {"kind": "policy", "title": "x", "departments": ["abc"]},
        {"kind": "policy", "title": "x", "departments": []},
        {"kind": "policy", "title": "x" * 201, "departments": [1]},
    ],
)
def test_hostile_information_bodies_are_400(api, clerk, department, payload):
    response = api.as_user(clerk).post("/api/v1/information/", payload, format="json")
    assert response.status_code == 400, response.content
    assert not Information.objects.exists()


def test_a_reply_with_no_body_or_to_a_closed_inquiry(api, clerk, liaison, department):
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    client = api.as_user(liaison)
    assert (
        client.post(f"/api/v1/inquiries/{inquiry.pk}/reply/", {}, format="json").status_code == 400
    )
    svc.reply_inquiry(user=liaison, inquiry_id=inquiry.pk, body="答")
    svc.close_inquiry(user=clerk, inquiry_id=inquiry.pk)
    response = client.post(f"/api/v1/inquiries/{inquiry.pk}/reply/", {"body": "x"}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "inquiry_closed"


def test_roles_without_a_side_are_403(api, make_user):
    reviewer = make_user("rev2", Role.REVIEWER)
    client = api.as_user(reviewer)
    assert client.get("/api/v1/information/").status_code == 403
    assert client.get("/api/v1/inquiries/").status_code == 403
    inspector = make_user("insp2", Role.INSPECTOR)
    response = api.as_user(inspector).post(
        "/api/v1/information/", {"kind": "other", "title": "x"}, format="json"
    )
    assert response.status_code == 403


def test_box_filter(api, clerk, liaison, department):
    _policy(clerk, department)
    svc.create_information(user=liaison, kind="other", title="来函")
    client = api.as_user(liaison)
    assert [r["title"] for r in client.get("/api/v1/information/?box=in").json()["results"]] == [
        "政策"
    ]
    assert [r["title"] for r in client.get("/api/v1/information/?box=out").json()["results"]] == [
        "来函"
    ]
    assert client.get("/api/v1/information/?box=x").status_code == 400


def _count(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_lists_make_a_constant_number_of_queries(api, clerk, liaison, department):
    client = api.as_user(liaison)
    _policy(clerk, department)
    svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    few_info = _count(client, "/api/v1/information/")
    few_inquiries = _count(client, "/api/v1/inquiries/")
    for n in range(5):
        _policy(clerk, department, title=f"政策{n}")
        svc.ask_inquiry(user=liaison, subject=f"s{n}", question="q")
    with exact_queries(few_info):
        client.get("/api/v1/information/")
    with exact_queries(few_inquiries):
        client.get("/api/v1/inquiries/")
