"""The due date of an application (承诺办结期限), computed in one place: at acceptance, when a
special procedure ends, and when official holiday data arrives for a year that was computed
provisionally (design rule 5)."""

import datetime

from django.db import transaction
from django.utils import timezone

from approvals.models import Application
from audit.services import record_event
from catalog.models import ItemVersion
from workdays import services as workdays


def due_for(
    *, version: ItemVersion, accepted_at: datetime.datetime, paused_working_days: int = 0
) -> workdays.Deadline:
    """The one rule: the committed limit in working days after the day of acceptance (即办件:
    the day of acceptance itself), moved by the working days special procedures have taken.
    Provisional when any day counted lies in a year without official calendar data."""
    if version.instant:
        due, provisional = timezone.localdate(accepted_at), False
    else:
        base = workdays.deadline_after(accepted_at, version.committed_limit_days)
        due, provisional = base.date, base.provisional
    if paused_working_days:
        moved = workdays.add_working_days(due, paused_working_days)
        due, provisional = moved.date, provisional or moved.provisional
    return workdays.Deadline(at=workdays.end_of_day(due), date=due, provisional=provisional)


def due_of(app: Application) -> workdays.Deadline:
    """due_for() of an accepted application as it stands (its item version, its paused days)."""
    return due_for(
        version=app.item_version,
        accepted_at=app.accepted_at,
        paused_working_days=app.paused_working_days,
    )


@transaction.atomic
def recompute_provisional_due_dates(*, year: int) -> int:
    """When official holiday data for `year` is entered, recompute the due dates of the open
    applications that were computed provisionally (a small set, found by one query), each
    change audited. Returns how many changed; running it again changes nothing."""
    changed = 0
    provisional = (
        Application.objects.select_for_update(of=("self",))
        .filter(
            due_provisional=True,
            status__in=Application.OPEN_STATUSES,
            overdue_flagged_at__isnull=True,
            accepted_at__isnull=False,
        )
        .select_related("item_version")
        .order_by("pk")
    )
    for app in provisional:
        deadline = due_of(app)
        if (deadline.date, deadline.provisional) == (app.due_date, app.due_provisional):
            continue
        before = app.due_date
        app.due_date, app.due_at, app.due_provisional = (
            deadline.date,
            deadline.at,
            deadline.provisional,
        )
        app.save(update_fields=["due_date", "due_at", "due_provisional", "updated_at"])
        record_event(
            actor=None,
            obj=app,
            action="recompute_deadline",
            before=str(before),
            after=str(deadline.date),
            note=str(year),
        )
        changed += 1
    return changed


def on_official_year_entered(sender, year, **kwargs):
    """Receiver of workdays.signals.official_year_entered (connected in ApprovalsConfig)."""
    recompute_provisional_due_dates(year=year)
