"""Query counts of the supervision pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals.models import Decision
from supervision import selectors
from supervision.models import Push
from tests.supervision.pages.helpers import INBOX, at, detail_url

# --- query counts ---------------------------------------------------------------------------------


def _bulk_pushes(decision: Decision, department, n: int, start: int = 0) -> None:
    """n more pushes to `department`, rows written directly (each needs its own decision),
    with many different deadlines and every status, so nothing is shared between rows."""
    decisions = Decision.objects.bulk_create(
        [
            Decision(
                number=f"BULK-{i}",
                year=1999,
                serial=i + 1,
                kind=decision.kind,
                application_id=decision.application_id,
                permit_id=decision.permit_id,
                decided_by_id=decision.decided_by_id,
                decided_at=decision.decided_at,
                seal_id=decision.seal_id,
            )
            for i in range(start, start + n)
        ]
    )
    template = Push.objects.filter(decision=decision).first()
    i0 = start
    statuses = [Push.Status.PUSHED, Push.Status.CLAIMED, Push.Status.FEEDBACK_GIVEN]
    rows = []
    for i, dec in enumerate(decisions, start=i0):
        pushed_at = template.pushed_at - datetime.timedelta(days=i % 60)
        rows.append(
            Push(
                decision=dec,
                department=department,
                status=statuses[i % 3],
                item_name=template.item_name,
                decision_kind=template.decision_kind,
                decision_number=dec.number,
                holder_name=template.holder_name,
                holder_id_number=template.holder_id_number,
                decision_date=template.decision_date,
                pushed_at=pushed_at,
                claim_deadline=pushed_at + datetime.timedelta(days=3),
                claimed_by=decision.decided_by if i % 3 else None,
                claimed_at=pushed_at if i % 3 else None,
            )
        )
    Push.objects.bulk_create(rows)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        assert response.status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url", [INBOX, INBOX + "?tab=claimed", INBOX + "?tab=overdue", "/supervision/export.csv"]
)
def test_pages_make_the_same_queries_for_5_and_300_pushes(
    as_liaison, liaison, decision, department, url, django_assert_max_num_queries
):
    _bulk_pushes(decision, department, 4)
    with at(2026, 6, 3, 10):
        as_liaison.get(INBOX)  # the session's first request
        small = _count_queries(as_liaison, url)
    _bulk_pushes(decision, department, 295, start=4)
    assert selectors.pushes_for(liaison).count() == 300
    with at(2026, 6, 3, 10), django_assert_max_num_queries(small):
        response = as_liaison.get(url)
        if hasattr(response, "streaming_content"):
            assert len(b"".join(response.streaming_content).splitlines()) == 301


def test_inbox_query_count_is_small(
    as_liaison, decision, department, django_assert_max_num_queries
):
    _bulk_pushes(decision, department, 299)
    with at(2026, 6, 3, 10):
        as_liaison.get(INBOX)
        with django_assert_max_num_queries(14):
            as_liaison.get(INBOX)


def test_detail_page_query_count_is_small(as_liaison, push, django_assert_max_num_queries):
    as_liaison.get(detail_url(push))
    with django_assert_max_num_queries(16):
        as_liaison.get(detail_url(push))
