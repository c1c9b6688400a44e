"""The one rate limiter: a fixed window per name and client IP, counted in the shared Django
cache, so every web process behind the load balancer counts the same hits. When the cache is
down (Redis stopped), the limiter fails open: the request is allowed and a warning logged,
never a 500 for a page that needs no cache to answer."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

logger = logging.getLogger(__name__)


def client_ip(request) -> str:
    """The client's address. Behind a proxy, set VERIFY_CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP")
    to the header the proxy sets; never trust a header a client could send straight to us."""
    header = getattr(settings, "VERIFY_CLIENT_IP_HEADER", "")
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[0].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


def limited(name: str, request, *, limit: int, window: int = 60) -> bool:
    """Count one hit of `name` from this client; True once it passes `limit` hits in the
    current window of `window` seconds (a fixed window: it resets at each window's start).
    False, with a warning in the log, when the cache cannot be reached."""
    try:
        return _count(name, request, limit=limit, window=window)
    except Exception as exc:  # any backend's error: redis.ConnectionError, OSError, timeouts
        logger.warning(
            "rate limit %s not counted, the cache failed (%s: %s); allowing the request",
            name,
            type(exc).__name__,
            exc,
        )
        return False


def _count(name: str, request, *, limit: int, window: int) -> bool:
    slot = int(timezone.now().timestamp() // window)
    key = f"ratelimit:{name}:{client_ip(request)}:{slot}"
    timeout = window + 30  # outlives its window, then goes by itself
    if cache.add(key, 1, timeout=timeout):
        return limit < 1
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=timeout)
        return limit < 1
    return count > limit
