"""Claim deadlines of pushes and reports computed provisionally (a year with no official holiday
data yet), recomputed when the official arrangement is entered: one way for both kinds."""

import datetime

from django.db import transaction

from audit.services import record_event
from supervision.models import Push, SupervisionReport
from supervision.services._common import CLAIM_WORKING_DAYS
from workdays import services as workdays


def claim_deadline_from(start: datetime.datetime):
    """The one claim deadline of a push or report whose clock starts at `start`: the end of the
    3rd working day after it (workdays.deadline_after; `.at` and `.provisional`)."""
    return workdays.deadline_after(start, CLAIM_WORKING_DAYS)


def _recompute(model, *, year: int) -> int:
    """Open (unclaimed, not flagged) rows of `model` whose deadline is provisional: the end of
    the 3rd working day after the push, by the calendar as it is now; each change audited."""
    changed = 0
    rows = model.objects.select_for_update().filter(
        deadline_provisional=True, status=model.Status.PUSHED, overdue_flagged_at__isnull=True
    )
    for row in rows:
        # A push sent back after a rejected return counts from its re-push (Push.claim_clock_start).
        deadline = claim_deadline_from(getattr(row, "claim_clock_start", row.pushed_at))
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
