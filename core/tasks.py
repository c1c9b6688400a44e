"""Tasks of the core app."""

from celery import shared_task


@shared_task(name="core.echo")
def echo(value):
    """Round-trips a value through the broker and a worker (used by the worker smoke test)."""
    return value
