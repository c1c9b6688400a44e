"""The reviewer's and approver's queues and the application list: order, colours, filters,
query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from approvals import services
from approvals.models import Application
from tests.approvals.pages.helpers import (
    detail_url,
    logged_in,
)
from tests.factories import PublishedVersionFactory
from tests.queries import exact_queries

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- queues and list ------------------------------------------------------------------------------


def test_review_queue_shows_accepted_cases_nearest_due_first(client, reviewer, accepted, submitted):
    first, second = accepted(), accepted()
    Application.objects.filter(pk=first.pk).update(
        due_date=datetime.date(2026, 6, 10), due_at=timezone.now() + datetime.timedelta(9)
    )
    waiting = submitted()
    body = logged_in(client, reviewer).get(reverse("approvals:review_queue")).content.decode()
    assert body.index(second.receipt_number) < body.index(first.receipt_number)
    assert detail_url(waiting) not in body


def test_review_queue_colours_late_and_nearly_due_cases(client, reviewer, accepted):
    late, soon, later = accepted(), accepted(), accepted()
    now = timezone.now()
    Application.objects.filter(pk=late.pk).update(
        due_at=now - datetime.timedelta(hours=1), due_date=datetime.date(2026, 5, 29)
    )
    # Tuesday 2 June is the next working day after Monday 1 June: one working day left.
    Application.objects.filter(pk=soon.pk).update(
        due_date=datetime.date(2026, 6, 2), due_at=now + datetime.timedelta(days=1)
    )
    body = logged_in(client, reviewer).get(reverse("approvals:review_queue")).content.decode()
    assert body.count('<tr class="late">') == 1 and body.count('<tr class="warn">') == 1
    assert "已逾期" in body and "临近期限" in body
    assert later.receipt_number in body


def test_review_queue_filters_by_category_and_due_range(
    client, reviewer, clerk, applicant, accepted
):
    ours = accepted()
    other_version = PublishedVersionFactory(category="文化旅游")
    app = services.submit(
        clerk=clerk,
        item_version=other_version,
        applicant=applicant,
        provided={m.pk: True for m in other_version.materials.all()},
    )
    other = services.accept(application_id=app.pk, clerk=clerk)
    c = logged_in(client, reviewer)
    body = c.get(reverse("approvals:review_queue"), {"category": "文化旅游"}).content.decode()
    assert other.receipt_number in body and ours.receipt_number not in body
    body = c.get(reverse("approvals:review_queue"), {"due_from": "2026-07-01"}).content.decode()
    assert ours.receipt_number not in body


def test_decide_queue_lists_reviewed_cases(client, approver, reviewed, accepted):
    ready, waiting = reviewed(), accepted()
    body = logged_in(client, approver).get(reverse("approvals:decide_queue")).content.decode()
    assert ready.receipt_number in body and waiting.receipt_number not in body


def test_application_list_filters_by_status_receipt_and_overdue(
    client, inspector, accepted, submitted
):
    late, fine = accepted(), accepted()
    waiting = submitted()
    Application.objects.filter(pk=late.pk).update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    c = logged_in(client, inspector)
    body = c.get(reverse("approvals:list"), {"status": "submitted"}).content.decode()
    assert detail_url(waiting) in body and late.receipt_number not in body
    body = c.get(reverse("approvals:list"), {"receipt": fine.receipt_number}).content.decode()
    assert fine.receipt_number in body and late.receipt_number not in body
    body = c.get(reverse("approvals:list"), {"overdue": "on"}).content.decode()
    assert late.receipt_number in body and fine.receipt_number not in body


def test_application_list_is_refused_to_a_liaison(client, liaison):
    assert logged_in(client, liaison).get(reverse("approvals:list")).status_code == 403


# --- query counts -------------------------------------------------------------------------------


def _bulk_applications(n, *, version, applicant, clerk, status):
    now = timezone.now()
    Application.objects.bulk_create(
        [
            Application(
                item_version=version,
                applicant=applicant,
                submitted_by=clerk,
                status=status,
                receipt_number=f"SL2026{i:06d}",
                accepted_at=now,
                accepted_by=clerk,
                due_date=datetime.date(2026, 6, 8) + datetime.timedelta(days=i % 30),
                due_at=now + datetime.timedelta(days=i % 30, hours=1),
            )
            for i in range(1, n + 1)
        ],
        batch_size=500,
    )


# Measured, the same for 10 and 1,000 rows: session, user, roles, categories (the queue's
# filter), count, page, calendar years + days (the due colours), and the base layout's
# unread-notification badge. The approver's queue and the list have no category filter.
REVIEW_QUEUE_QUERIES = 9
DECIDE_QUEUE_QUERIES = 8
LIST_QUERIES = 8


@pytest.mark.parametrize("rows", [10, 1000])
def test_review_queue_makes_the_same_exact_queries_at_any_length(
    client, reviewer, clerk, version, applicant, rows
):
    c = logged_in(client, reviewer)
    _bulk_applications(rows, version=version, applicant=applicant, clerk=clerk, status=S.ACCEPTED)
    with exact_queries(REVIEW_QUEUE_QUERIES):
        response = c.get(reverse("approvals:review_queue"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 50)


@pytest.mark.parametrize("rows", [10, 1000])
def test_decide_queue_makes_the_same_exact_queries_at_any_length(
    client, approver, clerk, version, applicant, rows
):
    c = logged_in(client, approver)
    _bulk_applications(rows, version=version, applicant=applicant, clerk=clerk, status=S.REVIEWED)
    with exact_queries(DECIDE_QUEUE_QUERIES):
        response = c.get(reverse("approvals:decide_queue"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(rows, 50)


@pytest.mark.parametrize("rows", [10, 1000])
def test_application_list_makes_the_same_exact_queries_at_any_length(
    client, inspector, clerk, version, applicant, rows
):
    c = logged_in(client, inspector)
    _bulk_applications(rows, version=version, applicant=applicant, clerk=clerk, status=S.REVIEWED)
    with exact_queries(LIST_QUERIES):
        response = c.get(reverse("approvals:list"), {"item": "测试"})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == rows
