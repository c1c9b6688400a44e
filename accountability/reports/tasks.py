"""Celery tasks of the reports part: thin, call services, idempotent."""

from celery import shared_task


# The name is the beat schedule's (config.settings: every hour at minute 40).
@shared_task(name="accountability.monthly_report")
def monthly_report() -> str | None:
    """On (or after) the first working day of a month, the previous month's 通报, once."""
    from accountability.reports.services import run_monthly_report

    report = run_monthly_report()
    return report.number if report else None
