"""Signed webhook deliveries to department systems (api-contract.md, "Webhooks").

Body: {"id": <delivery uuid>, "event", "created_at", "data": <object as its GET returns it>},
fixed at the first attempt. Headers: X-OneSeal-Event, X-OneSeal-Delivery (same on every retry),
X-OneSeal-Timestamp, X-OneSeal-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>").

An attempt is claim (short transaction, lease) → POST with no transaction open → record (short
transaction); see docs/subsystems/outbound.md."""

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
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
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


def attempt(delivery_id) -> WebhookDelivery | None:
    """One attempt, if the delivery is pending and due: claim (commit), POST outside any
    transaction, record (commit). Returns the delivery, or None if another worker holds it or it
    is not due. Idempotent: a delivered one is left alone."""
    claimed = claim(delivery_id)
    if claimed is None:
        return None
    return record(claimed, *send(claimed))


def due_deliveries(now=None, grace=datetime.timedelta(seconds=0)):
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now - grace
    )
