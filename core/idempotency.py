"""Idempotency-Key on every creating API POST (as Stripe and the IETF draft have it).

The first request with a key claims it (a row, unique per caller and key) and runs; its answer
is stored and replayed to every repeat of the same request by the same caller, whose body
must be byte-identical (else 409 `idempotency_key_reused`). A repeat that arrives while the
first still runs waits for it, then gets the same answer (or 409 `idempotency_key_in_progress`
with Retry-After if the first takes longer). A first attempt that fails with 5xx or an
exception releases the key, so the client's retry runs again. Records live for a day."""

import datetime
import hashlib
import io
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.api import error_body
from core.models import IdempotencyRecord

HEADER = "Idempotency-Key"
KEEP = datetime.timedelta(hours=24)
WAIT_SECONDS = 5.0
MAX_STORED_BYTES = 1024 * 1024


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= 255 and all(33 <= ord(c) <= 126 for c in key)


def _scope(request) -> str:
    """Who is asking: the token or session user, else the client address."""
    auth = request.META.get("HTTP_AUTHORIZATION", "")
    user = getattr(request, "user", None)
    if auth:
        identity = "auth:" + auth
    elif user is not None and user.is_authenticated:
        identity = f"user:{user.pk}"
    else:
        identity = "anon:" + request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(identity.encode()).hexdigest()


def _read_body(request, limit: int) -> bytes | None:
    """The whole body, kept on the request for the view (as HttpRequest.body does), or None
    when it is longer than `limit`."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit:
        return None
    body = request.read(limit + 1)
    if len(body) > limit:
        return None
    request._body = body
    request._stream = io.BytesIO(body)
    return body


def _replay(record) -> HttpResponse:
    response = HttpResponse(
        bytes(record.response_body), status=record.status_code, content_type=record.content_type
    )
    response["Idempotent-Replayed"] = "true"
    return response


def _refuse(code: str, detail: str, status: int, **headers) -> JsonResponse:
    response = JsonResponse(error_body(code, detail), status=status)
    for name, value in headers.items():
        response[name] = value
    return response


class IdempotencyKeyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.path.startswith("/api/"):
            return self.get_response(request)
        if not _valid_key(key):
            return _refuse(
                "invalid_idempotency_key",
                _("Idempotency-Key 应为 1–255 个可见 ASCII 字符。"),
                400,
            )
        limit = getattr(settings, "IDEMPOTENCY_MAX_BODY_BYTES", 12 * 1024 * 1024)
        body = _read_body(request, limit)
        if body is None:
            return _refuse("body_too_large", _("请求体过大。"), 400)
        digest = hashlib.sha256(
            b"\0".join([request.method.encode(), request.get_full_path().encode(), body])
        ).hexdigest()
        scope = _scope(request)
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    scope=scope, key=key, request_sha256=digest
                )
        except IntegrityError:
            return self._repeat(scope, key, digest)
        return self._first(request, record)

    def _first(self, request, record):
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        content = getattr(response, "content", None)
        if response.status_code >= 500 or content is None or len(content) > MAX_STORED_BYTES:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", ""),
            response_body=content,
        )
        return response

    def _repeat(self, scope, key, digest):
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            record = IdempotencyRecord.objects.filter(scope=scope, key=key).first()
            if record is None:  # the first attempt failed and let the key go
                return _refuse(
                    "idempotency_key_in_progress",
                    _("相同请求的首次处理未完成,请稍后重试。"),
                    409,
                    **{"Retry-After": "1"},
                )
            if record.request_sha256 != digest:
                return _refuse(
                    "idempotency_key_reused",
                    _("该 Idempotency-Key 已用于另一内容不同的请求。"),
                    409,
                )
            if record.status_code is not None:
                return _replay(record)
            if time.monotonic() >= deadline:
                return _refuse(
                    "idempotency_key_in_progress",
                    _("相同请求仍在处理中,请稍后重试。"),
                    409,
                    **{"Retry-After": "1"},
                )
            time.sleep(0.1)


def purge_expired(now=None) -> int:
    cutoff = (now or timezone.now()) - KEEP
    return IdempotencyRecord.objects.filter(created_at__lt=cutoff).delete()[0]
