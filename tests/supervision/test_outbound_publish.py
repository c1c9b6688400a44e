"""Publishing after commit: a broker that is absent or hung costs the request well under a second,
and the outbox rows stay for the periodic sweeps."""

import socket
import time

import kombu.transport.redis  # noqa: F401  (imported up front: not part of what is timed)
import pytest

from supervision.models import Notification, WebhookDelivery, WebhookEndpoint
from supervision.services import _common


@pytest.fixture
def broker_at(monkeypatch):
    """broker_at(port) points Celery's publishing at redis on 127.0.0.1:<port> for this test."""
    monkeypatch.setattr(_common, "_publish_paused_until", 0.0)

    def _point(port, host="127.0.0.1"):
        # Celery reads CELERY_BROKER_URL from the environment before its configuration.
        monkeypatch.setenv("CELERY_BROKER_URL", f"redis://{host}:{port}/5")

    return _point


@pytest.fixture
def committed_with_tasks(decided, liaison, liaison_health, django_capture_on_commit_callbacks):
    """A decision pushed to two departments with a webhook endpoint each: its after-commit
    callbacks queue four tasks (the mail sweep twice, two webhook deliveries)."""
    from catalog.models import Department

    for department in Department.objects.filter(code__in=["market", "health"]):
        WebhookEndpoint.objects.create(
            department=department, url="http://127.0.0.1:9/x", secret="s"
        )
    with django_capture_on_commit_callbacks() as callbacks:
        decided()
    # Supervision's own after-commit publishes (_enqueue); the archive's PDF render is the
    # documents part's callback, with its own broker timeout (see the issue 12 report).
    return [c for c in callbacks if c.__qualname__.startswith("_enqueue.")]


def _run_timed(callbacks) -> float:
    started = time.monotonic()
    for callback in callbacks:
        callback()
    return time.monotonic() - started


def _rows_stay():
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    assert WebhookDelivery.objects.filter(status="pending").count() == 2


def test_a_closed_broker_port_fails_the_publish_fast_and_the_rows_stay(
    broker_at, committed_with_tasks, caplog
):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now: connection refused
    broker_at(port)
    assert len(committed_with_tasks) == 4
    assert _run_timed(committed_with_tasks) < 0.5
    assert "periodic sweep" in caplog.text
    _rows_stay()


def test_a_hung_broker_costs_one_short_timeout_per_request_not_one_per_task(
    broker_at, committed_with_tasks, settings
):
    settings.ONESEAL_PUBLISH_TIMEOUT = 0.3
    hung = socket.create_server(("127.0.0.1", 0))  # accepts, never answers
    try:
        broker_at(hung.getsockname()[1])
        elapsed = _run_timed(committed_with_tasks)
    finally:
        hung.close()
    assert 0.25 < elapsed < 0.8  # one timeout, then the other three are left to the sweeps
    _rows_stay()


def test_a_broker_that_answers_gets_the_tasks(broker_at, committed_with_tasks):
    """The same path with Redis up (the one the PostgreSQL + Redis pass of .ci/run starts, db 5):
    the four tasks are published. Runs wherever REDIS_URL names a Redis."""
    import os
    from urllib.parse import urlsplit

    import redis

    if not os.environ.get("REDIS_URL"):
        pytest.skip("needs REDIS_URL (the PostgreSQL + Redis pass of .ci/run)")
    where = urlsplit(os.environ["REDIS_URL"])
    client = redis.Redis(host=where.hostname, port=where.port or 6379, db=5)
    client.delete("celery", "webhooks")
    broker_at(where.port or 6379, host=where.hostname)
    assert _run_timed(committed_with_tasks) < 2
    # Mail on the default queue, webhook attempts on their own (CELERY_TASK_ROUTES).
    assert client.llen("celery") == 2 and client.llen("webhooks") == 2
    client.delete("celery", "webhooks")
