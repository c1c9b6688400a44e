"""Overdue flagging and deadlines recomputed when official holiday data arrives."""

import datetime
import uuid
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Application
from audit.services import record_event
from core.roles import Role
from supervision.models import (
    Push,
    SupervisionReport,
    WebhookDelivery,
    WebhookEndpoint,
)
from supervision.services._common import (
    CLAIM_WORKING_DAYS,
    P,
    _enqueue,
    _liaisons_of,
    _notify,
    _users_with_role,
)
from workdays import services as workdays


@dataclass(frozen=True)
class FlagResult:
    pushes: int
    reports: int
    applications: int

    @property
    def total(self) -> int:
        return self.pushes + self.reports + self.applications


def _flag(
    kind: str, model, *, where: str, params: list, deadline: str, department: bool, now, run_id
) -> int:
    """Flag the rows of one kind and record each in OverdueRecord, set-based.

    On PostgreSQL one statement: UPDATE ... RETURNING feeds INSERT ... SELECT, so the table is
    scanned once, through the partial deadline index. Two runs at once: the second waits on
    the row locks, re-checks `overdue_flagged_at IS NULL` and skips what the first flagged.
    SQLite (one writer at a time) does the same in two statements."""
    from accountability.models import OverdueRecord

    table, records = model._meta.db_table, OverdueRecord._meta.db_table
    fk = {"push": "push_id", "report": "report_id", "application": "application_id"}[kind]
    dept = ", department_id" if department else ""
    flagged_at = connection.ops.adapt_datetimefield_value(now)
    run = str(run_id) if connection.vendor == "postgresql" else run_id.hex
    where_params = [
        connection.ops.adapt_datetimefield_value(p) if isinstance(p, datetime.datetime) else p
        for p in params
    ]
    insert = (
        f"INSERT INTO {records} (kind, {fk}, deadline{dept}, flagged_at, run_id) "
        f"SELECT %s, id, {deadline}{dept}, %s, %s FROM {{source}} "
        # SQLite needs a WHERE before an upsert clause on INSERT ... SELECT.
        "WHERE true ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"WITH flagged AS (UPDATE {table} SET overdue_flagged_at = %s "
                f"WHERE overdue_flagged_at IS NULL AND {where} RETURNING id, {deadline}{dept}), "
                f"recorded AS ({insert.format(source='flagged')}) SELECT count(*) FROM flagged",
                [flagged_at, *where_params, kind, flagged_at, run],
            )
            return cursor.fetchone()[0]
        cursor.execute(
            f"UPDATE {table} SET overdue_flagged_at = %s "
            f"WHERE overdue_flagged_at IS NULL AND {where}",
            [flagged_at, *where_params],
        )
        count = cursor.rowcount
        if count:
            source = f"{table} WHERE overdue_flagged_at = %s AND {where}"
            cursor.execute(
                insert.replace("WHERE true", "AND true").format(source=source),
                [kind, flagged_at, run, flagged_at, *where_params],
            )
        return count


@transaction.atomic
def flag_overdue(*, as_of: datetime.datetime | None = None) -> FlagResult:
    """Flag, exactly once, every unclaimed push and report past its claim deadline and every
    open application past its due time: one set-based statement per kind on the indexed
    deadline columns, an OverdueRecord each, one notification per department. Idempotent, and
    safe when two workers run it at once."""
    now = as_of or timezone.now()
    run_id = uuid.uuid4()
    open_statuses = [str(s) for s in Application.OPEN_STATUSES]
    n_pushes = _flag(
        "push",
        Push,
        where="status = %s AND claim_deadline < %s",
        params=[P.PUSHED.value, now],
        deadline="claim_deadline",
        department=True,
        now=now,
        run_id=run_id,
    )
    n_reports = _flag(
        "report",
        SupervisionReport,
        where="status = %s AND claim_deadline < %s",
        params=[SupervisionReport.Status.PUSHED.value, now],
        deadline="claim_deadline",
        department=False,
        now=now,
        run_id=run_id,
    )
    n_apps = _flag(
        "application",
        Application,
        where="status IN (%s, %s, %s) AND NOT paused AND due_at < %s",
        params=[*open_statuses, now],
        deadline="due_at",
        department=False,
        now=now,
        run_id=run_id,
    )
    if n_pushes or n_reports or n_apps:
        _notify_overdue(run_id, now)
    return FlagResult(n_pushes, n_reports, n_apps)


def _overdue_webhooks(run_id, department_ids) -> None:
    """push.flagged_overdue for departments that have a webhook, from this run's records
    (indexed by run), in one bulk insert."""
    from accountability.models import OverdueRecord

    endpoints = list(WebhookEndpoint.objects.filter(active=True, department_id__in=department_ids))
    if not endpoints:
        return
    by_department: dict[int, list[WebhookEndpoint]] = {}
    for endpoint in endpoints:
        by_department.setdefault(endpoint.department_id, []).append(endpoint)
    flagged = OverdueRecord.objects.filter(
        run_id=run_id, kind="push", department_id__in=by_department
    )
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                department_id=department_id,
                event="push.flagged_overdue",
                push_id=push_id,
                created_at=now,
                next_attempt_at=now,
            )
            for push_id, department_id in flagged.values_list("push_id", "department_id")
            for endpoint in by_department[department_id]
        ]
    )
    for row in rows:
        _enqueue("supervision.tasks.deliver_webhook", str(row.pk))


def _notify_overdue(run_id, now) -> None:
    """One message per department to its liaisons, and one summary to inspectors."""
    from accountability.models import OverdueRecord

    per_department = dict(
        OverdueRecord.objects.filter(run_id=run_id, kind="push")
        .values_list("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    for department_id, count in per_department.items():
        _notify(
            _liaisons_of([department_id]),
            subject=_("有 %(n)s 条审批结果推送已逾期未认领") % {"n": count},
            body=_("请尽快认领。逾期记录已报送督查。"),
            link=reverse("supervision:inbox") + "?tab=overdue",
        )
    _overdue_webhooks(run_id, per_department)
    totals = dict(
        OverdueRecord.objects.filter(run_id=run_id)
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    if totals:
        _notify(
            _users_with_role(Role.INSPECTOR),
            subject=_("逾期预警:推送 %(p)s 条,监管信息 %(r)s 条,办件 %(a)s 件")
            % {
                "p": totals.get("push", 0),
                "r": totals.get("report", 0),
                "a": totals.get("application", 0),
            },
            body="",
            link=reverse("accountability:dashboard"),
        )


@transaction.atomic
def recompute_provisional_deadlines(*, year: int) -> int:
    """When official holiday data for a year is entered, recompute the open deadlines that
    were computed provisionally (only those rows: a small set, one query to find them)."""
    changed = 0
    for push in Push.objects.select_for_update().filter(
        deadline_provisional=True, status=P.PUSHED, overdue_flagged_at__isnull=True
    ):
        deadline = workdays.deadline_after(push.pushed_at, CLAIM_WORKING_DAYS)
        if (deadline.at, deadline.provisional) != (push.claim_deadline, push.deadline_provisional):
            before = push.claim_deadline
            push.claim_deadline, push.deadline_provisional = deadline.at, deadline.provisional
            push.save(update_fields=["claim_deadline", "deadline_provisional"])
            record_event(
                actor=None,
                obj=push,
                action="recompute_deadline",
                before=before.isoformat(),
                after=deadline.at.isoformat(),
                note=str(year),
            )
            changed += 1
    for report in SupervisionReport.objects.select_for_update().filter(
        deadline_provisional=True,
        status=SupervisionReport.Status.PUSHED,
        overdue_flagged_at__isnull=True,
    ):
        deadline = workdays.deadline_after(report.pushed_at, CLAIM_WORKING_DAYS)
        if deadline.at != report.claim_deadline or not deadline.provisional:
            report.claim_deadline, report.deadline_provisional = deadline.at, deadline.provisional
            report.save(update_fields=["claim_deadline", "deadline_provisional"])
            changed += 1
    for app in (
        Application.objects.select_for_update()
        .filter(
            due_provisional=True,
            status__in=Application.OPEN_STATUSES,
            overdue_flagged_at__isnull=True,
        )
        .select_related("item_version")
    ):
        if app.item_version.instant or app.accepted_at is None:
            continue
        base = workdays.deadline_after(app.accepted_at, app.item_version.committed_limit_days)
        due, provisional = base.date, base.provisional
        if app.paused_working_days:
            moved = workdays.add_working_days(due, app.paused_working_days)
            due, provisional = moved.date, provisional or moved.provisional
        if due != app.due_date or provisional != app.due_provisional:
            before = app.due_date
            app.due_date, app.due_at, app.due_provisional = (
                due,
                workdays.end_of_day(due),
                provisional,
            )
            app.save(update_fields=["due_date", "due_at", "due_provisional", "updated_at"])
            record_event(
                actor=None,
                obj=app,
                action="recompute_deadline",
                before=str(before),
                after=str(due),
                note=str(year),
            )
            changed += 1
    return changed


def on_official_year_entered(sender, year, **kwargs):
    recompute_provisional_deadlines(year=year)
