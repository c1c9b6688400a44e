"""Signed webhook deliveries to a receiver on loopback."""

import datetime
import hashlib
import hmac
import json
import threading

import pytest
import time_machine

from supervision.models import Push, WebhookDelivery, WebhookEndpoint
from supervision.webhooks import attempt, backoff

SECRET = "s3cr3t-部门"


def _endpoint(code, url):
    from catalog.models import Department

    return WebhookEndpoint.objects.create(
        department=Department.objects.get(code=code), url=url, secret=SECRET
    )


def test_receiver_gets_a_correctly_signed_push_created(decided, receiver_factory):
    receiver = receiver_factory(200)
    _endpoint("market", receiver.url)
    decision = decided()
    delivery = WebhookDelivery.objects.get()
    assert delivery.event == "push.created" and delivery.status == "pending"
    with time_machine.travel(delivery.created_at):
        assert attempt(delivery.pk).status == WebhookDelivery.Status.DELIVERED
    headers, body = receiver.requests[0]
    assert headers["X-OneSeal-Event"] == "push.created"
    assert headers["X-OneSeal-Delivery"] == str(delivery.pk)
    expected = hmac.new(
        SECRET.encode(), f"{headers['X-OneSeal-Timestamp']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert headers["X-OneSeal-Signature"] == f"sha256={expected}"
    payload = json.loads(body)
    push = Push.objects.get(decision=decision, department__code="market")
    assert payload["id"] == str(delivery.pk) and payload["event"] == "push.created"
    assert payload["data"]["id"] == push.pk
    assert payload["data"]["decision_number"] == decision.number
    assert payload["data"]["department"] == {"code": "market", "name": "县市场监督管理局"}


def test_a_failing_receiver_is_retried_with_the_same_delivery_id(decided, receiver_factory):
    receiver = receiver_factory(500, 503, 200)
    _endpoint("market", receiver.url)
    decided()
    delivery = WebhookDelivery.objects.get()
    with time_machine.travel(delivery.created_at, tick=False):
        attempt(delivery.pk)
        delivery.refresh_from_db()
        assert delivery.status == "pending" and delivery.attempts == 1
        assert delivery.last_status_code == 500
        assert attempt(delivery.pk) is None  # not due yet: backoff
    for _ in range(2):
        with time_machine.travel(delivery.next_attempt_at + datetime.timedelta(seconds=1)):
            attempt(delivery.pk)
        delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 3
    ids = {h["X-OneSeal-Delivery"] for h, _ in receiver.requests}
    bodies = {b for _, b in receiver.requests}
    assert ids == {str(delivery.pk)} and len(bodies) == 1  # same id, same bytes
    assert [a.status_code for a in delivery.attempt_log.all()] == [500, 503, 200]
    assert delivery.next_attempt_at is None and delivery.delivered_at > delivery.created_at


def test_a_receiver_that_is_down_is_retried_then_given_up_after_24_hours(decided):
    _endpoint("market", "http://127.0.0.1:9/nothing-listens")
    decided()
    delivery = WebhookDelivery.objects.get()
    with time_machine.travel(delivery.created_at, tick=False):
        attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempt_log.get().error
    with time_machine.travel(delivery.created_at + datetime.timedelta(hours=24, minutes=1)):
        attempt(delivery.pk)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 2


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 8, 20)] == [30, 60, 120, 3600, 3600]


def test_a_delivered_webhook_is_not_sent_again(decided, receiver_factory):
    receiver = receiver_factory(200)
    _endpoint("market", receiver.url)
    decided()
    delivery = WebhookDelivery.objects.get()
    with time_machine.travel(delivery.created_at, tick=False):
        attempt(delivery.pk)
        assert attempt(delivery.pk) is None
    assert len(receiver.requests) == 1


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_delivers_after_commit(decided_tx, receiver_factory):
    """End to end with Celery for real: commit -> on_commit queues -> worker -> receiver."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    receiver = receiver_factory(200)
    _endpoint("market", receiver.url)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        decided_tx()
        delivery = WebhookDelivery.objects.get()
        for _ in range(100):
            delivery.refresh_from_db()
            if delivery.status == "delivered":
                break
            threading.Event().wait(0.2)
    assert delivery.status == "delivered"
    assert receiver.requests[0][0]["X-OneSeal-Delivery"] == str(delivery.pk)
