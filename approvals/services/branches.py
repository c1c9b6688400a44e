"""The branches every real procedure has: 退回重审 (send back to review), 撤回申请 (withdraw),
终止 (terminate), and the 补正 deadline with its expiry as 视为撤回 (expire_corrections)."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.limits import REASON_MAX
from approvals.models import Application, ApplicationMaterial
from approvals.services._common import S, _lock, _require, _set_status, clean_text
from approvals.workflow import ROLES, Action
from audit.services import record_event
from core.roles import require_role
from workdays import services as workdays

# The notice each closure issues (approvals.archive.issue_notice kinds).
WITHDRAWAL_NOTICE = "withdrawal"
TERMINATION_NOTICE = "termination"
# The audit codes of the closures (labels: approvals/audit_actions.py).
WITHDRAW_EVENT = "withdraw_application"  # "withdraw" is the permit decision 撤回
DEEMED_EVENT = "deem_withdrawn"


def _issue_notice(kind: str, *, application: Application, actor) -> None:
    # Imported here: the archive builds on the services' models and numbering.
    from approvals.archive import issue_notice

    issue_notice(kind, application=application, actor=actor)


# --- the 补正 deadline -------------------------------------------------------------------------


def correction_deadline_for(moment: datetime.datetime) -> workdays.Deadline:
    """The one rule: the end of the settings.CORRECTION_WORKING_DAYS-th working day after the
    (Asia/Shanghai) date of the correction notice."""
    return workdays.deadline_after(moment, settings.CORRECTION_WORKING_DAYS)


def start_correction_clock(app: Application, now: datetime.datetime) -> tuple[str, ...]:
    """Set a fresh 补正 deadline on a locked application (request_correction calls it; a second
    notice starts a fresh clock). Returns the fields to save."""
    app.correction_deadline = correction_deadline_for(now).at
    app.correction_supplied_at = None
    return ("correction_deadline", "correction_supplied_at")


def stop_correction_clock_if_supplied(app: Application, lines, now: datetime.datetime) -> bool:
    """Supplying every required material while 待补正 stops the clock (record_materials calls
    it on the locked application with its checklist lines). True if it stopped now."""
    if app.status != S.CORRECTION_REQUESTED or app.correction_supplied_at is not None:
        return False
    if any(
        line.material.required and line.state == ApplicationMaterial.State.MISSING for line in lines
    ):
        return False
    app.correction_supplied_at = now
    app.save(update_fields=["correction_supplied_at", "updated_at"])
    return True


def corrections_to_expire(now: datetime.datetime):
    """Applications whose 补正 deadline has passed with the materials not supplied (the
    partial index application_correction_due answers it)."""
    return Application.objects.filter(
        status=S.CORRECTION_REQUESTED,
        correction_supplied_at__isnull=True,
        correction_deadline__lt=now,
    )


@transaction.atomic
def expire_corrections(*, now: datetime.datetime | None = None) -> int:
    """视为撤回: every application past its 补正 deadline is closed as withdrawn (deemed), once,
    each with its withdrawal notice and audit event. One set-based query takes the rows;
    rows another worker (or a clerk) holds are skipped, so two runs at once close each row
    once; a second run finds nothing. Returns how many it closed."""
    now = now or timezone.now()
    expiring = list(
        corrections_to_expire(now)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("item_version", "applicant")
        .order_by("correction_deadline", "pk")
    )
    if not expiring:
        return 0
    Application.objects.filter(pk__in=[app.pk for app in expiring]).update(
        status=S.WITHDRAWN,
        deemed_withdrawn=True,
        closed_at=now,
        closed_by=None,
        closure_reason=_("补正期限届满未补正,视为撤回申请。"),
        updated_at=now,
    )
    for app in expiring:
        app.status, app.deemed_withdrawn, app.closed_at = S.WITHDRAWN, True, now
        app.closure_reason = _("补正期限届满未补正,视为撤回申请。")
        record_event(
            actor=None,
            obj=app,
            action=DEEMED_EVENT,
            before=S.CORRECTION_REQUESTED,
            after=S.WITHDRAWN,
            note=app.closure_reason,
            data={"correction_deadline": app.correction_deadline.isoformat()},
        )
        _issue_notice(WITHDRAWAL_NOTICE, application=app, actor=None)
    return len(expiring)


# --- 退回重审 ----------------------------------------------------------------------------------


@transaction.atomic
def send_back(*, application_id, approver, reason: str) -> Application:
    """退回重审: the approver returns a reviewed case to its reviewer with a reason (reviewed ->
    under_review). The opinion given stays on record; the reviewer gives a new one."""
    require_role(approver, *ROLES[Action.SEND_BACK])
    app = _lock(application_id)
    _require(app, Action.SEND_BACK)
    reason = clean_text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("退回重审必须说明理由。"),
        code="reason_required",
    )
    app.sent_back_at, app.send_back_reason = timezone.now(), reason
    _set_status(
        app,
        approver,
        Action.SEND_BACK,
        S.UNDER_REVIEW,
        note=reason,
        fields=("sent_back_at", "send_back_reason"),
    )
    return app


# --- 撤回申请 / 终止 ---------------------------------------------------------------------------


def _close(
    *,
    application_id,
    actor,
    action: str,
    event: str,
    status: str,
    reason: str,
    notice: str,
    required,
):
    require_role(actor, *ROLES[action])
    app = _lock(application_id)
    _require(app, action)
    reason = clean_text(
        reason, field="reason", limit=REASON_MAX, required=required, code="reason_required"
    )
    now = timezone.now()
    fields = ("closed_at", "closed_by", "closure_reason")
    if app.paused:  # a special procedure still open ends with the case (the clock is moot)
        app.special_procedures.filter(ended_at__isnull=True).update(ended_at=now, ended_by=actor)
        app.paused = False
        fields += ("paused",)
    app.closed_at, app.closed_by, app.closure_reason = now, actor, reason
    _set_status(app, actor, event, status, note=reason, fields=fields)
    _issue_notice(notice, application=app, actor=actor)
    return app


@transaction.atomic
def withdraw(*, application_id, clerk, reason: str) -> Application:
    """撤回申请: the applicant withdraws before the decision; the clerk records it at the
    window with the reason, and the withdrawal notice is issued."""
    return _close(
        application_id=application_id,
        actor=clerk,
        action=Action.WITHDRAW,
        event=WITHDRAW_EVENT,
        status=S.WITHDRAWN,
        reason=reason,
        notice=WITHDRAWAL_NOTICE,
        required=_("撤回申请必须说明理由。"),
    )


@transaction.atomic
def terminate(*, application_id, actor, reason: str) -> Application:
    """终止: the procedure ends before the decision (e.g. the applicant organisation is
    dissolved, the person died); clerk or approver, reason required, termination notice."""
    return _close(
        application_id=application_id,
        actor=actor,
        action=Action.TERMINATE,
        event=Action.TERMINATE,
        status=S.TERMINATED,
        reason=reason,
        notice=TERMINATION_NOTICE,
        required=_("终止办理必须说明理由。"),
    )
