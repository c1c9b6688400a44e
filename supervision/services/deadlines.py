"""Claim deadlines of pushes and reports computed provisionally (a year with no official holiday
data yet), recomputed when the official arrangement is entered: one way for both kinds."""

from django.db import transaction

from audit.services import record_event
from supervision.models import Push, SupervisionReport
from supervision.services._common import CLAIM_WORKING_DAYS
from workdays import services as workdays


def _recompute(model, *, year: int) -> int:
    """Open (unclaimed, not flagged) rows of `model` whose deadline is provisional: the end of
    the 3rd working day after the push, by the calendar as it is now; each change audited."""
    changed = 0
    rows = model.objects.select_for_update().filter(
        deadline_provisional=True, status=model.Status.PUSHED, overdue_flagged_at__isnull=True
    )
    for row in rows:
        deadline = workdays.deadline_after(row.pushed_at, CLAIM_WORKING_DAYS)
        if (deadline.at, deadline.provisional) == (row.claim_deadline, row.deadline_provisional):
            continue
        before = row.claim_deadline
        row.claim_deadline, row.deadline_provisional = deadline.at, deadline.provisional
        row.save(update_fields=["claim_deadline", "deadline_provisional"])
        record_event(
            actor=None,
            obj=row,
            action="recompute_deadline",
            before=before.isoformat(),
            after=deadline.at.isoformat(),
            note=str(year),
        )
        changed += 1
    return changed


@transaction.atomic
def recompute_provisional_deadlines(*, year: int) -> int:
    """Recompute the open provisional claim deadlines of pushes and reports (a small set, found
    by one query each); returns how many changed."""
    return _recompute(Push, year=year) + _recompute(SupervisionReport, year=year)


def on_official_year_entered(sender, year, **kwargs):
    """Receiver of workdays.signals.official_year_entered (connected in SupervisionConfig)."""
    recompute_provisional_deadlines(year=year)
