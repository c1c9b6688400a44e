"""Reads of the inspectors' pages."""

from django.db.models import QuerySet

from accountability.models import OverdueRecord


def overdue_records() -> QuerySet[OverdueRecord]:
    """Every overdue record, newest first (index overduerecord_recent), with the number of its
    object and its department joined in: one query a page, whatever the kinds on it."""
    return OverdueRecord.objects.select_related("push", "report", "application", "department").only(
        "kind",
        "deadline",
        "flagged_at",
        "push__decision_number",
        "report__decision_number",
        "application__receipt_number",
        "department__name",
    )
