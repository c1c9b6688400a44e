"""The one way in for every state change of pushes, reports, notifications and webhooks.

A decision writes its pushes (the outbox) in its own transaction through
`approvals.signals.decision_recorded`; e-mails and webhook calls go out after commit, and a
periodic task re-sends whatever never went (broker down, worker killed)."""

import datetime
import logging
import uuid
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability.audit import record_event
from approvals.models import Application, Decision
from approvals.selectors import permit_by_number
from catalog.models import Department
from catalog.selectors import liaison_departments
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, require_role
from supervision.models import (
    Notification,
    Push,
    SupervisionReport,
    WebhookDelivery,
    WebhookEndpoint,
)
from supervision.selectors import access_push, access_report
from workdays import services as workdays

log = logging.getLogger(__name__)
P = Push.Status

CLAIM_WORKING_DAYS = 3
REPORT_DUE_WORKING_DAYS = 7
PUSHED_KINDS = {
    Decision.Kind.APPROVE,
    Decision.Kind.CHANGE,
    Decision.Kind.RENEW,
    Decision.Kind.WITHDRAW,
    Decision.Kind.REVOKE,
    Decision.Kind.CANCEL,
}

# Allowed push transitions, read by services and pages alike.
PUSH_ALLOWED = {
    "claim": {P.PUSHED},
    "feedback": {P.CLAIMED},
    "return": {P.PUSHED},
    "reroute": {P.RETURNED},
}


def push_allows(push: Push, action: str) -> bool:
    return push.status in PUSH_ALLOWED[action]


# --- after-commit side effects -------------------------------------------------------------------


def _enqueue(task_path: str, *args) -> None:
    """Queue a task after commit; if the broker is down, log it: the periodic sweep sends it."""

    def send():
        from importlib import import_module

        module, name = task_path.rsplit(".", 1)
        try:
            getattr(import_module(module), name).delay(*args)
        except Exception:  # broker down: nothing is lost, the outbox row stays unsent
            log.warning("could not queue %s%r; the periodic sweep will send it", task_path, args)

    transaction.on_commit(send)


def _notify(users, *, subject: str, body: str, link: str = "") -> list[Notification]:
    rows = Notification.objects.bulk_create(
        [Notification(recipient=user, subject=subject, body=body, link=link) for user in users]
    )
    if rows:
        _enqueue("supervision.tasks.send_notifications")
    return rows


def _liaisons_of(department_ids) -> list:
    """Liaisons holding the guardian object permission on these departments (one query)."""
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True,
            groups__name=Role.LIAISON,
            userobjectpermission__permission__codename="liaise_for_department",
            userobjectpermission__content_type__app_label="catalog",
            userobjectpermission__object_pk__in=[str(pk) for pk in department_ids],
        ).distinct()
    )


def _users_with_role(*roles) -> list:
    User = get_user_model()
    return list(User.objects.filter(is_active=True, groups__name__in=roles).distinct())


def _webhook_deliveries(*, event: str, department_id: int, push=None, report=None) -> int:
    now = timezone.now()
    rows = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint=endpoint,
                department_id=department_id,
                event=event,
                push=push,
                report=report,
                created_at=now,
                next_attempt_at=now,
            )
            for endpoint in WebhookEndpoint.objects.filter(department_id=department_id, active=True)
        ]
    )
    for row in rows:
        _enqueue("supervision.tasks.deliver_webhook", str(row.pk))
    return len(rows)


# --- pushes --------------------------------------------------------------------------------------


def _snapshot(decision: Decision) -> dict:
    permit = decision.permit
    application = decision.application
    applicant = permit.holder if permit else application.applicant
    version = permit.item_version if permit else application.item_version
    return {
        "item_name": version.name,
        "decision_kind": decision.kind,
        "decision_number": decision.number,
        "permit_number": permit.number if permit else "",
        "holder_name": permit.holder_name if permit else applicant.name,
        "holder_id_number": applicant.id_number,
        "holder_phone": applicant.phone,
        "holder_address": applicant.address,
        "decision_date": timezone.localdate(decision.decided_at),
        "valid_from": permit.valid_from if permit else None,
        "valid_until": permit.valid_until if permit else None,
        "content": decision.content or (permit.content if permit else ""),
    }


def _new_push(
    *, decision: Decision, department: Department, snapshot: dict, rerouted_from: Push | None = None
) -> Push:
    now = timezone.now()
    deadline = workdays.deadline_after(now, CLAIM_WORKING_DAYS)
    push = Push.objects.create(
        decision=decision,
        department=department,
        pushed_at=now,
        claim_deadline=deadline.at,
        deadline_provisional=deadline.provisional,
        rerouted_from=rerouted_from,
        notified_at=now,
        **snapshot,
    )
    _notify(
        _liaisons_of([department.pk]),
        subject=_("新的审批结果推送待认领:%(item)s %(number)s")
        % {"item": push.item_name, "number": push.decision_number},
        body=_("请于 %(deadline)s 前认领。")
        % {"deadline": timezone.localtime(push.claim_deadline).strftime("%Y-%m-%d %H:%M")},
        link=reverse("supervision:push_detail", args=[push.pk]),
    )
    _webhook_deliveries(event="push.created", department_id=department.pk, push=push)
    return push


def push_decision(*, decision: Decision) -> list[Push]:
    """One push per supervising department of the item version, in the decision's
    transaction (called from approvals.signals.decision_recorded)."""
    if decision.kind not in PUSHED_KINDS:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("push_decision must run inside the decision's transaction")
    version = (decision.permit or decision.application).item_version
    snapshot = _snapshot(decision)
    pushes = [
        _new_push(decision=decision, department=department, snapshot=snapshot)
        for department in version.supervising_departments.order_by("code")
    ]
    for push in pushes:
        record_event(
            actor=decision.decided_by,
            obj=push,
            action="push",
            after=P.PUSHED,
            note=push.department.name,
        )
    return pushes


def on_decision_recorded(sender, decision, **kwargs):
    push_decision(decision=decision)


@transaction.atomic
def claim_push(*, push_id, user) -> Push:
    """认领: exactly one liaison wins; the rest get 409 already_claimed. A claim after the
    deadline is allowed and recorded as late."""
    require_role(user, Role.LIAISON)
    push = access_push(user, push_id, for_update=True)
    if push.status in (P.CLAIMED, P.FEEDBACK_GIVEN, P.CLOSED):
        raise InvalidTransition(push, "claim", _("该推送已被认领。"), code="already_claimed")
    if not push_allows(push, "claim"):
        raise InvalidTransition(push, "claim")
    now = timezone.now()
    push.status, push.claimed_at, push.claimed_by = P.CLAIMED, now, user
    push.late = now > push.claim_deadline
    push.save(update_fields=["status", "claimed_at", "claimed_by", "late"])
    record_event(
        actor=user,
        obj=push,
        action="claim",
        before=P.PUSHED,
        after=P.CLAIMED,
        note=_("逾期认领") if push.late else "",
    )
    return push


@transaction.atomic
def give_feedback(*, push_id, user, note: str) -> Push:
    """处置结果, after the claim."""
    require_role(user, Role.LIAISON)
    push = access_push(user, push_id, for_update=True)
    if not push_allows(push, "feedback"):
        raise InvalidTransition(push, "feedback")
    note = (note or "").strip()
    if not note:
        raise InvalidInput(
            _("请填写处置结果。"), code="note_required", fields={"note": [_("必填。")]}
        )
    push.status, push.feedback, push.feedback_at, push.feedback_by = (
        P.FEEDBACK_GIVEN,
        note,
        timezone.now(),
        user,
    )
    push.save(update_fields=["status", "feedback", "feedback_at", "feedback_by"])
    record_event(
        actor=user, obj=push, action="feedback", before=P.CLAIMED, after=P.FEEDBACK_GIVEN, note=note
    )
    return push


@transaction.atomic
def return_push(*, push_id, user, reason: str) -> Push:
    """退回 (wrong department), before the claim; the bureau then re-routes it."""
    require_role(user, Role.LIAISON)
    push = access_push(user, push_id, for_update=True)
    if not push_allows(push, "return"):
        raise InvalidTransition(push, "return")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("退回必须说明理由。"), code="reason_required", fields={"reason": [_("必填。")]}
        )
    push.status, push.return_reason, push.returned_at, push.returned_by = (
        P.RETURNED,
        reason,
        timezone.now(),
        user,
    )
    push.save(update_fields=["status", "return_reason", "returned_at", "returned_by"])
    record_event(
        actor=user, obj=push, action="return", before=P.PUSHED, after=P.RETURNED, note=reason
    )
    _notify(
        _users_with_role(Role.APPROVER, Role.WINDOW_CLERK),
        subject=_("推送被退回,请改派:%(number)s") % {"number": push.decision_number},
        body=reason,
        link=reverse("supervision:returned"),
    )
    return push


@transaction.atomic
def reroute_push(*, push_id, actor, department: Department) -> Push:
    """改派: the bureau sends a returned push to the right department, with a fresh deadline."""
    require_role(actor, Role.APPROVER, Role.WINDOW_CLERK)
    try:
        push = (
            Push.objects.select_for_update(no_key=True).select_related("decision").get(pk=push_id)
        )
    except (Push.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not push_allows(push, "reroute") or hasattr(push, "rerouted_to"):
        raise InvalidTransition(push, "reroute", code="not_returned")
    if (
        push.department_id == department.pk
        or Push.objects.filter(decision_id=push.decision_id, department=department).exists()
    ):
        raise InvalidInput(
            _("该部门已收到此推送。"),
            code="same_department",
            fields={"department": [_("请选择其他部门。")]},
        )
    snapshot = {
        f: getattr(push, f)
        for f in (
            "item_name",
            "decision_kind",
            "decision_number",
            "permit_number",
            "holder_name",
            "holder_id_number",
            "holder_phone",
            "holder_address",
            "decision_date",
            "valid_from",
            "valid_until",
            "content",
        )
    }
    new = _new_push(
        decision=push.decision, department=department, snapshot=snapshot, rerouted_from=push
    )
    record_event(
        actor=actor,
        obj=push,
        action="reroute",
        before=P.RETURNED,
        after=P.RETURNED,
        note=department.name,
        data={"new_push": new.pk},
    )
    record_event(
        actor=actor,
        obj=new,
        action="push",
        after=P.PUSHED,
        note=_("改派自 %(dept)s") % {"dept": push.department.name},
    )
    return new


# --- reverse push: supervision reports ------------------------------------------------------------


@transaction.atomic
def create_report(
    *,
    user,
    permit_number: str,
    kind: str,
    decision_number: str,
    decision_date: datetime.date,
    summary: str,
    attachment=None,
) -> SupervisionReport:
    """监管信息推送 from a liaison, on a permit their department supervises (404 otherwise).
    Late when pushed after the 7th working day following the penalty decision."""
    require_role(user, Role.LIAISON)
    departments = list(liaison_departments(user))
    permit = permit_by_number(permit_number)
    supervising = set(permit.item_version.supervising_departments.values_list("pk", flat=True))
    department = next((d for d in departments if d.pk in supervising), None)
    if department is None:
        raise NotFound()
    errors = {}
    if kind not in SupervisionReport.Kind.values:
        errors["kind"] = [_("无效的类型。")]
    if not (decision_number or "").strip():
        errors["decision_number"] = [_("必填。")]
    if not (summary or "").strip():
        errors["summary"] = [_("必填。")]
    today = timezone.localdate()
    if decision_date is None or decision_date > today:
        errors["decision_date"] = [_("处罚决定日期不能晚于今天。")]
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    due = workdays.add_working_days(decision_date, REPORT_DUE_WORKING_DAYS)
    deadline = workdays.deadline_after(now, CLAIM_WORKING_DAYS)
    report = SupervisionReport(
        permit=permit,
        department=department,
        kind=kind,
        decision_number=decision_number.strip(),
        decision_date=decision_date,
        summary=summary.strip(),
        pushed_at=now,
        pushed_by=user,
        late=now > workdays.end_of_day(due.date),
        claim_deadline=deadline.at,
        deadline_provisional=deadline.provisional,
    )
    if attachment is not None:
        report.attachment.save(getattr(attachment, "name", "attachment"), attachment, save=False)
    report.save()
    record_event(
        actor=user,
        obj=report,
        action="report",
        after=report.status,
        note=f"{permit.number} {report.get_kind_display()}",
    )
    _notify(
        _users_with_role(Role.APPROVER, Role.WINDOW_CLERK),
        subject=_("收到监管信息推送:%(permit)s %(kind)s")
        % {"permit": permit.number, "kind": report.get_kind_display()},
        body=report.summary,
        link=reverse("supervision:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def claim_report(*, report_id, user) -> SupervisionReport:
    """The bureau claims a report within 3 working days; a second claim is 409."""
    require_role(user, Role.WINDOW_CLERK, Role.APPROVER)
    report = access_report(user, report_id, for_update=True)
    if report.status != SupervisionReport.Status.PUSHED:
        raise InvalidTransition(report, "claim", _("该监管信息已被认领。"), code="already_claimed")
    now = timezone.now()
    report.status, report.claimed_at, report.claimed_by = (
        SupervisionReport.Status.CLAIMED,
        now,
        user,
    )
    report.claim_late = now > report.claim_deadline
    report.save(update_fields=["status", "claimed_at", "claimed_by", "claim_late"])
    record_event(actor=user, obj=report, action="claim", before="pushed", after="claimed")
    _webhook_deliveries(
        event="supervision_report.claimed", department_id=report.department_id, report=report
    )
    return report


@transaction.atomic
def follow_up_report(
    *,
    report_id,
    approver,
    kind: str,
    reason: str,
    content: str = "",
    valid_until: datetime.date | None = None,
) -> Decision:
    """A claimed report may lead to a decision on the permit (change / revoke / cancel),
    which is pushed in turn (through the decision service's outbox)."""
    from approvals import services as approvals_services

    require_role(approver, Role.APPROVER)
    report = access_report(approver, report_id, for_update=True)
    if report.status != SupervisionReport.Status.CLAIMED:
        raise InvalidTransition(report, "follow_up")
    if kind not in (
        Decision.Kind.CHANGE,
        Decision.Kind.REVOKE,
        Decision.Kind.CANCEL,
        Decision.Kind.WITHDRAW,
    ):
        raise InvalidInput(
            _("后续决定只能是变更、撤回、撤销或注销。"), fields={"kind": [_("无效。")]}
        )
    decision = approvals_services.act_on_permit(
        permit_number=report.permit.number,
        approver=approver,
        kind=kind,
        reason=reason,
        content=content,
        valid_until=valid_until,
    )
    report.follow_up, report.status = decision, SupervisionReport.Status.CLOSED
    report.save(update_fields=["follow_up", "status"])
    record_event(
        actor=approver,
        obj=report,
        action="follow_up",
        before="claimed",
        after="closed",
        note=decision.number,
    )
    return decision


# --- overdue flagging -----------------------------------------------------------------------------


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


# --- provisional deadlines -----------------------------------------------------------------------


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


# --- notifications -------------------------------------------------------------------------------


@transaction.atomic
def mark_notifications_read(*, user, ids=None) -> int:
    qs = user.notifications.filter(read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
