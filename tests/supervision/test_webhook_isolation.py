"""One department's dead or slow endpoint does not delay the others: webhook attempts have a queue
of their own, and each endpoint a circuit breaker (supervision/webhooks.py)."""

import datetime
import socket
import time

import pytest
import time_machine

from supervision import tasks, webhooks
from supervision.models import Push, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from supervision.webhooks import attempt, breaker_state

SECRET = "s3cr3t-部门"


def _endpoint(code, url):
    from catalog.models import Department

    return WebhookEndpoint.objects.create(
        department=Department.objects.get(code=code), url=url, secret=SECRET
    )


def _more_deliveries(endpoint, n, at):
    """n more events for the endpoint's department's push (as the overdue job would write)."""
    push = Push.objects.get(department=endpoint.department)
    return [
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            department=endpoint.department,
            event="push.flagged_overdue",
            push=push,
            created_at=at,
            next_attempt_at=at,
        )
        for _ in range(n)
    ]


@pytest.fixture
def dead_market(decided, receiver_factory):
    """market's system answers 500 to everything; health's answers 200. Returns (the market
    receiver, the health receiver, market's 6 deliveries, health's delivery, the time they were
    written)."""
    market = receiver_factory(*[500] * 50)
    health = receiver_factory()
    market_endpoint = _endpoint("market", market.url)
    _endpoint("health", health.url)
    decided()
    first = WebhookDelivery.objects.get(department__code="market")
    t0 = first.created_at
    ours = [first, *_more_deliveries(market_endpoint, 5, t0)]
    other = WebhookDelivery.objects.get(department__code="health")
    return market, health, ours, other, t0


def _bodies_by_id(receiver):
    seen = {}
    for headers, body in receiver.requests:
        seen.setdefault(headers["X-OneSeal-Delivery"], set()).add(body)
    return seen


# --- a queue of their own --------------------------------------------------------------------


def test_webhook_attempts_and_their_sweep_go_to_the_webhooks_queue_and_mail_does_not():
    from config.celery import app

    def queue(name):
        return app.amqp.router.route({}, name)["queue"].name

    assert queue("supervision.deliver_webhook") == "webhooks"
    assert queue("supervision.retry_webhooks") == "webhooks"
    assert queue("supervision.send_notifications") == "celery"  # mail never waits behind them
    assert queue("supervision.flag_overdue") == "celery"  # nor the overdue job


def test_the_procfile_runs_a_webhook_worker_and_the_default_worker_skips_that_queue():
    from django.conf import settings

    lines = dict(
        line.split(":", 1)
        for line in (settings.BASE_DIR / "Procfile").read_text().splitlines()
        if line.strip()
    )
    assert "--queues=webhooks" in lines["webhook-worker"]
    assert "--queues=celery" in lines["worker"] and "webhooks" not in lines["worker"]


# --- the breaker -----------------------------------------------------------------------------


def test_a_dead_endpoint_opens_its_breaker_after_three_failures_and_the_rest_wait_without_a_post(
    dead_market,
):
    market, _, ours, _, t0 = dead_market
    with time_machine.travel(t0, tick=False):
        results = [attempt(d.pk) for d in ours]
        assert breaker_state(ours[0].endpoint_id) == "open"
    assert len(market.requests) == 3  # three failed attempts, then no more POSTs
    assert [r.attempts for r in results] == [1, 1, 1, 0, 0, 0]
    for deferred in results[3:]:
        assert deferred.status == "pending"
        assert deferred.next_attempt_at == t0 + datetime.timedelta(seconds=60)  # the cool-down
        assert not deferred.body  # never claimed: nothing fixed, nothing sent
    assert WebhookAttempt.objects.count() == 3  # a deferral is not an attempt


def test_another_departments_delivery_is_attempted_at_once_while_one_breaker_is_open(dead_market):
    market, health, ours, other, t0 = dead_market
    with time_machine.travel(t0, tick=False):
        for d in ours:
            attempt(d.pk)
        assert breaker_state(ours[0].endpoint_id) == "open"
        assert attempt(other.pk).status == "delivered"
        assert breaker_state(other.endpoint_id) == "closed"
    assert len(health.requests) == 1 and len(market.requests) == 3


def test_after_the_cool_down_one_trial_goes_out_a_failed_one_reopens_longer_a_good_one_closes(
    dead_market, monkeypatch
):
    market, _, ours, _, t0 = dead_market
    with time_machine.travel(t0, tick=False):
        for d in ours:
            attempt(d.pk)
    endpoint_id = ours[0].endpoint_id
    t1 = t0 + datetime.timedelta(seconds=61)
    real_post, during_trial = webhooks._post, {}

    def post(url, body, headers):  # while the trial is out, the others stay deferred
        if not during_trial:
            during_trial["state"] = breaker_state(endpoint_id)
            during_trial["other"] = attempt(ours[5].pk)
        return real_post(url, body, headers)

    monkeypatch.setattr(webhooks, "_post", post)
    with time_machine.travel(t1, tick=False):
        trial = attempt(ours[3].pk)
    assert len(market.requests) == 4  # the one trial; the nested attempt did not POST
    assert during_trial["state"] == "half_open"
    assert during_trial["other"].attempts == 0
    assert during_trial["other"].next_attempt_at == t1 + datetime.timedelta(seconds=15)
    assert trial.attempts == 1 and trial.last_status_code == 500
    with time_machine.travel(t1, tick=False):
        assert breaker_state(endpoint_id) == "open"  # the trial failed: open again,
    t2 = t1 + datetime.timedelta(seconds=119)
    with time_machine.travel(t2, tick=False):
        assert breaker_state(endpoint_id) == "open"  # for twice the cool-down
        assert attempt(ours[4].pk).attempts == 0
    monkeypatch.setattr(webhooks, "_post", real_post)

    market.codes.clear()  # the department's system is back: 200 from now on
    t3 = t1 + datetime.timedelta(seconds=121)
    with time_machine.travel(t3, tick=False):
        assert attempt(ours[4].pk).status == "delivered"  # the trial closes it
        assert breaker_state(endpoint_id) == "closed"
    assert len(market.requests) == 5


def test_nothing_is_lost_each_delivery_arrives_with_its_id_and_the_same_bytes_once_it_closes(
    dead_market,
):
    market, _, ours, _, t0 = dead_market
    now = t0
    with time_machine.travel(now, tick=False):
        for d in ours:
            attempt(d.pk)
    market.codes.clear()  # back up
    for _ in range(10):  # what the task's own retries do: come back at next_attempt_at
        pending = WebhookDelivery.objects.filter(department__code="market", status="pending")
        if not pending.exists():
            break
        now = max(min(d.next_attempt_at for d in pending), now) + datetime.timedelta(seconds=1)
        with time_machine.travel(now, tick=False):
            for d in pending:
                attempt(d.pk)
    assert set(
        WebhookDelivery.objects.filter(department__code="market").values_list("status", flat=True)
    ) == {"delivered"}
    seen = _bodies_by_id(market)
    assert set(seen) == {str(d.pk) for d in ours}  # every one arrived
    assert all(len(bodies) == 1 for bodies in seen.values())  # the same bytes on every retry
    for d in WebhookDelivery.objects.filter(department__code="market"):
        assert seen[str(d.pk)] == {d.body.encode()}
    # Each of the first three: its failure and one success; the rest: one success after the trial.
    assert len(market.requests) == 3 + 1 + 5


def test_a_hung_endpoint_costs_three_timeouts_not_one_per_delivery(decided, monkeypatch):
    hung = socket.socket()  # accepts connections (the backlog), never answers
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)
    try:
        monkeypatch.setattr(webhooks, "TIMEOUT_SECONDS", 0.3)
        endpoint = _endpoint("market", f"http://127.0.0.1:{hung.getsockname()[1]}/hook")
        decided()
        first = WebhookDelivery.objects.get(department__code="market")
        ours = [first, *_more_deliveries(endpoint, 7, first.created_at)]
        started = time.monotonic()
        with time_machine.travel(first.created_at):
            results = [attempt(d.pk) for d in ours]
        elapsed = time.monotonic() - started
    finally:
        hung.close()
    assert [r.attempts for r in results] == [1, 1, 1, 0, 0, 0, 0, 0]
    assert all("timed out" in a.error for a in WebhookAttempt.objects.all())
    assert elapsed < 0.3 * 3 + 1.5  # three timeouts, not eight


def test_a_success_resets_the_count_so_failures_must_come_in_a_row(decided, receiver_factory):
    receiver = receiver_factory(500, 500, 200, 500, 500, 200)
    endpoint = _endpoint("market", receiver.url)
    decided()
    first = WebhookDelivery.objects.get(department__code="market")
    ours = [first, *_more_deliveries(endpoint, 5, first.created_at)]
    with time_machine.travel(first.created_at, tick=False):
        for d in ours:
            attempt(d.pk)
        assert breaker_state(endpoint.pk) == "closed"
    assert len(receiver.requests) == 6


def test_the_task_of_a_deferred_delivery_goes_back_to_the_broker_until_the_cool_down_ends(
    dead_market, monkeypatch
):
    _, _, ours, _, t0 = dead_market
    with time_machine.travel(t0, tick=False):
        for d in ours[:3]:
            attempt(d.pk)
    countdowns = []

    class Retried(Exception):
        pass

    def retry(countdown):
        countdowns.append(countdown)
        return Retried()

    monkeypatch.setattr(tasks.deliver_webhook, "retry", retry)
    later = t0 + datetime.timedelta(seconds=20)
    with time_machine.travel(later, tick=False), pytest.raises(Retried):
        tasks.deliver_webhook(str(ours[3].pk))
    assert countdowns == [40.0]  # what is left of the 60 s cool-down, in the broker


def test_when_the_cache_cannot_be_read_the_breaker_lets_attempts_through(dead_market, monkeypatch):
    from django.core.cache import cache

    market, _, ours, _, t0 = dead_market

    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    for name in ("get", "add", "incr", "set_many", "delete_many", "delete"):
        monkeypatch.setattr(cache, name, down)
    with time_machine.travel(t0, tick=False):
        results = [attempt(d.pk) for d in ours]
    assert [r.attempts for r in results] == [1] * 6  # fails open: as if there were no breaker
    assert len(market.requests) == 6


def test_a_delivery_deferred_for_24_hours_is_given_up_as_a_failed_one_would_be(dead_market):
    _, _, ours, _, t0 = dead_market
    with time_machine.travel(t0, tick=False):
        for d in ours[:3]:
            attempt(d.pk)
    from django.core.cache import cache

    # The breaker re-opened by failed trials all day (its state set directly).
    later = t0 + datetime.timedelta(hours=24, minutes=1)
    keys = webhooks._keys(ours[0].endpoint_id)
    cache.set(keys["open_until"], (later + datetime.timedelta(minutes=5)).timestamp(), 3 * 86400)
    with time_machine.travel(later, tick=False):
        gone = attempt(ours[3].pk)
    assert gone.status == "failed" and gone.attempts == 0
