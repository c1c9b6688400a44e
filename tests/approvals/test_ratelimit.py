"""core.ratelimit, the one rate limiter (used by /verify/): a fixed window per name and client
IP in the shared cache."""

import datetime

import pytest
import time_machine
from django.core.cache import cache
from django.test import RequestFactory

from core import ratelimit

START = datetime.datetime(2026, 6, 1, 10, 0, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller
    cache.clear()


def _request(ip="10.0.0.1", **meta):
    return RequestFactory().get("/verify/x/", REMOTE_ADDR=ip, **meta)


def _hits(name, request, n, limit):
    return [ratelimit.limited(name, request, limit=limit) for _ in range(n)]


def test_the_hit_past_the_limit_is_limited():
    assert _hits("a", _request(), 4, limit=3) == [False, False, False, True]


def test_names_and_clients_are_counted_apart():
    _hits("a", _request(), 3, limit=3)
    assert ratelimit.limited("a", _request(), limit=3) is True
    assert ratelimit.limited("b", _request(), limit=3) is False
    assert ratelimit.limited("a", _request("10.0.0.2"), limit=3) is False


def test_the_window_resets(_fresh_cache):
    _hits("a", _request(), 3, limit=2)
    _fresh_cache.shift(datetime.timedelta(seconds=61))
    assert ratelimit.limited("a", _request(), limit=2) is False


def test_the_proxy_header_is_honoured_only_when_configured(settings):
    settings.VERIFY_CLIENT_IP_HEADER = ""
    forged = _request(HTTP_X_REAL_IP="1.2.3.4")
    assert ratelimit.client_ip(forged) == "10.0.0.1"
    settings.VERIFY_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    assert ratelimit.client_ip(forged) == "1.2.3.4"
    behind = _request(HTTP_X_REAL_IP="5.6.7.8, 10.0.0.1")
    assert ratelimit.client_ip(behind) == "5.6.7.8"
    _hits("a", forged, 2, limit=2)
    assert ratelimit.limited("a", forged, limit=2) is True
    assert ratelimit.limited("a", behind, limit=2) is False


# --- the cache down: fail open -----------------------------------------------------------------

# Redis on a port nothing listens on: every cache call raises redis.ConnectionError at once.
DEAD_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


class BrokenCache:
    """A cache backend whose every call raises, as any backend may when its server is gone."""

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise OSError("cache server gone")

        return fail


@pytest.fixture
def dead_redis(settings):
    working = settings.CACHES
    settings.CACHES = DEAD_REDIS
    yield
    settings.CACHES = working  # before the autouse fixture clears the cache


def test_with_redis_down_every_hit_is_allowed_and_logged(dead_redis, caplog):
    caplog.set_level("WARNING", logger="core.ratelimit")
    assert _hits("verify", _request(), 3, limit=1) == [False, False, False]
    warnings = [r for r in caplog.records if r.name == "core.ratelimit"]
    assert len(warnings) == 3
    assert "ConnectionError" in warnings[0].getMessage()


def test_a_backend_that_raises_anything_fails_open(monkeypatch, caplog):
    monkeypatch.setattr(ratelimit, "cache", BrokenCache())
    caplog.set_level("WARNING", logger="core.ratelimit")
    assert ratelimit.limited("verify", _request(), limit=0) is False
    assert "OSError" in caplog.records[-1].getMessage()
