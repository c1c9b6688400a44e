"""The correspondence pages: list tabs, forms (a double submit creates once, hostile input is a
Chinese message, not a 500), detail with receipts and claim, inquiry thread, isolation (404)."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.roles import Role
from supervision.models import Information, InformationReceipt, Inquiry
from supervision.services import correspondence as svc

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


@pytest.fixture
def health_liaison(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


def _once(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return re.search(r'name="once" value="([^"]+)"', page.content.decode()).group(1)


def test_the_list_shows_incoming_and_outgoing(client, clerk, liaison, department):
    (policy,) = svc.create_information(
        user=clerk, kind="policy", title="政策到部门", department_ids=[department.pk]
    )
    svc.create_information(user=liaison, kind="unlicensed_tip", title="部门的线索")
    svc.ask_inquiry(user=clerk, subject="问部门", question="q", department_id=department.pk)
    client.force_login(liaison)
    incoming = client.get(reverse("supervision:correspondence")).content.decode()
    assert "政策到部门" in incoming and "问部门" in incoming and "部门的线索" not in incoming
    assert 'data-testid="unread"' in incoming
    outgoing = client.get(reverse("supervision:correspondence") + "?tab=out").content.decode()
    assert "部门的线索" in outgoing and "政策到部门" not in outgoing
    client.force_login(clerk)
    bureau_in = client.get(reverse("supervision:correspondence")).content.decode()
    assert "部门的线索" in bureau_in


def test_the_bureau_sends_information_once_on_a_double_submit(client, clerk, department):
    client.force_login(clerk)
    url = reverse("supervision:correspondence_new")
    data = {
        "once": _once(client, url),
        "kind": "policy",
        "title": "关于审管联动",
        "body": "正文",
        "departments": [department.code],
    }
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302 and second.url == reverse("supervision:correspondence")
    assert Information.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"title": "标题\x07"},  # core's own 400 page
        {"title": "长" * 201},
        {"departments": ["99999999999999999999999"]},
        {"departments": []},
        {"kind": "letter"},
    ],
)
def test_hostile_information_input_is_a_message_not_a_500(client, clerk, department, change):
    client.force_login(clerk)
    url = reverse("supervision:correspondence_new")
    data = {
        "once": _once(client, url),
        "kind": "policy",
        "title": "t",
        "departments": [department.code],
    }
    data.update(change)
    response = client.post(url, data)
    assert response.status_code == 400
    text = response.content.decode()
    assert 'class="errorlist' in text or "不允许的控制字符" in text
    assert not Information.objects.exists()


def test_paper_letter_registered_and_claimed_on_the_pages(client, clerk, liaison, department):
    client.force_login(clerk)
    url = reverse("supervision:paper_new")
    response = client.post(
        url,
        {
            "once": _once(client, url),
            "kind": "letter",
            "department": department.code,
            "title": "书面公函",
            "reference_number": "内审函〔2026〕3号",
            "paper_date": "2026-11-30",
            "attachment": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    info = Information.objects.get()
    assert info.channel == "paper"
    client.force_login(liaison)
    detail = client.get(reverse("supervision:correspondence_detail", args=[info.pk]))
    assert 'data-testid="claim"' in detail.content.decode()
    assert InformationReceipt.objects.filter(reader=liaison).count() == 1
    download = client.get(reverse("supervision:correspondence_attachment", args=[info.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    claimed = client.post(reverse("supervision:correspondence_claim", args=[info.pk]))
    assert claimed.status_code == 302
    info.refresh_from_db()
    assert info.claimed_by == liaison


@pytest.mark.parametrize(
    "change, field",
    [
        ({"paper_date": "2099-01-01"}, "paper_date"),
        ({"paper_date": "0000-13-45"}, "paper_date"),
        ({"paper_date": "１９９９-01-01"}, "paper_date"),
        ({"attachment": None}, "attachment"),
    ],
)
def test_paper_form_refuses_bad_dates_and_no_scan(client, clerk, department, change, field):
    client.force_login(clerk)
    url = reverse("supervision:paper_new")
    data = {
        "once": _once(client, url),
        "kind": "letter",
        "department": department.code,
        "title": "公函",
        "paper_date": "2026-11-30",
        "attachment": SimpleUploadedFile("scan.pdf", PDF, content_type="application/pdf"),
    }
    data.update(change)
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 400
    assert not Information.objects.exists()


def test_a_liaison_may_not_register_paper(client, liaison):
    client.force_login(liaison)
    assert client.get(reverse("supervision:paper_new")).status_code == 403


def test_inquiry_asked_on_the_page_and_answered(client, clerk, liaison, department):
    client.force_login(clerk)
    url = reverse("supervision:inquiry_new")
    response = client.post(
        url,
        {
            "once": _once(client, url),
            "department": department.code,
            "subject": "关于某店",
            "question": "请说明核查情况",
            "reply_days": "５",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    inquiry = Inquiry.objects.get()
    assert inquiry.reply_days == 5
    client.force_login(liaison)
    reply_url = reverse("supervision:inquiry_reply", args=[inquiry.pk])
    assert client.post(reply_url, {"body": "   "}).status_code == 400
    assert client.post(reply_url, {"body": "已核查,无异常"}).status_code == 302
    client.force_login(clerk)
    page = client.get(reverse("supervision:inquiry_detail", args=[inquiry.pk])).content.decode()
    assert "已核查,无异常" in page and 'data-testid="close"' in page


@pytest.mark.parametrize("days", ["0", "31", "abc", "99999999999999999999"])
def test_inquiry_reply_days_out_of_range_on_the_page(client, clerk, department, days):
    client.force_login(clerk)
    url = reverse("supervision:inquiry_new")
    response = client.post(
        url,
        {
            "once": _once(client, url),
            "department": department.code,
            "subject": "s",
            "question": "q",
            "reply_days": days,
        },
    )
    assert response.status_code == 400
    assert "1 至 30" in response.content.decode()


def test_another_departments_pages_are_404(client, clerk, department, health_liaison):
    (info,) = svc.create_information(
        user=clerk, kind="policy", title="p", department_ids=[department.pk]
    )
    inquiry = svc.ask_inquiry(user=clerk, subject="s", question="q", department_id=department.pk)
    client.force_login(health_liaison)
    for name, pk in [
        ("supervision:correspondence_detail", info.pk),
        ("supervision:correspondence_attachment", info.pk),
        ("supervision:inquiry_detail", inquiry.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404
    assert (
        client.post(reverse("supervision:correspondence_claim", args=[info.pk])).status_code == 404
    )
    response = client.post(reverse("supervision:inquiry_reply", args=[inquiry.pk]), {"body": "x"})
    assert response.status_code == 404
    listing = client.get(reverse("supervision:correspondence")).content.decode()
    assert "p</a>" not in listing and ">s</a>" not in listing


def test_a_huge_id_is_404(client, clerk):
    client.force_login(clerk)
    response = client.get("/supervision/correspondence/99999999999999999/")
    assert response.status_code == 404


def _page_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["liaison", "clerk"])
def test_the_list_page_makes_a_constant_number_of_queries(
    request, client, clerk, liaison, department, who
):
    from tests.queries import exact_queries

    client.force_login(request.getfixturevalue(who))
    url = reverse("supervision:correspondence")
    svc.create_information(user=clerk, kind="policy", title="p0", department_ids=[department.pk])
    svc.create_information(user=liaison, kind="unlicensed_tip", title="t0")
    svc.ask_inquiry(user=clerk, subject="s0", question="q", department_id=department.pk)
    few = _page_queries(client, url)
    for n in range(1, 6):
        svc.create_information(
            user=clerk, kind="policy", title=f"p{n}", department_ids=[department.pk]
        )
        svc.create_information(user=liaison, kind="unlicensed_tip", title=f"t{n}")
        svc.ask_inquiry(user=liaison, subject=f"s{n}", question="q")
    with exact_queries(few):
        client.get(url)


def test_unclaimed_then_unread_come_first(client, clerk, liaison, department):
    def send(kind, title):
        (info,) = svc.create_information(
            user=clerk, kind=kind, title=title, department_ids=[department.pk]
        )
        return info

    send("policy", "未读政策")  # older than the read one: newest-first alone would put it after
    read_policy = send("policy", "已读政策")
    svc.record_read(user=liaison, info=read_policy)
    letter = svc.register_paper(
        user=clerk,
        kind="letter",
        department_id=department.pk,
        title="待签收公函",
        attachment=SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
        paper_date=datetime.date(2026, 11, 30),
    )
    svc.record_read(user=liaison, info=letter)
    client.force_login(liaison)
    page = client.get(reverse("supervision:correspondence")).content.decode()
    order = [page.index(t) for t in ("待签收公函", "未读政策", "已读政策")]
    assert order == sorted(order)
