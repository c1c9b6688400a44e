"""The inspectors' pages for rating follow-ups and complaints, the public complaint form and
the window rating screen: roles, steps through the services, exact query counts."""

import pytest

from accountability.models import Complaint, Rating, RatingFollowUp
from accountability.public import services
from tests.accountability.public.conftest import ID_LAST4  # noqa: F401
from tests.factories import ApplicantFactory
from tests.queries import exact_queries


@pytest.fixture
def as_inspector(client, inspector):
    client.force_login(inspector)
    return client


def _bad_ratings(delivered, n):
    ids = []
    for i in range(n):
        applicant = ApplicantFactory(id_number=f"1101051949123{i:04d}", name=f"申请人{i}")
        app = delivered(applicant)
        ids.append(services.rate(application_id=app.pk, level=1, channel="online").followup.pk)
    return ids


def _complaints(n):
    return [
        services.submit_complaint(name=f"李{i}", phone="13812345678", text="排队太久")
        for i in range(n)
    ]


def test_followup_pages_are_for_inspectors_only(client, make_user, delivered):
    [pk] = _bad_ratings(delivered, 1)
    assert client.get("/oversight/followups/").status_code == 302  # to log in
    clerk2 = make_user("clerk2", "window_clerk")
    client.force_login(clerk2)
    assert client.get("/oversight/followups/").status_code == 403
    assert client.get(f"/oversight/followups/{pk}/").status_code == 403


@pytest.mark.parametrize("n", [1, 3])
def test_followup_list_has_a_constant_number_of_queries(as_inspector, delivered, n):
    _bad_ratings(delivered, n)
    as_inspector.get("/oversight/followups/")  # session, user, groups warmed the same way
    with exact_queries(6):
        response = as_inspector.get("/oversight/followups/")
    assert response.status_code == 200
    assert len(response.context["rows"]) == n


def test_followup_list_filters_by_status_and_ignores_junk(as_inspector, delivered, inspector):
    a, b = _bad_ratings(delivered, 2)
    services.record_followup_contact(followup_id=a, inspector=inspector, result="已回访")
    only = as_inspector.get("/oversight/followups/?status=contacted").context["rows"]
    assert [f.pk for f in only] == [a]
    assert len(as_inspector.get("/oversight/followups/?status=junk").context["rows"]) == 2
    assert as_inspector.get("/oversight/followups/?page=99999999999999999999").status_code == 200


def test_inspector_records_contact_and_closes_through_the_page(as_inspector, delivered):
    [pk] = _bad_ratings(delivered, 1)
    detail = as_inspector.get(f"/oversight/followups/{pk}/")
    assert detail.status_code == 200 and "非常不满意" in detail.content.decode()
    empty = as_inspector.post(f"/oversight/followups/{pk}/contact/", {"contact_result": ""})
    assert empty.status_code == 400
    early = as_inspector.post(f"/oversight/followups/{pk}/close/", {"outcome": "x"}, follow=True)
    assert "不能执行此操作" in early.content.decode()
    as_inspector.post(f"/oversight/followups/{pk}/contact/", {"contact_result": "电话回访"})
    as_inspector.post(f"/oversight/followups/{pk}/close/", {"outcome": "已整改"})
    assert RatingFollowUp.objects.get(pk=pk).status == "closed"
    assert as_inspector.get("/oversight/followups/987654321/").status_code == 404
    assert (
        as_inspector.post("/oversight/followups/987654321/close/", {"outcome": "x"}).status_code
        == 404
    )
    assert as_inspector.get(f"/oversight/followups/{pk}/contact/").status_code == 405


def test_rating_detail_redirects_to_its_followup_or_shows_the_rating(as_inspector, delivered):
    good = services.rate(application_id=delivered().pk, level=5, channel="online")
    assert as_inspector.get(f"/oversight/ratings/{good.pk}/").status_code == 200
    assert good.get_absolute_url() == f"/oversight/ratings/{good.pk}/"
    [pk] = _bad_ratings(delivered, 1)
    bad = RatingFollowUp.objects.get(pk=pk).rating
    assert as_inspector.get(f"/oversight/ratings/{bad.pk}/").status_code == 302
    assert bad.get_absolute_url() == f"/oversight/followups/{pk}/"


# --- the window rating screen --------------------------------------------------------------------


def test_window_clerk_hands_the_rating_screen_for_a_delivered_case(client, clerk, delivered):
    app = delivered()
    client.force_login(clerk)
    url = f"/window/rate/{app.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"level": "9"}).status_code == 400
    done = client.post(url, {"level": "5", "comment": "服务热情"})
    assert done.status_code == 200
    rating = Rating.objects.get()
    assert (rating.channel, rating.recorded_by, rating.level) == ("window", clerk, 5)
    assert "一次一评" in client.get(url).content.decode()
    assert client.post(url, {"level": "4"}).status_code == 409


def test_window_rating_refuses_an_undelivered_case_and_other_roles(
    client, clerk, inspector, approved
):
    app = approved()
    client.force_login(inspector)
    assert client.get(f"/window/rate/{app.pk}/").status_code == 403
    client.force_login(clerk)
    page = client.get(f"/window/rate/{app.pk}/")
    assert "出件后才能评价" in page.content.decode()
    assert client.post(f"/window/rate/{app.pk}/", {"level": "5"}).status_code == 409
    assert client.get("/window/rate/99999999999999999999/").status_code == 404


# --- complaints ----------------------------------------------------------------------------------


def test_the_public_complaint_form_gives_a_number(client, db):
    assert client.get("/complain/").status_code == 200
    response = client.post(
        "/complain/",
        {"name": "李四", "phone": "13812345678", "text": "窗口排队时间过长", "email": ""},
    )
    assert response.status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.number in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "李四", "text": "内容"},  # no contact
        {"name": "李四", "phone": "abc", "text": "内容"},
        {"name": "", "phone": "13812345678", "text": "内容"},
        {"name": "李四", "phone": "13812345678", "text": "长" * 2001},
        {"name": "李四", "email": "x@", "text": "内容"},
    ],
)
def test_bad_complaints_are_a_clear_400(client, db, data):
    response = client.post("/complain/", data)
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_complaints_are_rate_limited(client, db, settings):
    settings.COMPLAINT_RATE_LIMIT = 2
    data = {"name": "李四", "phone": "13812345678", "text": "内容"}
    assert client.post("/complain/", data).status_code == 200
    assert client.post("/complain/", data | {"text": "另一件事"}).status_code == 200
    assert client.post("/complain/", data | {"text": "第三件事"}).status_code == 429
    assert Complaint.objects.count() == 2


def test_a_double_submitted_complaint_shows_the_first_number(client, db):
    data = {"name": "李四", "phone": "13812345678", "text": "内容"}
    first = client.post("/complain/", data)
    again = client.post("/complain/", data)
    assert Complaint.objects.count() == 1
    number = Complaint.objects.get().number
    assert number in first.content.decode() and number in again.content.decode()


@pytest.mark.parametrize("n", [1, 3])
def test_complaint_list_has_a_constant_number_of_queries(as_inspector, n):
    _complaints(n)
    as_inspector.get("/oversight/complaints/")
    with exact_queries(6):
        response = as_inspector.get("/oversight/complaints/")
    assert len(response.context["rows"]) == n


def test_inspector_handles_a_complaint_through_the_pages(as_inspector):
    [complaint] = _complaints(1)
    base = f"/oversight/complaints/{complaint.pk}/"
    assert as_inspector.get(base).status_code == 200
    as_inspector.post(base + "accept/")
    assert as_inspector.post(base + "reply/", {"reply": ""}).status_code == 400
    as_inspector.post(base + "reply/", {"reply": "已增派人员"})
    as_inspector.post(base + "close/")
    assert Complaint.objects.get().status == "closed"
    again = as_inspector.post(base + "accept/", follow=True)
    assert "不能执行此操作" in again.content.decode()


def test_complaint_pages_are_for_inspectors_only(client, clerk):
    [complaint] = _complaints(1)
    client.force_login(clerk)
    assert client.get("/oversight/complaints/").status_code == 403
    assert client.post(f"/oversight/complaints/{complaint.pk}/accept/").status_code == 403
    assert Complaint.objects.get().status == "received"


def test_a_bad_rating_and_a_complaint_link_to_a_new_case(as_inspector, delivered):
    [pk] = _bad_ratings(delivered, 1)
    rating = RatingFollowUp.objects.get(pk=pk).rating
    [complaint] = _complaints(1)
    body = as_inspector.get(f"/oversight/followups/{pk}/").content.decode()
    assert f"/accountability/cases/new/?source=rating:{rating.pk}" in body
    body = as_inspector.get(f"/oversight/complaints/{complaint.pk}/").content.decode()
    assert f"/accountability/cases/new/?source=complaint:{complaint.pk}" in body


def test_the_window_finds_the_case_by_receipt_number(client, clerk, inspector, delivered):
    app = delivered()
    client.force_login(clerk)
    assert client.get("/window/rate/").status_code == 200
    found = client.get("/window/rate/", {"receipt_number": app.receipt_number.lower()})
    assert found.status_code == 302 and found["Location"] == f"/window/rate/{app.pk}/"
    for junk in ("SL2026999999", "٣", "x" * 5000, ""):
        assert client.get("/window/rate/", {"receipt_number": junk}).status_code == 400
    client.force_login(inspector)
    assert client.get("/window/rate/").status_code == 403


@pytest.mark.parametrize("url", ["/progress/", "/complain/"])
def test_control_characters_in_public_forms_are_a_400_not_a_500(client, db, url):
    data = {
        "receipt_number": "SL2026\x00000001",
        "id_last4": "12\x0034",
        "name": "李\x00四",
        "phone": "13812345678",
        "text": "内容\x07",
    }
    assert client.post(url, data).status_code == 400
