"""Applications API list: pagination, filters (status, item, overdue), query counts."""

import datetime

import pytest
import time_machine

from approvals.models import Application
from tests.api.applications import url
from tests.api.conftest import APPLICATIONS, SHANGHAI, assert_error
from tests.factories import ApplicantFactory, PublishedVersionFactory
from tests.queries import exact_queries

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- list --------------------------------------------------------------------------------------


def test_list_is_paginated_newest_first(api, inspector, flow, at_monday):
    first = flow.submit()
    at_monday.shift(datetime.timedelta(minutes=1))
    second = flow.submit()
    body = api.as_user(inspector).get(APPLICATIONS).json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 2 and [a["id"] for a in body["results"]] == [second, first]
    assert body["results"][0]["applicant"]["id_number"] == "110105********002X"


def test_list_filters_by_status(api, clerk, flow):
    submitted, accepted = flow.submit(), flow.submit()
    flow.accept(accepted)
    body = api.as_user(clerk).get(APPLICATIONS, {"status": "accepted"}).json()
    assert [a["id"] for a in body["results"]] == [accepted]
    body = api.as_user(clerk).get(APPLICATIONS, {"status": "submitted"}).json()
    assert [a["id"] for a in body["results"]] == [submitted]


def test_an_unknown_status_filter_is_400(api, clerk):
    response = api.as_user(clerk).get(APPLICATIONS, {"status": "lost"})
    assert "status" in assert_error(response, 400, "invalid")["fields"]


def test_list_filters_by_item_code(api, clerk, flow, version, payload):
    mine = flow.submit()
    other = PublishedVersionFactory()
    body = payload(item=other.item.code, materials=[])
    response = api.as_user(clerk).post(APPLICATIONS, body, format="json")
    assert response.status_code == 201, response.content
    listed = api.as_user(clerk).get(APPLICATIONS, {"item": version.item.code}).json()
    assert [a["id"] for a in listed["results"]] == [mine]


def test_list_filters_overdue_applications(api, inspector, flow):
    late, on_time = flow.submit(), flow.submit()
    flow.accept(late)  # due Monday 8 June, end of day
    with time_machine.travel(datetime.datetime(2026, 6, 5, 10, tzinfo=SHANGHAI), tick=False):
        flow.accept(on_time)  # due Friday 12 June
    with time_machine.travel(datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI), tick=False):
        overdue = api.as_user(inspector).get(APPLICATIONS, {"overdue": "true"}).json()
        rest = api.as_user(inspector).get(APPLICATIONS, {"overdue": "false"}).json()
    assert [(a["id"], a["overdue"]) for a in overdue["results"]] == [(late, True)]
    assert [(a["id"], a["overdue"]) for a in rest["results"]] == [(on_time, False)]


def test_a_paused_application_is_not_overdue(api, inspector, reviewer, flow):
    app_id = flow.submit()
    flow.accept(app_id)
    api.as_user(reviewer).post(url(app_id, "pause"), {"kind": "testing"}, format="json")
    with time_machine.travel(datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI), tick=False):
        body = api.as_user(inspector).get(APPLICATIONS, {"overdue": "true"}).json()
    assert body["count"] == 0


def _bulk_applications(n, version, clerk):
    applicant = ApplicantFactory()
    Application.objects.bulk_create(
        Application(item_version=version, applicant=applicant, submitted_by=clerk, content=f"#{i}")
        for i in range(n)
    )


# Measured: 4 queries (token+user, the caller's groups, COUNT, one page with select_related,
# plus none per row), the same for 3, 40 and 1,000 rows.
LIST_QUERIES = 4


@pytest.mark.parametrize("rows", [3, 40])
def test_list_makes_the_same_exact_queries_at_any_length(api, inspector, clerk, version, rows):
    _bulk_applications(rows, version, clerk)
    client = api.as_user(inspector)
    with exact_queries(LIST_QUERIES):
        response = client.get(APPLICATIONS, {"overdue": "false"})
    assert response.json()["count"] == rows and len(response.json()["results"]) == rows


def test_a_page_of_500_of_a_thousand_rows_makes_the_same_queries(api, inspector, clerk, version):
    _bulk_applications(1000, version, clerk)
    client = api.as_user(inspector)
    with exact_queries(LIST_QUERIES):
        response = client.get(APPLICATIONS, {"page_size": 500, "item": version.item.code})
    body = response.json()
    assert body["count"] == 1000 and len(body["results"]) == 500 and body["next"]


@pytest.mark.parametrize(
    "query",
    ["status=", "status=bogus", "overdue=maybe", "overdue=", "status=accepted&status=reviewed"],
)
def test_a_filter_given_empty_junk_or_twice_is_a_400(clerk, query):
    from tests.api.conftest import client_for

    response = client_for(clerk).get(f"{APPLICATIONS}?{query}")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) <= {"status", "overdue"}
