"""Celery tasks of the oversight part: thin, call services, idempotent."""

from celery import shared_task


# The name is the beat schedule's (config.settings: every 15 minutes).
@shared_task(name="accountability.send_deadline_warnings")
def send_deadline_warnings() -> int:
    from accountability.oversight.warnings import send_deadline_warnings as send

    return send()
