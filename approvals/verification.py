"""Public verification links: `<SITE_URL>/verify/<permit number>/?c=<check code>`.

The check code is an HMAC of the permit number under a server-side key, so valid links cannot
be guessed from numbers."""

import base64
import hashlib
import hmac

from django.conf import settings
from django.urls import reverse


def _key() -> bytes:
    return (getattr(settings, "VERIFY_KEY", "") or f"verify:{settings.SECRET_KEY}").encode()


def check_code(permit_number: str) -> str:
    digest = hmac.new(_key(), permit_number.encode(), hashlib.sha256).digest()
    return base64.b32encode(digest)[:10].decode().lower()


def is_valid_code(permit_number: str, code: str | None) -> bool:
    """Constant-time comparison; anything that is not ASCII (compare_digest refuses to compare
    it) is simply a wrong code."""
    if not code or not code.isascii():
        return False
    return hmac.compare_digest(check_code(permit_number), code.strip().lower())


def verify_path(permit_number: str) -> str:
    return f"{reverse('verify', args=[permit_number])}?c={check_code(permit_number)}"


def verify_url(permit_number: str) -> str:
    return f"{settings.SITE_URL}{verify_path(permit_number)}"
