"""The overdue records page (accountability:overdue) — the records the job wrote, newest first,
a page at a time, in the same number of queries whatever is on the page — its export and API,
and the inspector's start page (accountability:dashboard)."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accountability.oversight import views
from accountability.services import flag_overdue
from approvals import services as approvals
from supervision.models import Push
from tests.flows import SHANGHAI
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

LATE = datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI)


def _page(client, **params):
    response = client.get("/accountability/overdue/", params)
    assert response.status_code == 200
    return response


@pytest.fixture
def inspector_client(inspector):
    client = Client()
    client.force_login(inspector)
    return client


@pytest.fixture
def late_application(clerk):
    import time_machine

    from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

    SealFactory()  # the 受理通知书 is sealed and numbered at acceptance
    version = PublishedVersionFactory()
    with time_machine.travel(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), tick=False):
        app = approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=ApplicantFactory(),
            provided={m: True for m in version.materials.values_list("pk", flat=True)},
        )
        approvals.accept(application_id=app.pk, clerk=clerk)
    app.refresh_from_db()
    return app


def test_an_inspector_sees_a_flagged_push_with_its_department_and_link(
    decided, inspector_client, late_application
):
    decision = decided()
    flag_overdue(as_of=LATE)
    html = _page(inspector_client).content.decode()
    for push in Push.objects.filter(decision=decision).select_related("department"):
        url = reverse("supervision:push_detail", args=[push.pk])
        assert f'href="{url}">{push.decision_number}</a>' in html
        assert push.department.name in html
        assert push.claim_deadline.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M") in html
    url = reverse("approvals:detail", args=[late_application.pk])
    assert f'href="{url}">{late_application.receipt_number}</a>' in html
    assert "2026-06-09 09:00" in html  # flagged at
    assert html.count('data-kind="push"') == 2
    assert html.count('data-kind="application"') == 1


def test_the_overdue_records_come_a_page_at_a_time_newest_first(
    decided, inspector_client, monkeypatch
):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    decided()  # two pushes, flagged first
    flag_overdue(as_of=LATE)
    decided(at=datetime.datetime(2026, 6, 2, 10, tzinfo=SHANGHAI))  # two more, flagged later
    flag_overdue(as_of=LATE + datetime.timedelta(days=3))
    first = _page(inspector_client).context["page"]
    second = _page(inspector_client, page=2).context["page"]
    assert first.paginator.count == 4
    assert [r.flagged_at for r in first] == [LATE + datetime.timedelta(days=3)] * 2
    assert [r.flagged_at for r in second] == [LATE] * 2
    assert not {r.pk for r in first} & {r.pk for r in second}


def test_the_page_makes_the_same_queries_for_one_record_or_many(
    decided, inspector_client, late_application, liaison_health
):
    # session, user, the user's groups (role check), the count and the page of overdue
    # records (one join for every kind), the liaisons of the page's departments, the calendar
    # (two), the unread-notification count (base layout), the departments of the filter
    expected = 10
    decided()
    flag_overdue(as_of=LATE - datetime.timedelta(days=6))  # nothing late yet: no records
    with exact_queries(expected - 4):  # an empty page: no rows, liaisons or calendar to read
        assert not _page(inspector_client).context["page"].object_list
    flag_overdue(as_of=LATE)  # two pushes and the application
    with exact_queries(expected):
        _page(inspector_client)
    decided(at=datetime.datetime(2026, 6, 2, 10, tzinfo=SHANGHAI))
    flag_overdue(as_of=LATE + datetime.timedelta(days=3))
    with exact_queries(expected):
        assert len(_page(inspector_client).context["page"].object_list) == 5


def test_each_record_says_who_was_responsible_how_late_and_the_state_now(
    decided, inspector_client, liaison_health
):
    decided()
    flag_overdue(as_of=LATE)
    with time_machine.travel(datetime.datetime(2026, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        page = _page(inspector_client, kind="push", department="health").context["page"]
    (record,) = page.object_list
    assert record.liaison_names == ["liaison_health"]
    # Due the end of Thursday 4 June; on Wednesday 10 June: Fri 5, Mon 8, Tue 9, Wed 10 late.
    assert record.late_days == 4
    assert record.object_state == "待认领"


@pytest.mark.parametrize(
    "params",
    [
        {"kind": "x"},
        {"department": "nowhere"},
        {"start": "2026-13-01"},
        {"start": "9999-01-01"},
        {"start": "2026-06-10", "end": "2026-06-01"},
    ],
)
def test_bad_filters_are_a_400_with_a_chinese_message(inspector_client, params):
    response = inspector_client.get("/accountability/overdue/", params)
    assert response.status_code == 400
    assert '<p class="error">' in response.content.decode()
    assert inspector_client.get("/accountability/overdue/export/", params).status_code == 400


def test_the_export_is_an_xlsx_with_formula_cells_escaped(decided, inspector_client):
    import io

    from openpyxl import load_workbook

    decided()
    flag_overdue(as_of=LATE)
    Push.objects.filter(department__code="health").update(decision_number="=HYPERLINK(1)")
    response = inspector_client.get("/accountability/overdue/export/", {"kind": "push"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "类型" and len(values) == 3
    assert "'=HYPERLINK(1)" in [row[1] for row in values]


def test_liaisons_see_their_departments_records_others_403(decided, liaison_health, clerk, client):
    decided()
    flag_overdue(as_of=LATE)
    client.force_login(liaison_health)
    page = client.get("/accountability/overdue/").context["page"]
    assert {r.department.code for r in page.object_list} == {"health"}
    assert "open-case" not in client.get("/accountability/overdue/").content.decode()
    client.force_login(clerk)
    assert client.get("/accountability/overdue/").status_code == 403
    assert client.get("/accountability/overdue/export/").status_code == 403


# --- the API ----------------------------------------------------------------------------------


def test_the_api_lists_records_scoped_and_filtered(decided, api, inspector, liaison_health, clerk):
    decided()
    flag_overdue(as_of=LATE)
    api.as_user(inspector)
    body = api.get("/api/v1/overdue-records/").json()
    assert body["count"] == 2
    assert {r["department"]["code"] for r in body["results"]} == {"market", "health"}
    assert api.get("/api/v1/overdue-records/?department=market").json()["count"] == 1
    assert api.get("/api/v1/overdue-records/?kind=report").json()["count"] == 0
    row = body["results"][0]
    assert set(row) == {"id", "kind", "object", "department", "deadline", "flagged_at"}
    assert row["object"]["status"] == "pushed"
    api.as_user(liaison_health)
    body = api.get("/api/v1/overdue-records/").json()
    assert [r["department"]["code"] for r in body["results"]] == ["health"]
    assert api.get("/api/v1/overdue-records/?department=market").json()["count"] == 0
    api.as_user(clerk)
    response = api.get("/api/v1/overdue-records/")
    assert response.status_code == 403


@pytest.mark.parametrize(
    "query",
    ["kind=", "kind=nope", "kind=push&kind=report", "department=", "page=0", "page_size=9999"],
)
def test_the_api_refuses_bad_filters_with_a_400(api, inspector, query):
    api.as_user(inspector)
    response = api.get(f"/api/v1/overdue-records/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_the_api_list_makes_the_same_queries_for_one_record_or_many(decided, api, inspector):
    decided()
    flag_overdue(as_of=LATE)
    api.as_user(inspector)
    # token (+ its user), groups (role check), count, page
    with exact_queries(4) as first:
        api.get("/api/v1/overdue-records/")
    decided(at=datetime.datetime(2026, 6, 2, 10, tzinfo=SHANGHAI))
    flag_overdue(as_of=LATE + datetime.timedelta(days=3))
    with exact_queries(len(first.captured_queries)):
        assert api.get("/api/v1/overdue-records/").json()["count"] == 4


# --- the start page ---------------------------------------------------------------------------


def test_the_start_page_counts_what_needs_attention_and_links_onwards(decided, inspector_client):
    decided()
    flag_overdue(as_of=LATE)
    with time_machine.travel(datetime.datetime(2026, 6, 3, 9, tzinfo=SHANGHAI), tick=False):
        response = inspector_client.get("/accountability/")
    assert response.status_code == 200
    assert response.context["yellow"] >= 0 and response.context["open_cases"] == 0
    html = response.content.decode()
    for name in ("monitoring", "overdue", "cases", "reviews"):
        assert reverse(f"accountability:{name}") in html
    assert "push.flagged_overdue" not in html  # no raw audit codes any more
    assert len(response.context["recent_overdue"]) == 2
