"""Tasks of the core app."""

from celery import shared_task


@shared_task(name="core.echo")
def echo(value):
    """Round-trips a value through the broker and a worker (used by the worker smoke test)."""
    return value


@shared_task(name="core.purge_idempotency_records")
def purge_idempotency_records() -> int:
    """Forget answers to idempotent requests older than a day (beat, daily)."""
    from core.idempotency import purge_expired

    return purge_expired()
