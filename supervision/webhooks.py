"""Signed webhook deliveries to department systems (api-contract.md, "Webhooks").

Body: {"id": <delivery uuid>, "event", "created_at", "data": <object as its GET returns it>},
fixed at the first attempt. Headers: X-OneSeal-Event, X-OneSeal-Delivery (same on every retry),
X-OneSeal-Timestamp, X-OneSeal-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>").

An attempt is claim (short transaction, lease) → POST with no transaction open → record (short
transaction); see docs/subsystems/outbound.md. Each endpoint has a circuit breaker (in the shared
cache): after WEBHOOK_BREAKER_FAILURES failed attempts in a row its deliveries are deferred, not
attempted, until a cool-down ends; then one trial attempt decides whether it closes again."""

import contextlib
import datetime
import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.parse
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from supervision.models import WebhookAttempt, WebhookDelivery
from supervision.serializers import PushSerializer, SupervisionReportSerializer

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 10
GIVE_UP_AFTER = datetime.timedelta(hours=24)


def backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, ... capped at 1 hour between attempts."""
    return datetime.timedelta(seconds=min(30 * 2 ** max(attempts - 1, 0), 3600))


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def build_body(delivery: WebhookDelivery) -> str:
    if delivery.push_id:
        data = PushSerializer(delivery.push).data
    else:
        data = SupervisionReportSerializer(delivery.report).data
    return json.dumps(
        {
            "id": str(delivery.pk),
            "event": delivery.event,
            "created_at": timezone.localtime(delivery.created_at).isoformat(),
            "data": data,
        },
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
    )


def _post(url: str, body: bytes, headers: dict) -> int:
    """POST with http.client (urllib would re-case the header names of the contract). No answer
    within TIMEOUT_SECONDS (connect and the status line together, not per read) is a failure."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    parts = urllib.parse.urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    conn = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        path = parts.path or "/"
        if parts.query:
            path = f"{path}?{parts.query}"
        conn.request("POST", path, body=body, headers=headers)
        conn.sock.settimeout(max(deadline - time.monotonic(), 0.05))  # what is left of the 10 s
        return conn.getresponse().status
    finally:
        conn.close()


@dataclass
class Claimed:
    pk: object
    token: datetime.datetime  # the next_attempt_at this worker wrote: its lease
    claimed_at: datetime.datetime
    created_at: datetime.datetime
    event: str
    url: str
    secret: str
    body: bytes


def lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)


def claim(delivery_id) -> Claimed | None:
    """Phase 1, one short transaction: take the delivery if it is pending, due and not held by
    another worker (only its own row is locked), fix its body at the first attempt, lease it by
    moving next_attempt_at past this attempt, commit."""
    with transaction.atomic(durable=True):
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related(
                "endpoint",
                "push__department",
                "push__claimed_by",
                "report__department",
                "report__permit",
            )
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return None
        now = timezone.now()
        if delivery.next_attempt_at and delivery.next_attempt_at > now:
            return None  # not due yet (backoff), or another worker holds the lease
        if not delivery.body:
            delivery.body = build_body(delivery)
        delivery.next_attempt_at = now + lease()
        delivery.save(update_fields=["body", "next_attempt_at"])
    return Claimed(
        pk=delivery.pk,
        token=delivery.next_attempt_at,
        claimed_at=now,
        created_at=delivery.created_at,
        event=delivery.event,
        url=delivery.endpoint.url,
        secret=delivery.endpoint.secret,
        body=delivery.body.encode(),
    )


def send(claimed: Claimed) -> tuple[int | None, str, int]:
    """Phase 2: the POST, with no transaction open. Returns (status code, error, duration ms)."""
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "User-Agent": "OneSeal-Webhook/1",
        "X-OneSeal-Event": claimed.event,
        "X-OneSeal-Delivery": str(claimed.pk),
        "X-OneSeal-Timestamp": str(timestamp),
        "X-OneSeal-Signature": sign(claimed.secret, timestamp, claimed.body),
    }
    started = time.monotonic()
    code, error = None, ""
    try:
        code = _post(claimed.url, claimed.body, headers)
    except Exception as exc:  # no answer, refused, timeout: all mean "try again"
        error = f"{type(exc).__name__}: {exc}"[:300]
    return code, error, int((time.monotonic() - started) * 1000)


def record(claimed: Claimed, code: int | None, error: str, duration_ms: int) -> WebhookDelivery:
    """Phase 3, one short transaction: log the attempt and settle the delivery. A 2xx delivers it
    whoever holds it now; a failure reschedules it only while this worker's lease is the one on
    the row (if it ran out and another worker took the delivery, that worker decides)."""
    with transaction.atomic(durable=True):
        delivery = WebhookDelivery.objects.select_for_update(of=("self",)).get(pk=claimed.pk)
        WebhookAttempt.objects.create(
            delivery=delivery,
            at=claimed.claimed_at,
            status_code=code,
            error=error,
            duration_ms=duration_ms,
        )
        delivery.attempts += 1
        delivery.last_status_code = code
        pending = delivery.status == WebhookDelivery.Status.PENDING
        if pending and code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                timezone.now(),
                None,
            )
        elif pending and delivery.next_attempt_at == claimed.token:
            if claimed.claimed_at - delivery.created_at >= GIVE_UP_AFTER:
                delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
                log.warning("webhook delivery %s failed for 24 h; giving up", delivery.pk)
            else:
                delivery.next_attempt_at = claimed.claimed_at + backoff(delivery.attempts)
        delivery.save(
            update_fields=[
                "attempts",
                "last_status_code",
                "status",
                "delivered_at",
                "next_attempt_at",
            ]
        )
    return delivery


# --- the per-endpoint circuit breaker ---------------------------------------------------------
# State lives in the shared cache (Redis in production, the file cache of the embedded default),
# not on the endpoint row: it is advisory — losing it costs at most a few more timeouts, never a
# delivery, because each delivery's own row (status, next_attempt_at) is what keeps it — and
# every attempt of every worker updates it, which would make the endpoint row a hot lock. If the
# cache cannot be read the breaker fails open: deliveries are attempted as without it.


def _breaker_setting(name: str, default):
    return getattr(settings, f"WEBHOOK_BREAKER_{name}", default)


def _keys(endpoint_id) -> dict[str, str]:
    base = f"oneseal:webhook-breaker:{endpoint_id}"
    return {k: f"{base}:{k}" for k in ("failures", "open_until", "trips", "trial")}


def _trial_hold() -> int:
    """How long a half-open trial may take before another worker may try (one POST, plus a
    margin): the other deliveries of that endpoint are deferred this long meanwhile."""
    return TIMEOUT_SECONDS + 5


def cool_down(trips: int) -> datetime.timedelta:
    """After the breaker opened `trips` times in a row: base, doubled each time, capped."""
    base = _breaker_setting("COOL_DOWN_SECONDS", 60)
    cap = _breaker_setting("MAX_COOL_DOWN_SECONDS", 600)
    return datetime.timedelta(seconds=min(base * 2 ** max(trips - 1, 0), cap))


@dataclass
class Gate:
    allowed: bool
    trial: bool = False  # this attempt is the half-open trial
    resume_at: datetime.datetime | None = None  # when deferred: when to look again


def breaker_state(endpoint_id, now=None) -> str:
    """closed, open or half_open (for admins, logs and tests)."""
    now = now or timezone.now()
    open_until = cache.get(_keys(endpoint_id)["open_until"])
    if open_until is None:
        return "closed"
    return "open" if now.timestamp() < open_until else "half_open"


def admit(endpoint_id, now) -> Gate:
    """May a delivery to this endpoint be attempted now? Closed: yes. Open: no, come back when
    the cool-down ends. Cool-down over (half-open): the first to ask gets the one trial, the rest
    come back after the trial's time."""
    keys = _keys(endpoint_id)
    try:
        open_until = cache.get(keys["open_until"])
        if open_until is None:
            return Gate(allowed=True)
        if now.timestamp() < open_until:
            resume_at = datetime.datetime.fromtimestamp(open_until, datetime.UTC)
            return Gate(allowed=False, resume_at=resume_at)
        if cache.add(keys["trial"], now.timestamp(), timeout=_trial_hold()):
            return Gate(allowed=True, trial=True)
        return Gate(allowed=False, resume_at=now + datetime.timedelta(seconds=_trial_hold()))
    except Exception:  # the cache is down: attempt as if there were no breaker
        log.warning("webhook breaker unreadable for endpoint %s; attempting", endpoint_id)
        return Gate(allowed=True)


def outcome(endpoint_id, *, ok: bool, trial: bool, now) -> None:
    """Feed one attempt's result to the breaker. A 2xx closes it (and resets the count). A failed
    trial opens it again for a longer cool-down; the N-th failure in a row opens a closed one.
    A failure of an attempt that started before the breaker opened changes nothing."""
    keys = _keys(endpoint_id)
    day = 24 * 3600
    try:
        if ok:
            cache.delete_many(list(keys.values()))
            return
        if trial:
            trips = (cache.get(keys["trips"]) or 0) + 1
        elif cache.get(keys["open_until"]) is not None:
            return
        else:
            cache.add(keys["failures"], 0, timeout=day)
            if cache.incr(keys["failures"]) < _breaker_setting("FAILURES", 3):
                return
            trips = 1
        until = now + cool_down(trips)
        cache.set_many({keys["open_until"]: until.timestamp(), keys["trips"]: trips}, timeout=day)
        cache.delete_many([keys["failures"], keys["trial"]])
        log.warning("webhook endpoint %s: breaker open until %s", endpoint_id, until.isoformat())
    except Exception:
        log.warning("webhook breaker not updated for endpoint %s", endpoint_id)


def release_trial(endpoint_id) -> None:
    with contextlib.suppress(Exception):  # it expires after _trial_hold() anyway
        cache.delete(_keys(endpoint_id)["trial"])


def defer(delivery_id, resume_at: datetime.datetime, now) -> WebhookDelivery | None:
    """Reschedule a due delivery whose endpoint's breaker is open, without an attempt (no POST,
    no attempt logged, its id and body untouched). Past 24 hours it is given up, as a failed
    attempt would be."""
    with transaction.atomic(durable=True):
        delivery = (
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None
        if now - delivery.created_at >= GIVE_UP_AFTER:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
            log.warning("webhook delivery %s: endpoint down for 24 h; giving up", delivery.pk)
        else:
            delivery.next_attempt_at = resume_at
        delivery.save(update_fields=["status", "next_attempt_at"])
    return delivery


def _due_endpoint(delivery_id, now):
    return (
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .values_list("endpoint_id", flat=True)
        .first()
    )


def attempt(delivery_id) -> WebhookDelivery | None:
    """One attempt, if the delivery is pending and due: ask its endpoint's breaker (open: defer
    it, no POST), claim (commit), POST outside any transaction, record (commit). Returns the
    delivery (pending with its next_attempt_at when deferred or failed), or None if another
    worker holds it or it is not due. Idempotent: a delivered one is left alone."""
    now = timezone.now()
    endpoint_id = _due_endpoint(delivery_id, now)
    if endpoint_id is None:
        return None
    gate = admit(endpoint_id, now)
    if not gate.allowed:
        return defer(delivery_id, gate.resume_at, now)
    claimed = claim(delivery_id)
    if claimed is None:
        if gate.trial:
            release_trial(endpoint_id)
        return None
    code, error, duration_ms = send(claimed)
    ok = code is not None and 200 <= code < 300
    outcome(endpoint_id, ok=ok, trial=gate.trial, now=timezone.now())
    return record(claimed, code, error, duration_ms)


def due_deliveries(now=None, grace=datetime.timedelta(seconds=0)):
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now - grace
    )
