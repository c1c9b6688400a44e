"""Idempotency-Key on creating POSTs: the same request twice (a double click, a retry after a
timeout, two at once) creates one application and answers the first result; the same key with
another body is 409; a first attempt that fails lets the retry run."""

import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from approvals.models import Application
from core.idempotency import purge_expired
from core.models import IdempotencyRecord
from tests.api.conftest import APPLICATIONS, client_for
from tests.threads import run_together

pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def _post(client, body, key):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(APPLICATIONS, body, format="json", **headers)


def test_the_same_request_twice_creates_one_application_and_replays_the_answer(clerk, payload):
    client = client_for(clerk)
    first = _post(client, payload(), "k-1")
    second = _post(client, payload(), "k-1")
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_without_a_key_two_posts_are_two_applications(clerk, payload):
    client = client_for(clerk)
    _post(client, payload(), None)
    _post(client, payload(), None)
    assert Application.objects.count() == 2


def test_the_same_key_with_another_body_is_409(clerk, payload):
    client = client_for(clerk)
    _post(client, payload(), "k-2")
    response = _post(client, payload(content="另一项申请"), "k-2")
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert Application.objects.count() == 1


def test_two_callers_may_use_the_same_key(clerk, make_user, payload):
    other = make_user("clerk_b", "window_clerk")
    _post(client_for(clerk), payload(), "shared")
    _post(client_for(other), payload(), "shared")
    assert Application.objects.count() == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "含中文", "a b"])
def test_a_malformed_key_is_400(clerk, payload, key):
    response = client_for(clerk).post(
        APPLICATIONS, payload(), format="json", HTTP_IDEMPOTENCY_KEY=key
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_idempotency_key"
    assert Application.objects.count() == 0


def test_a_first_attempt_that_fails_lets_the_retry_run(clerk, payload, monkeypatch):
    from approvals import services

    real = services.take_in

    def broken(**kwargs):
        raise RuntimeError("worker died")

    monkeypatch.setattr(services, "take_in", broken)
    client = Client(raise_request_exception=False)
    client.force_login(clerk)
    body = json.dumps(payload())
    failed = client.post(
        APPLICATIONS, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert failed.status_code == 500
    assert not IdempotencyRecord.objects.exists()
    monkeypatch.setattr(services, "take_in", real)
    retried = client.post(
        APPLICATIONS, body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert retried.status_code == 201
    assert Application.objects.count() == 1


def test_records_older_than_a_day_are_purged(clerk, payload):
    _post(client_for(clerk), payload(), "k-4")
    assert purge_expired(timezone.now() + datetime.timedelta(hours=23)) == 0
    assert purge_expired(timezone.now() + datetime.timedelta(hours=25)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_once_create_one_application(calendar_data, clerk, payload):
    body = payload()
    clients = [client_for(clerk), client_for(clerk)]
    results = run_together([lambda c=c: _post(c, body, "k-5") for c in clients])
    assert all(kind == "ok" for kind, _ in results), results
    responses = [response for _, response in results]
    assert sorted(r.status_code for r in responses) == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert Application.objects.count() == 1
