"""Signed webhook deliveries to a receiver on loopback."""

import datetime
import hashlib
import hmac
import json
import threading

import pytest
import time_machine
from django.db import transaction

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
    """End to end with Celery for real: commit -> on_commit queues -> a worker of the webhooks
    queue (as the Procfile's webhook-worker) -> receiver."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    receiver = receiver_factory(200)
    _endpoint("market", receiver.url)
    with app.connection_for_write() as conn:  # what other tests left is not ours to run
        for queue in ("celery", "webhooks"):
            conn.default_channel.queue_purge(queue)
    with start_worker(
        app, pool="solo", queues=["webhooks"], perform_ping_check=False, shutdown_timeout=10
    ):
        decided_tx()
        delivery = WebhookDelivery.objects.get()
        for _ in range(100):
            delivery.refresh_from_db()
            if delivery.status == "delivered":
                break
            threading.Event().wait(0.2)
    assert delivery.status == "delivered"
    assert receiver.requests[0][0]["X-OneSeal-Delivery"] == str(delivery.pk)


# --- claim, POST with no transaction open, record: a crash in between, a second worker -----------


class Crash(BaseException):
    """The process dies here (not an Exception: nothing in the attempt may catch it)."""


def test_a_crash_after_the_post_resends_once_after_the_lease_with_the_same_id_and_bytes(
    decided, receiver_factory, monkeypatch
):
    from supervision import tasks, webhooks

    receiver = receiver_factory(200, 200)
    _endpoint("market", receiver.url)
    decided()
    delivery = WebhookDelivery.objects.get()
    real_record = webhooks.record

    def dies(*args, **kwargs):
        raise Crash

    monkeypatch.setattr(webhooks, "record", dies)
    with time_machine.travel(delivery.created_at, tick=False), pytest.raises(Crash):
        attempt(delivery.pk)
    monkeypatch.setattr(webhooks, "record", real_record)
    assert len(receiver.requests) == 1  # it went out; the outcome was never recorded
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 0
    lease_end = delivery.next_attempt_at
    assert lease_end == delivery.created_at + webhooks.lease()

    with time_machine.travel(delivery.created_at + datetime.timedelta(seconds=5), tick=False):
        assert attempt(delivery.pk) is None  # the dead worker's lease still holds it
        assert tasks.retry_webhooks() == 0
    with time_machine.travel(lease_end + datetime.timedelta(minutes=1, seconds=1), tick=False):
        assert tasks.retry_webhooks() == 1  # the sweep takes it back
    delivery.refresh_from_db()
    assert delivery.status == "delivered" and delivery.attempts == 1
    assert len(receiver.requests) == 2  # at most twice: the one in flight when it died
    assert {h["X-OneSeal-Delivery"] for h, _ in receiver.requests} == {str(delivery.pk)}
    assert len({b for _, b in receiver.requests}) == 1  # the same bytes


def test_a_delivery_being_attempted_is_not_attempted_by_another_worker(decided, receiver_factory):
    from supervision import webhooks

    receiver = receiver_factory(200)
    _endpoint("market", receiver.url)
    decided()
    delivery = WebhookDelivery.objects.get()
    with time_machine.travel(delivery.created_at, tick=False):
        first = webhooks.claim(delivery.pk)  # worker A has committed its claim, POST under way
        assert first is not None
        assert attempt(delivery.pk) is None  # worker B: held, not attempted
        assert not receiver.requests
        assert webhooks.record(first, *webhooks.send(first)).status == "delivered"
    assert len(receiver.requests) == 1


def test_a_worker_whose_lease_ran_out_does_not_reschedule_over_the_new_holder(
    decided, receiver_factory
):
    from supervision import webhooks

    receiver = receiver_factory(500, 200)
    _endpoint("market", receiver.url)
    decided()
    delivery = WebhookDelivery.objects.get()
    with time_machine.travel(delivery.created_at, tick=False):
        stalled = webhooks.claim(delivery.pk)
        outcome = webhooks.send(stalled)  # 500, then worker A stalls before recording
    later = delivery.created_at + webhooks.lease() + datetime.timedelta(seconds=1)
    with time_machine.travel(later, tick=False):
        newer = webhooks.claim(delivery.pk)  # worker B takes it over
        webhooks.record(stalled, *outcome)  # A wakes up: logs its attempt, B's lease stays
        delivery.refresh_from_db()
        assert delivery.status == "pending" and delivery.next_attempt_at == newer.token
        assert webhooks.record(newer, *webhooks.send(newer)).status == "delivered"
    assert [a.status_code for a in delivery.attempt_log.order_by("at")] == [500, 200]


@pytest.mark.django_db(transaction=True)
def test_no_transaction_is_open_and_the_row_is_not_locked_while_posting(
    decided_tx, receiver_factory, monkeypatch
):
    from django.db import connection

    from supervision import webhooks
    from supervision.services import _common

    monkeypatch.setattr(_common, "_publish", lambda *args: None)  # the test attempts itself
    receiver = receiver_factory(200)
    _endpoint("market", receiver.url)
    decided_tx()
    delivery = WebhookDelivery.objects.get()
    real_post, seen = webhooks._post, {}

    def post(url, body, headers):
        seen["in_atomic_block"] = connection.in_atomic_block

        def lock_it_elsewhere():  # another connection may take the row's lock at once
            try:
                with transaction.atomic():
                    seen["lockable"] = (
                        WebhookDelivery.objects.select_for_update(nowait=True)
                        .filter(pk=delivery.pk)
                        .exists()
                    )
            except Exception as exc:
                seen["lockable"] = exc
            finally:
                connection.close()

        other = threading.Thread(target=lock_it_elsewhere)
        other.start()
        other.join(10)
        return real_post(url, body, headers)

    monkeypatch.setattr(webhooks, "_post", post)
    assert attempt(delivery.pk).status == "delivered"
    assert seen == {"in_atomic_block": False, "lockable": True}
