"""Settings come from the environment; nothing set means the embedded default."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'engine': s.DATABASES['default']['ENGINE'], "
    "'name': str(s.DATABASES['default']['NAME']), 'host': s.DATABASES['default'].get('HOST'), "
    "'broker': s.CELERY_BROKER_URL, 'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, "
    "'tz': s.TIME_ZONE, 'lang': s.LANGUAGE_CODE, 'use_tz': s.USE_TZ, "
    "'email': s.EMAIL_BACKEND}))"
)
ENV_KEYS = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "EMAIL_HOST",
    "EMAIL_BACKEND",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run_probe(code=PROBE, **env):
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    clean.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_nothing_set_gives_sqlite_and_embedded_broker():
    out = run_probe()
    assert out.returncode == 0, out.stderr
    s = json.loads(out.stdout)
    assert s["engine"] == "audit.backends.sqlite3"
    assert s["name"] == str(ROOT / "db.sqlite3")
    assert s["broker"] == "filesystem://"
    assert s["tz"] == "Asia/Shanghai" and s["lang"] == "zh-hans" and s["use_tz"] is True
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"


def test_database_and_redis_urls_select_postgresql_and_redis():
    out = run_probe(
        DATABASE_URL="postgres://u:p@db.example:5432/oneseal", REDIS_URL="redis://cache:6379/0"
    )
    s = json.loads(out.stdout)
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["host"] == "db.example" and s["name"] == "oneseal"
    assert s["broker"] == "redis://cache:6379/0"


def test_celery_broker_url_wins_over_redis_url():
    out = run_probe(REDIS_URL="redis://cache:6379/0", CELERY_BROKER_URL="redis://broker:6379/2")
    assert json.loads(out.stdout)["broker"] == "redis://broker:6379/2"


def test_production_needs_a_secret_key():
    out = run_probe(DEBUG="0")
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_production_settings_pass_check_deploy():
    env = {k: v for k, v in os.environ.items() if k not in ENV_KEYS}
    env.update(
        DEBUG="0",
        SECRET_KEY="x7!kP2q#Lm9vZr4tYw8eNs3uBc6hJd1gFa5oQi0pXy-Ut_Ve+R2wS8zD3kM6nB",
        ALLOWED_HOSTS="oneseal.example.gov.cn",
        EMAIL_HOST="smtp.example.gov.cn",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    probe = run_probe(**{k: env[k] for k in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "EMAIL_HOST")})
    s = json.loads(probe.stdout)
    assert s["debug"] is False and s["hosts"] == ["oneseal.example.gov.cn"]
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_the_api_docs_are_behind_login_in_production():
    """With DEBUG off (production) and API_DOCS_PUBLIC unset, the schema needs a login."""
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps(s.SPECTACULAR_SETTINGS['SERVE_PERMISSIONS']))"
    )
    production = run_probe(code, DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="example.org")
    assert production.returncode == 0, production.stderr
    assert json.loads(production.stdout) == ["rest_framework.permissions.IsAuthenticated"]
    embedded = run_probe(code)
    assert json.loads(embedded.stdout) == ["rest_framework.permissions.AllowAny"]
