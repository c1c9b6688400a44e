"""Periodic jobs of approvals (the 补正 expiry). Thin: each calls its service; idempotent."""

from celery import shared_task

from approvals import tasks_documents  # noqa: F401  (the archive's tasks: approvals.render_document)


@shared_task(name="approvals.expire_corrections")
def expire_corrections() -> int:
    """视为撤回: close every application past its 补正 deadline, once (beat: every 30 minutes,
    settings.CELERY_BEAT_SCHEDULE["expire-corrections"])."""
    from approvals.services import expire_corrections as expire

    return expire()
