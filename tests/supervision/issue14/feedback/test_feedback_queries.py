"""The inbox's 待反馈 tab makes the same number of queries at 5 and 60 rows (the countdowns to
the feedback deadlines come from one batch load of the calendar)."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from supervision import services
from supervision.models import Push
from tests.supervision.bulk import bulk_pushes

pytestmark = pytest.mark.django_db


def _queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("supervision:inbox") + "?tab=to_feedback")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_to_feedback_tab_queries_stay_constant(decided, liaison, calendar_data):
    push = Push.objects.get(decision=decided(), department__code="market")
    push = services.claim_push(push_id=push.pk, user=liaison)
    client = Client()
    client.force_login(liaison)
    counts = []
    made_so_far = 0
    for size in (5, 60):
        bulk_pushes(push.decision, push.department, size - 1 - made_so_far, start=made_so_far)
        made_so_far = size - 1
        rows = Push.objects.filter(department=push.department).exclude(pk=push.pk)
        for n, pk in enumerate(rows.values_list("pk", flat=True)):
            rows.filter(pk=pk).update(
                status=Push.Status.CLAIMED,
                feedback_deadline=push.feedback_deadline + datetime.timedelta(days=n % 40 - 20),
            )
        made, html = _queries(client)
        assert rows.count() == size - 1
        assert html.count('data-testid="feedback-countdown"') >= min(size, 10)
        counts.append(made)
    assert counts[0] == counts[1], counts
