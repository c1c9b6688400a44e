"""Reverse pushes (监管信息推送): a department reports on a permit; the bureau claims it
and may decide on the permit."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Decision
from approvals.selectors import permit_by_number
from audit.services import record_event
from catalog.selectors import liaison_departments
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, require_role
from core.uploads import check_upload
from supervision.models import (
    FOLLOW_UP_CONTENT_MAX,
    FOLLOW_UP_REASON_MAX,
    PERMIT_NUMBER_MAX,
    REPORT_DECISION_NUMBER_MAX,
    SUMMARY_MAX,
    SupervisionReport,
)
from supervision.selectors import access_report
from supervision.services._common import (
    CLAIM_WORKING_DAYS,
    REPORT_DUE_WORKING_DAYS,
    _webhook_deliveries,
    checked_text,
    notify,
    users_with_role,
)
from supervision.services.routing import routed_department_ids
from supervision.services.submissions import REPORT_FORM, record_submission
from supervision.workflow import REPORT_ROLES, ReportAction, report_allows
from workdays import services as workdays


def _checked_attachment(uploaded) -> ContentFile | None:
    """The one upload check (core.uploads: size and type read from the bytes), its errors
    reported under `attachment`, before anything else is looked at."""
    if not uploaded:
        return None
    try:
        data, _content_type = check_upload(uploaded)
    except InvalidInput as exc:
        messages = [str(m) for msgs in exc.fields.values() for m in msgs] or [str(exc.message)]
        raise InvalidInput(exc.message, code=exc.code, fields={"attachment": messages}) from None
    return ContentFile(data, name=(getattr(uploaded, "name", "") or "attachment")[:100])


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
    submission_key: str | None = None,
) -> SupervisionReport:
    """监管信息推送 from a liaison, on a permit their department supervises (404 otherwise).
    Late when pushed after the 7th working day following the penalty decision. With a
    `submission_key` (the report form's one-time key) the same form submitted twice creates one
    report: the second is refused (409 already_submitted), also when both arrive at once."""
    require_role(user, *REPORT_ROLES[ReportAction.CREATE])
    if submission_key is not None:
        record_submission(user=user, form=REPORT_FORM, key=submission_key)
    attachment = _checked_attachment(attachment)
    errors = {}
    permit_number = checked_text(
        errors, "permit", permit_number, max_length=PERMIT_NUMBER_MAX, required=True
    )
    if errors:
        raise InvalidInput(fields=errors)
    departments = list(liaison_departments(user))
    permit = permit_by_number(permit_number)
    # The departments supervising the permit now: a department it was re-routed to reports on
    # it, the one that returned it does not (supervision.services.routing).
    supervising = set(routed_department_ids(permit=permit, version=permit.item_version))
    department = next((d for d in departments if d.pk in supervising), None)
    if department is None:
        raise NotFound()
    if kind not in SupervisionReport.Kind.values:
        errors["kind"] = [_("无效的类型。")]
    decision_number = checked_text(
        errors,
        "decision_number",
        decision_number,
        max_length=REPORT_DECISION_NUMBER_MAX,
        required=True,
    )
    summary = checked_text(errors, "summary", summary, max_length=SUMMARY_MAX, required=True)
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
        decision_number=decision_number,
        decision_date=decision_date,
        summary=summary,
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
    notify(
        users_with_role(Role.APPROVER, Role.WINDOW_CLERK),
        subject=_("收到监管信息推送:%(permit)s %(kind)s")
        % {"permit": permit.number, "kind": report.get_kind_display()},
        body=report.summary,
        link=reverse("supervision:report_detail", args=[report.pk]),
    )
    return report


@transaction.atomic
def claim_report(*, report_id, user) -> SupervisionReport:
    """The bureau claims a report within 3 working days; a second claim is 409."""
    require_role(user, *REPORT_ROLES[ReportAction.CLAIM])
    report = access_report(user, report_id, for_update=True)
    if not report_allows(report, ReportAction.CLAIM):
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


# What a report's follow-up may start: the procedure kinds (approvals.services.start_procedure),
# each a sealed decision only after review and decision (一审一核).
FOLLOW_UP_KINDS = (
    Decision.Kind.CHANGE,
    Decision.Kind.WITHDRAW,
    Decision.Kind.REVOKE,
    Decision.Kind.CANCEL,
    "suspend",
)
# The procedure a report's kind leads to when nothing else is chosen (the form's initial kind).
SUGGESTED_KIND = {
    SupervisionReport.Kind.SUSPENSION: "suspend",
    SupervisionReport.Kind.LICENCE_REVOCATION: Decision.Kind.REVOKE,
}


@transaction.atomic(durable=True)
def follow_up_report(
    *,
    report_id,
    approver,
    kind: str,
    reason: str,
    content: str = "",
    valid_until: datetime.date | None = None,
):
    """A claimed report leads to a procedure on the permit (变更 / 撤回 / 撤销 / 注销 /
    责令停产停业), started with source "report": no decision yet. The procedure is
    reviewed and decided (一审一核) by the procedures services; its decision is pushed
    by the decision_recorded path to the departments the permit is routed to then.
    The report is closed: the bureau has acted on it. Returns the PermitProcedure."""
    from approvals import services as approvals_services

    require_role(approver, *REPORT_ROLES[ReportAction.FOLLOW_UP])
    report = access_report(approver, report_id, for_update=True)
    if not report_allows(report, ReportAction.FOLLOW_UP):
        raise InvalidTransition(report, "follow_up")
    errors = {}
    reason = checked_text(errors, "reason", reason, max_length=FOLLOW_UP_REASON_MAX, required=False)
    content = checked_text(
        errors, "content", content, max_length=FOLLOW_UP_CONTENT_MAX, required=False
    )
    if errors:
        raise InvalidInput(fields=errors)
    if kind not in FOLLOW_UP_KINDS:
        raise InvalidInput(
            _("后续程序只能是变更、撤回、撤销、注销或责令停产停业。"),
            fields={"kind": [_("无效。")]},
        )
    if not reason:
        raise InvalidInput(
            _("请说明理由。"), code="reason_required", fields={"reason": [_("必填。")]}
        )
    procedure = approvals_services.start_procedure(
        permit_number=report.permit.number,
        kind=kind,
        actor=approver,
        source="report",
        reason=reason,
        content=content,
        valid_until=valid_until,
        source_ref=str(report.pk),
    )
    report.status = SupervisionReport.Status.CLOSED
    report.save(update_fields=["status"])
    record_event(
        actor=approver,
        obj=report,
        action="follow_up_procedure",
        before="claimed",
        after="closed",
        note=f"{kind} {reason}",
        data={"procedure": procedure.pk, "kind": kind},
    )
    return procedure
