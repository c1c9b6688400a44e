"""Celery tasks of accountability: thin, call services. Every one is idempotent."""

from celery import shared_task


# The name is the beat schedule's (config.settings), kept from when the job lived in supervision.
@shared_task(name="supervision.flag_overdue")
def flag_overdue(as_of: str | None = None) -> dict:
    from django.utils.dateparse import parse_datetime

    from accountability.services import flag_overdue as flag

    result = flag(as_of=parse_datetime(as_of) if as_of else None)
    return {"pushes": result.pushes, "reports": result.reports, "applications": result.applications}


# Each part keeps its own tasks; importing them here registers them with the worker.
from accountability.oversight import tasks as _oversight_tasks  # noqa: E402, F401
from accountability.reports import tasks as _reports_tasks  # noqa: E402, F401
