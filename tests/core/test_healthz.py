"""/healthz answers 200 when the database and broker answer, 503 (never 500) otherwise."""

import pytest

from config.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_is_200_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


@pytest.fixture
def broker_down(monkeypatch):
    # A Redis URL on a port where nothing listens: the broker is "down". Celery reads the
    # CELERY_BROKER_URL environment variable before its own settings, so set both.
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    saved = {k: celery_app.conf[k] for k in ("broker_url", "broker_transport_options")}
    celery_app.conf.update(
        broker_url="redis://127.0.0.1:1/0", broker_transport_options={"socket_connect_timeout": 1}
    )
    celery_app.pool.force_close_all()
    yield
    celery_app.conf.update(saved)
    celery_app.pool.force_close_all()


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_down(client, broker_down):
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"] == "ok"
    assert body["broker"] != "ok"


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    from django.db import connection

    def refuse(*args, **kwargs):
        raise connection.Database.OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"].startswith("OperationalError")
