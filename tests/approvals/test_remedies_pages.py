"""复议应诉 pages: the list (open first, reply due dates coloured, fixed queries), the record form
reached from a decision on the application page, the remedy page and its actions, refusals as
clear Chinese messages, never a 500."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from approvals import services
from approvals.models import PermitProcedure, Remedy
from tests.flows import SHANGHAI, approve_permit
from tests.queries import exact_queries

WEDNESDAY = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def decision(clerk, reviewer, approver, department):
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )


@pytest.fixture
def at_wednesday():
    with time_machine.travel(WEDNESDAY, tick=False) as traveller:
        yield traveller


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(**overrides):
    data = {
        "kind": "reconsideration",
        "body": "示例县人民政府",
        "case_number": "示政复〔2026〕7号",
        "claimant": "李四",
        "received_on": "2026-06-08",
        "accepted_on": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def make(decision, actor, case="A", received_on=datetime.date(2026, 6, 8)):
    return services.record_remedy(
        decision_id=decision.pk,
        actor=actor,
        kind="reconsideration",
        body="示例县人民政府",
        case_number=case,
        claimant="李四",
        received_on=received_on,
    )


def test_application_page_offers_recording_to_recorders_only(
    decision, approver, clerk, inspector, at_wednesday
):
    url = reverse("approvals:detail", args=[decision.application_id])
    new = reverse("approvals:remedy_new", args=[decision.pk])
    page = browser(approver).get(url)
    assert page.status_code == 200
    assert new in page.content.decode()
    make(decision, approver)
    page = browser(inspector).get(url).content.decode()
    assert 'data-testid="remedies"' in page and "示政复" not in page and ">A<" in page
    assert new not in page
    page = browser(clerk).get(url).content.decode()
    assert 'data-testid="remedies"' not in page


def test_record_from_the_decision(decision, approver, at_wednesday):
    url = reverse("approvals:remedy_new", args=[decision.pk])
    client = browser(approver)
    page = client.get(url)
    assert page.status_code == 200 and decision.number in page.content.decode()
    response = client.post(url, form())
    remedy = Remedy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("approvals:remedy_detail", args=[remedy.pk])
    detail = client.get(response["Location"]).content.decode()
    assert "2026-06-23" in detail and 'data-testid="reply-form"' in detail
    # The same case again: a clear message, 409, nothing more.
    again = client.post(url, form())
    assert again.status_code == 409
    assert "该案号已登记" in again.content.decode()
    assert Remedy.objects.count() == 1


@pytest.mark.parametrize(
    "overrides,message",
    [
        ({"received_on": "2026-06-11"}, "不能晚于今天"),
        ({"received_on": "2026-05-01"}, "不能早于决定日期"),
        ({"received_on": "99999-01-01"}, "有效的日期"),
        ({"received_on": "２０２６-06-08"}, "有效的日期"),
        ({"case_number": "号" * 61}, "60"),
        ({"case_number": "\u200b"}, "请填写案号"),
        ({"kind": "appeal"}, "选择一个有效的选项"),
        ({"accepted_on": "2026-06-09"}, "不能晚于收到副本日期"),
    ],
)
def test_record_form_refusals_are_chinese_messages(
    decision, approver, at_wednesday, overrides, message
):
    response = browser(approver).post(
        reverse("approvals:remedy_new", args=[decision.pk]), form(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Remedy.objects.exists()


def test_control_characters_in_the_form_are_refused(decision, approver, at_wednesday):
    response = browser(approver).post(
        reverse("approvals:remedy_new", args=[decision.pk]), form(case_number="A\x00B")
    )
    assert response.status_code == 400
    assert not Remedy.objects.exists()


def test_who_may_open_the_pages(decision, approver, clerk, inspector, reviewer, at_wednesday):
    remedy = make(decision, approver)
    for user, listing, new in (
        (approver, 200, 200),
        (reviewer, 200, 200),
        (inspector, 200, 403),
        (clerk, 403, 403),
    ):
        client = browser(user)
        assert client.get(reverse("approvals:remedy_list")).status_code == listing
        assert (
            client.get(reverse("approvals:remedy_detail", args=[remedy.pk])).status_code == listing
        )
        assert client.get(reverse("approvals:remedy_new", args=[decision.pk])).status_code == new
    anonymous = Client().get(reverse("approvals:remedy_list"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert browser(approver).get(reverse("approvals:remedy_new", args=[10**15])).status_code == 404
    assert browser(approver).get("/approvals/remedies/99999999999999999999999/").status_code == 404
    # State changes are POST only.
    assert (
        browser(approver).get(reverse("approvals:remedy_reply", args=[remedy.pk])).status_code
        == 405
    )


def test_inspector_reads_without_forms(decision, approver, inspector, at_wednesday):
    remedy = make(decision, approver)
    page = (
        browser(inspector)
        .get(reverse("approvals:remedy_detail", args=[remedy.pk]))
        .content.decode()
    )
    assert "reply-form" not in page and "outcome-form" not in page
    response = browser(inspector).post(
        reverse("approvals:remedy_reply", args=[remedy.pk]), {"replied_on": "2026-06-10"}
    )
    assert response.status_code == 403


def test_reply_then_outcome_through_the_pages(decision, reviewer, approver, at_wednesday):
    remedy = make(decision, approver)
    client = browser(reviewer)
    response = client.post(
        reverse("approvals:remedy_reply", args=[remedy.pk]),
        {"replied_on": "2026-06-10", "note": ""},
    )
    assert response.status_code == 302
    again = client.post(
        reverse("approvals:remedy_reply", args=[remedy.pk]), {"replied_on": "2026-06-10"}
    )
    assert again.status_code == 409 and "不能执行此操作" in again.content.decode()
    outcome = {
        "outcome": "annulled",
        "outcome_on": "2026-06-10",
        "document_number": "决1",
        "notes": "",
    }
    response = client.post(reverse("approvals:remedy_outcome", args=[remedy.pk]), outcome)
    assert response.status_code == 302
    assert PermitProcedure.objects.get().kind == "revoke"
    double = client.post(reverse("approvals:remedy_outcome", args=[remedy.pk]), outcome)
    assert double.status_code == 409
    assert PermitProcedure.objects.count() == 1
    page = client.get(reverse("approvals:remedy_detail", args=[remedy.pk])).content.decode()
    assert "已启动许可程序" in page and "outcome-form" not in page


def test_bad_action_bodies_are_400(decision, approver, at_wednesday):
    remedy = make(decision, approver)
    client = browser(approver)
    url = reverse("approvals:remedy_outcome", args=[remedy.pk])
    for data in (
        {"outcome": "x", "outcome_on": "2026-06-10"},
        {"outcome": "upheld"},
        {"outcome": "upheld", "outcome_on": "2026-06-01"},
    ):
        assert client.post(url, data).status_code == 400
    assert Remedy.objects.get().status == "open"


def test_list_is_open_first_with_coloured_due_dates_and_fixed_queries(decision, approver):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=SHANGHAI), tick=False):
        late = make(decision, approver, case="late", received_on=datetime.date(2026, 6, 1))
    with time_machine.travel(WEDNESDAY, tick=False):
        soon = make(decision, approver, case="soon", received_on=datetime.date(2026, 6, 8))
        closed = make(decision, approver, case="closed")
        services.record_outcome(
            remedy_id=closed.pk, actor=approver, outcome="upheld", outcome_on=WEDNESDAY.date()
        )
    client = browser(approver)
    # 1 Jun + 10 working days = 15 Jun; 8 Jun -> 23 Jun. On Monday 22 Jun: red, then yellow.
    with time_machine.travel(datetime.datetime(2026, 6, 22, 10, tzinfo=SHANGHAI), tick=False):
        client.get(reverse("approvals:remedy_list"))
        # session, user, roles, count, page, calendar (2), unread notifications
        with exact_queries(8):
            page = client.get(reverse("approvals:remedy_list")).content.decode()
        order = [page.index(f'data-remedy="{r.pk}"') for r in (late, soon, closed)]
        assert order == sorted(order)
        assert page.count("badge late") == 1 and page.count("badge warn") >= 1
        for n in range(4):
            make(decision, approver, case=f"more-{n}", received_on=datetime.date(2026, 6, 8))
        with exact_queries(8):
            client.get(reverse("approvals:remedy_list"))
        filtered = client.get(reverse("approvals:remedy_list") + "?status=closed").content.decode()
    assert f'data-remedy="{closed.pk}"' in filtered and f'data-remedy="{late.pk}"' not in filtered


# --- every URL × every kind of user (the rows proposed for tests/proof) ---------------------

LOGIN, F, NA = "login", 403, 405
KINDS = ("anonymous", "no_role", "clerk", "reviewer", "approver", "inspector", "liaison", "admin")
RECORDER = {"reviewer", "approver"}
READER = RECORDER | {"inspector"}


def _expect(allowed, ok, anonymous=LOGIN):
    return {k: (anonymous if k == "anonymous" else ok if k in allowed else F) for k in KINDS}


@pytest.fixture
def kinds(clerk, reviewer, approver, inspector, catalog_admin, make_user, department):
    return {
        "anonymous": None,
        "no_role": make_user("plain"),
        "clerk": clerk,
        "reviewer": reviewer,
        "approver": approver,
        "inspector": inspector,
        "liaison": make_user("liaison_x", "liaison", department=department),
        "admin": catalog_admin,
    }


def _status(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return LOGIN
    return response.status_code


def test_every_remedy_url_answers_every_user_as_declared(decision, approver, kinds, at_wednesday):
    from rest_framework.test import APIClient

    remedy = make(decision, approver)
    r, d = remedy.pk, decision.pk
    pages = {
        "/approvals/remedies/": (_expect(READER, 200), None),
        f"/approvals/remedies/{r}/": (_expect(READER, 200), None),
        f"/approvals/decisions/{d}/remedies/new/": (_expect(RECORDER, 200), _expect(RECORDER, 400)),
        f"/approvals/remedies/{r}/reply/": (_expect(READER, NA), _expect(RECORDER, 400)),
        f"/approvals/remedies/{r}/outcome/": (_expect(READER, NA), _expect(RECORDER, 400)),
        f"/approvals/remedies/{r}/resolve/": (_expect(READER, NA), _expect({"approver"}, 400)),
    }
    api = {
        "/api/v1/remedies/": (_expect(READER, 200, 401), _expect(RECORDER, 400, 401)),
        f"/api/v1/remedies/{r}/": (_expect(READER, 200, 401), None),
        f"/api/v1/remedies/{r}/reply/": (_expect(KINDS, NA, 401), _expect(RECORDER, 400, 401)),
        f"/api/v1/remedies/{r}/outcome/": (_expect(KINDS, NA, 401), _expect(RECORDER, 400, 401)),
        f"/api/v1/remedies/{r}/resolve/": (
            _expect(KINDS, NA, 401),
            _expect({"approver"}, 400, 401),
        ),
    }
    wrong = []
    for kind, user in kinds.items():
        page_client = Client()
        api_client = APIClient()
        if user is not None:
            page_client.force_login(user)
            api_client.force_authenticate(user)
        for url, (get, post) in pages.items():
            if (got := _status(page_client.get(url))) != get[kind]:
                wrong.append((kind, "GET", url, got, get[kind]))
            if post and (got := _status(page_client.post(url, {}))) != post[kind]:
                wrong.append((kind, "POST", url, got, post[kind]))
        for url, (get, post) in api.items():
            if (got := api_client.get(url).status_code) != get[kind]:
                wrong.append((kind, "GET", url, got, get[kind]))
            if post and (got := api_client.post(url, {}, format="json").status_code) != post[kind]:
                wrong.append((kind, "POST", url, got, post[kind]))
    assert wrong == []
    assert Remedy.objects.count() == 1
