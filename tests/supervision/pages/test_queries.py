"""Exact query counts of the supervision list pages at two sizes (5 and 300 rows): the count
is fixed by the page, never by its rows. A mismatch prints every statement."""

import pytest
from django.urls import reverse

from supervision import selectors
from tests.queries import exact_queries
from tests.supervision.bulk import bulk_pushes, bulk_reports, bulk_returned
from tests.supervision.pages.helpers import INBOX, at, detail_url

SIZES = [5, 300]


def _get(client, url):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert response.status_code == 200
    return body


# session, user, roles, liaison departments, tab counts, page count, rows, the calendar for
# the countdown (official years, days: only when unclaimed rows are shown), the department's
# name, the badge; the export: session, user, roles, liaison departments, rows.
LIAISON_PAGES = {
    INBOX: 11,
    INBOX + "?tab=claimed": 9,
    INBOX + "?tab=overdue": 11,
    "/supervision/export.csv": 5,
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", list(LIAISON_PAGES))
def test_liaison_pages_make_a_fixed_number_of_queries(
    as_liaison, liaison, decision, department, url, size
):
    bulk_pushes(decision, department, size - 1)
    assert selectors.pushes_for(liaison).count() == size
    with at(2026, 6, 3, 10), exact_queries(LIAISON_PAGES[url]):
        body = _get(as_liaison, url)
    if url.endswith(".csv"):
        assert len(body.splitlines()) == size + 1


@pytest.mark.parametrize("size", SIZES)
def test_the_returned_queue_makes_a_fixed_number_of_queries(
    client, approver, liaison, decision, department, size
):
    bulk_returned(decision, department, liaison, size)
    client.force_login(approver)
    # session, user, roles, page count, rows, departments for the re-route choice, the badge
    with exact_queries(7):
        _get(client, reverse("supervision:returned"))


@pytest.mark.parametrize("size", SIZES)
def test_the_reports_list_makes_a_fixed_number_of_queries(
    client, clerk, liaison, decision, department, size
):
    bulk_reports(decision.permit, department, liaison, size, claimed_by=clerk)
    client.force_login(clerk)
    # session, user, roles, page count, rows (with their relations), the badge
    with exact_queries(6):
        _get(client, reverse("supervision:reports"))


def test_detail_page_makes_a_fixed_number_of_queries(as_liaison, push):
    as_liaison.get(detail_url(push))
    with exact_queries(13):
        as_liaison.get(detail_url(push))
