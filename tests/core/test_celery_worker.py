"""A real Celery worker on the configured broker (filesystem by default, Redis in CI's second
pass) runs a task and stores its result in the database backend."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app
from core.tasks import echo


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_from_the_broker():
    assert not app.conf.task_always_eager
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = echo.delay({"一章通": 1})
        assert result.get(timeout=30) == {"一章通": 1}
