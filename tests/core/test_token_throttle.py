"""The token endpoint's throttle counts in the shared cache through the one rate limiter."""

import os
import subprocess
import sys
import time

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _attempt(client, ip="10.1.1.1"):
    return client.post(
        "/api/v1/auth/token/",
        {"username": "nobody", "password": "wrong"},
        content_type="application/json",
        REMOTE_ADDR=ip,
    )


def test_the_21st_attempt_in_a_minute_is_throttled(client, settings):
    for _ in range(20):
        assert _attempt(client).status_code == 400
    response = _attempt(client)
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"
    assert int(response["Retry-After"]) <= 60
    assert _attempt(client, ip="10.1.1.2").status_code == 400  # another client is not


def test_another_process_sees_the_same_count(client, settings, tmp_path):
    """The embedded default's file cache is shared by every process of the project: after 20
    attempts here, a separate Python process (a second web worker) finds the client over its
    limit."""
    if time.time() % 60 > 45:  # keep all of it inside one fixed window
        time.sleep(61 - time.time() % 60)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    for _ in range(20):
        _attempt(client)
    probe = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "from core.ratelimit import limited; "
        "request = RequestFactory().post('/', REMOTE_ADDR='10.1.1.1'); "
        "print(limited('token', request, limit=20, window=60))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", ONESEAL_VAR_DIR=str(tmp_path))
    out = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "True"
