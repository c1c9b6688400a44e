"""Exact query counts of the supervision API lists (pushes, supervision reports, webhook
deliveries) at two sizes: fixed by the endpoint, never by its rows; a mismatch prints every
statement."""

import pytest
from django.utils import timezone

from supervision.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests.flows import approve_permit
from tests.queries import exact_queries
from tests.supervision.bulk import bulk_pushes, bulk_reports

SIZES = [5, 300]


@pytest.fixture
def decision(clerk, reviewer, approver, department):
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("url", ["/api/v1/pushes/", "/api/v1/pushes/?overdue=true"])
def test_push_list_makes_a_fixed_number_of_queries(api, liaison, decision, department, url, size):
    bulk_pushes(decision, department, size - 1)
    client = api.as_user(liaison)
    # token + user, roles, liaison departments, count, rows (department and claimer joined)
    with exact_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    if "overdue" not in url:
        assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_report_list_makes_a_fixed_number_of_queries(
    api, clerk, liaison, decision, department, size
):
    bulk_reports(decision.permit, department, liaison, size, claimed_by=clerk)
    client = api.as_user(clerk)
    # token + user, roles, count, rows (permit, department, claimer, follow-up joined)
    with exact_queries(4):
        response = client.get("/api/v1/supervision-reports/")
    assert response.json()["count"] == size


@pytest.mark.parametrize("size", SIZES)
def test_delivery_list_makes_a_fixed_number_of_queries(api, inspector, decision, department, size):
    endpoint = WebhookEndpoint.objects.create(
        department=department, url="https://m.example.test/", secret="s" * 32
    )
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(endpoint=endpoint, department=department, event="push.created",
                            created_at=now)
            for _ in range(size)
        ]
    )  # fmt: skip
    WebhookAttempt.objects.bulk_create(
        [WebhookAttempt(delivery=d, at=now, status_code=500) for d in deliveries for _ in range(3)]
    )
    client = api.as_user(inspector)
    # token + user, roles, count, rows (endpoint, department joined), their attempts
    with exact_queries(5):
        body = client.get("/api/v1/webhook-deliveries/").json()
    assert body["count"] == size
    assert all(len(row["attempts_log"]) == 3 for row in body["results"])
