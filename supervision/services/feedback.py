"""Issue 14 part: feedback — its services (the one way in for each state change).

- The feedback deadline of a push (set at the claim: the item version's 反馈时限, else the
  department's, in working days through the one calendar service).
- The 处置反馈 thread: interim feedback (处置中) keeps the clock running; the final one (处置完毕,
  with its result) closes the push. After the close, more feedback is 409 push_closed.
- The bureau closes a report that needs no permit action (已知悉 / 已办结).
- The overdue flagger of kind "feedback" (supervision.services.duties)."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services.overdue import Flagged
from audit.services import record_event
from core.db import update_returning
from core.errors import InvalidInput, InvalidTransition
from core.roles import require_role
from supervision.models import (
    FEEDBACK_NOTE_MAX,
    FEEDBACK_RESULT_MAX,
    REPORT_CLOSE_NOTE_MAX,
    Push,
    PushFeedback,
    SupervisionReport,
)
from supervision.selectors import access_push, access_report
from supervision.services._common import checked_text
from supervision.services.duties import duty_flagger
from supervision.services.events import publish_event
from supervision.workflow import (
    PUSH_ROLES,
    REPORT_ROLES,
    PushAction,
    ReportAction,
    push_allows,
    report_allows,
)
from workdays import services as workdays

P = Push.Status

REPORT_CLOSE_OUTCOMES = {"acknowledged": "已知悉", "done": "已办结"}


def feedback_limit_days(push: Push) -> int:
    """Working days the department has for its final feedback: the pushed item version's
    反馈时限 when it has one, else the department's (default 10)."""
    version = push.item_version  # the one answer to "which version was pushed"
    if version is not None and version.feedback_limit_days:
        return version.feedback_limit_days
    return push.department.feedback_limit_days


def feedback_deadline_from(push: Push, start: datetime.datetime) -> datetime.datetime:
    """The one feedback deadline of `push` claimed at `start`: the end of the n-th working day
    after it (workdays.deadline_after)."""
    return workdays.deadline_after(start, feedback_limit_days(push)).at


def give_feedback(*, push_id, user, note: str, final: bool = False, result: str = "") -> Push:
    """处置反馈 on a claimed push: interim (status feedback_given, the clock runs on) or final
    (status closed, closed_at). More feedback after the close: 409 push_closed."""
    with transaction.atomic():
        require_role(user, *PUSH_ROLES[PushAction.FEEDBACK])
        push = access_push(user, push_id, for_update=True)
        if push.status == P.CLOSED:
            raise InvalidTransition(
                push, "feedback", _("该推送已办结,不能再反馈。"), code="push_closed"
            )
        if not push_allows(push, PushAction.FEEDBACK):
            raise InvalidTransition(push, "feedback")
        errors: dict = {}
        note = checked_text(errors, "note", note, max_length=FEEDBACK_NOTE_MAX, required=True)
        result = checked_text(
            errors, "result", result, max_length=FEEDBACK_RESULT_MAX, required=False
        )
        if errors.get("note") == [_("必填。")]:
            raise InvalidInput(_("请填写处置结果。"), code="note_required", fields=errors)
        if errors:
            raise InvalidInput(_("反馈内容有误。"), code="invalid_feedback", fields=errors)
        final = bool(final)
        now = timezone.now()
        before = push.status
        PushFeedback.objects.create(
            push=push, note=note, final=final, result=result, by=user, at=now
        )
        # Push.feedback / feedback_at stay "the last feedback" (pages, exports).
        push.feedback, push.feedback_at, push.feedback_by = note, now, user
        push.status = P.CLOSED if final else P.FEEDBACK_GIVEN
        fields = ["status", "feedback", "feedback_at", "feedback_by"]
        if final:
            push.closed_at = now
            fields.append("closed_at")
        push.save(update_fields=fields)
        record_event(
            actor=user,
            obj=push,
            action="final_feedback" if final else "feedback",
            before=before,
            after=push.status,
            note=note,
        )
        publish_event(
            event="push.closed" if final else "push.feedback_given",
            department_id=push.department_id,
            obj=push,
        )
    return push


@transaction.atomic
def close_report(*, report_id, user, outcome: str, note: str) -> SupervisionReport:
    """The bureau closes a claimed report that needs no permit action: 已知悉 (acknowledged) or
    已办结 (done), with a note. Not after a follow-up or a close (409 report_closed)."""
    require_role(user, *REPORT_ROLES[ReportAction.CLOSE])
    report = access_report(user, report_id, for_update=True)
    if report.status == SupervisionReport.Status.CLOSED:
        raise InvalidTransition(report, "close", _("该监管信息已办结。"), code="report_closed")
    if not report_allows(report, ReportAction.CLOSE):
        raise InvalidTransition(report, "close", _("请先认领该监管信息。"), code="not_claimed")
    errors: dict = {}
    if not isinstance(outcome, str) or outcome not in REPORT_CLOSE_OUTCOMES:
        errors["outcome"] = [_("请选择“已知悉”或“已办结”。")]
    note = checked_text(errors, "note", note, max_length=REPORT_CLOSE_NOTE_MAX, required=False)
    if errors:
        raise InvalidInput(_("办结内容有误。"), code="invalid_close", fields=errors)
    now = timezone.now()
    report.status = SupervisionReport.Status.CLOSED
    report.close_outcome, report.close_note = outcome, note
    report.closed_at, report.closed_by = now, user
    report.save(update_fields=["status", "close_outcome", "close_note", "closed_at", "closed_by"])
    record_event(
        actor=user,
        obj=report,
        action="close_report",
        before=SupervisionReport.Status.CLAIMED,
        after=f"closed:{outcome}",
        note=note,
    )
    publish_event(event="supervision_report.closed", department_id=report.department_id, obj=report)
    return report


@duty_flagger("feedback")
def flag_feedback_overdue(now: datetime.datetime) -> list[Flagged]:
    """Claimed pushes with no final feedback past their feedback deadline, not flagged yet:
    flagged at `now` in one UPDATE; (id, feedback_deadline, department_id) each, once."""
    return update_returning(
        Push.objects.filter(Push.feedback_overdue_q(now), feedback_flagged_at__isnull=True),
        values={"feedback_flagged_at": now},
        returning=["id", "feedback_deadline", "department_id"],
    )
