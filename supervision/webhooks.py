"""Signed webhook deliveries to department systems (api-contract.md, "Webhooks").

Body: {"id": <delivery uuid>, "event", "created_at", "data": <object as its GET returns it>},
fixed at the first attempt. Headers: X-OneSeal-Event, X-OneSeal-Delivery (same on every retry),
X-OneSeal-Timestamp, X-OneSeal-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>")."""

import datetime
import hashlib
import hmac
import http.client
import json
import logging
import time
import urllib.parse

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
    """POST with http.client (urllib would re-case the header names of the contract)."""
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
        return conn.getresponse().status
    finally:
        conn.close()


def attempt(delivery_id) -> WebhookDelivery | None:
    """One attempt, if the delivery is pending and due. Returns the delivery (or None if
    another worker holds it or it is not due). Idempotent: a delivered one is left alone."""
    with transaction.atomic():
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
            return None
        if not delivery.body:
            delivery.body = build_body(delivery)
        body = delivery.body.encode()
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "OneSeal-Webhook/1",
            "X-OneSeal-Event": delivery.event,
            "X-OneSeal-Delivery": str(delivery.pk),
            "X-OneSeal-Timestamp": str(timestamp),
            "X-OneSeal-Signature": sign(delivery.endpoint.secret, timestamp, body),
        }
        started = time.monotonic()
        code, error = None, ""
        try:
            code = _post(delivery.endpoint.url, body, headers)
        except Exception as exc:  # no answer, refused, timeout: all mean "try again"
            error = f"{type(exc).__name__}: {exc}"[:300]
        duration = int((time.monotonic() - started) * 1000)
        WebhookAttempt.objects.create(
            delivery=delivery, at=now, status_code=code, error=error, duration_ms=duration
        )
        delivery.attempts += 1
        delivery.last_status_code = code
        if code is not None and 200 <= code < 300:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                timezone.now(),
                None,
            )
        elif now - delivery.created_at >= GIVE_UP_AFTER:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
            log.warning("webhook delivery %s failed for 24 h; giving up", delivery.pk)
        else:
            delivery.next_attempt_at = now + backoff(delivery.attempts)
        delivery.save(
            update_fields=[
                "body",
                "attempts",
                "last_status_code",
                "status",
                "delivered_at",
                "next_attempt_at",
            ]
        )
        return delivery


def due_deliveries(now=None, grace=datetime.timedelta(seconds=0)):
    now = now or timezone.now()
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now - grace
    )
