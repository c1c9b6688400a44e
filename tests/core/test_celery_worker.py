"""A real Celery worker on the configured broker (filesystem by default, Redis in CI's second
pass) runs a task and stores its result in the database backend."""

import threading
import time

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db.utils import OperationalError

from config.celery import app
from core.tasks import echo


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_a_task_from_the_broker():
    """The worker thread and this one share SQLite's in-memory test database, whose shared cache
    answers "table is locked" at once (no busy wait) to a read that meets a write in progress. So
    the result is read once the worker has finished with it (task_postrun follows the store),
    and a read that still meets the worker's connection mid-write (its clean-up after the task)
    is tried again: that lock is the shared cache's, not the backend's; the value must come."""
    assert not app.conf.task_always_eager
    done = threading.Event()

    def finished(task_id=None, **kwargs):
        done.set()

    task_postrun.connect(finished, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = echo.delay({"一章通": 1})
            assert done.wait(timeout=30), "the worker did not run the task"
            assert _read(result) == {"一章通": 1}
    finally:
        task_postrun.disconnect(finished)


def _read(result, attempts=50):
    for _ in range(attempts - 1):
        try:
            return result.get(timeout=30)
        except OperationalError as exc:
            if "locked" not in str(exc):
                raise
            time.sleep(0.1)
    return result.get(timeout=30)
