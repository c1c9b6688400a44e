"""Issue 14 part: checks — its services (the one way in for each state change).

告知承诺核查: a check is written with the push of an APPROVE decision of a 告知承诺 item
(`create_check_for_push`, called by push_decision in the decision's transaction); the liaison of
the push's department records the result (`record_check`); 不属实 opens the bureau's revocation
procedure on the permit and the holder's 失信记录 in the same transaction; the overdue job flags
pending checks past their deadline once (kind "check")."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Decision, PermitProcedure
from approvals.services.credit import open_credit_record
from approvals.services.overdue import Flagged
from approvals.services.procedures import start_procedure
from audit.services import record_event
from catalog.selectors import liaison_departments, liaisons_of
from core.db import update_returning
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, has_role, require_role
from supervision.models import CHECK_NOTE_MAX, CommitmentCheck, Push
from supervision.services._common import checked_text, notify, users_with_role
from supervision.services.duties import duty_flagger
from supervision.services.events import feed_body, publish_event
from supervision.services.reports import _checked_attachment
from workdays import services as workdays

S = CommitmentCheck.Status
# Who reads every check: inspectors, and the bureau (read-only).
READ_ALL_ROLES = (Role.INSPECTOR, Role.APPROVER, Role.WINDOW_CLERK, Role.REVIEWER)


def check_deadline_from(start: datetime.datetime, days: int):
    """The one deadline of a check: the end of the `days`-th working day after the push
    (workdays.deadline_after, the one calendar service)."""
    return workdays.deadline_after(start, days)


def create_check_for_push(*, push: Push, actor=None) -> CommitmentCheck | None:
    """In the push's transaction: one check per push of an APPROVE decision of a 告知承诺 item
    version; 免予核查 at once when the version names no check days."""
    if push.decision_kind != Decision.Kind.APPROVE:
        return None
    version = push.item_version
    if version is None or not version.notice_commitment:
        return None
    days = version.commitment_check_days
    values = {
        "push": push,
        "department_id": push.department_id,
        "method": version.commitment_check_method or "",
        "check_days": days,
        "created_at": push.pushed_at,
    }
    if days:
        deadline = check_deadline_from(push.pushed_at, days)
        values.update(deadline=deadline.at, deadline_provisional=deadline.provisional)
    else:
        values.update(status=S.EXEMPTED, recorded_at=push.pushed_at, note=_("免予核查"))
    check = CommitmentCheck.objects.create(**values)
    record_event(actor=actor, obj=check, action="create_check", after=check.status)
    publish_event(event="check.created", department_id=push.department_id, obj=check)
    return check


@feed_body(CommitmentCheck)
def check_feed_body(check) -> dict:
    """The feed's data of a check: as GET /api/v1/commitment-checks/<id>/ returns it."""
    from supervision.api.checks import CommitmentCheckSerializer

    return dict(CommitmentCheckSerializer(check).data)


# --- who sees what -------------------------------------------------------------------------------


def checks_for(user):
    """Checks a user may see: inspectors and the bureau all, a liaison their department's."""
    qs = CommitmentCheck.objects.select_related("push", "department", "recorded_by", "procedure")
    if has_role(user, *READ_ALL_ROLES):
        return qs
    if has_role(user, Role.LIAISON):
        cached = getattr(user, "_oneseal_liaison_departments", None)
        if cached is None:
            cached = list(liaison_departments(user).values_list("pk", flat=True))
            user._oneseal_liaison_departments = cached
        return qs.filter(department_id__in=cached)
    return qs.none()


def access_check(user, pk, *, for_update: bool = False) -> CommitmentCheck:
    """Fetch AND authorize one check; the same 404 for missing and another department's."""
    qs = checks_for(user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=pk)
    except (CommitmentCheck.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def may_record(user, check: CommitmentCheck) -> bool:
    """The liaison of the check's department, while it is pending."""
    return (
        check.status == S.PENDING
        and has_role(user, Role.LIAISON)
        and liaison_departments(user).filter(pk=check.department_id).exists()
    )


# --- recording the result ------------------------------------------------------------------------


@transaction.atomic
def record_check(*, user, check_id, result, note="", attachment=None) -> CommitmentCheck:
    """属实 / 不属实 / 免予核查 by the liaison of the check's department (another department's:
    404); once (again: 409 check_recorded). Late is allowed and marked. 不属实: the bureau's
    revocation procedure on the permit (source 告知承诺核查不实) and the holder's 失信记录, in
    this transaction; the bureau is told after commit."""
    require_role(user, Role.LIAISON)
    upload = _checked_attachment(attachment)
    errors: dict = {}
    if not isinstance(result, str) or result not in CommitmentCheck.RESULTS:
        errors["result"] = [_("请选择核查结果(属实、不属实或免予核查)。")]
    note = checked_text(errors, "note", note, max_length=CHECK_NOTE_MAX, required=result == S.FALSE)
    if errors:
        raise InvalidInput(_("核查结果有误,请检查。"), code="invalid", fields=errors)
    check = access_check(user, check_id, for_update=True)
    if not liaison_departments(user).filter(pk=check.department_id).exists():
        raise NotFound()
    if check.status != S.PENDING:
        raise InvalidTransition(
            message=_("该核查已记录为“%(status)s”。") % {"status": check.get_status_display()},
            code="check_recorded",
        )
    now = timezone.now()
    check.status = result
    check.note = note
    check.recorded_at = now
    check.recorded_by = user
    check.late = check.deadline is not None and check.deadline < now
    if upload is not None:
        check.attachment.save(upload.name, upload, save=False)
    if result == S.FALSE:
        push = check.push
        check.procedure = start_procedure(
            permit_number=push.permit_number,
            kind=PermitProcedure.Kind.REVOKE,
            actor=user,
            source=PermitProcedure.Source.COMMITMENT_CHECK,
            reason=_("告知承诺核查不属实(%(dept)s):%(note)s")
            % {"dept": check.department.name, "note": note},
            source_ref=f"check-{check.pk}",
        )
        check.credit_record = open_credit_record(
            actor=user,
            id_number=push.holder_id_number,
            holder_name=push.holder_name,
            reason=_("告知承诺核查不属实:%(item)s %(number)s")
            % {"item": push.item_name, "number": push.permit_number},
            source_ref=f"check-{check.pk}",
        )
    check.save()
    record_event(
        actor=user,
        obj=check,
        action="record_check",
        before=S.PENDING,
        after=result,
        note=note[:200],
        data={"late": check.late},
    )
    publish_event(event="check.recorded", department_id=check.department_id, obj=check)
    if result == S.FALSE:
        notify(
            users_with_role(Role.APPROVER, Role.REVIEWER),
            subject=_("告知承诺核查不属实:%(item)s %(number)s")
            % {"item": check.push.item_name, "number": check.push.permit_number},
            body=_("已发起撤销许可程序并记入失信记录,请审查。"),
            link=reverse("supervision:check_detail", args=[check.pk]),
        )
    return check


# --- overdue -------------------------------------------------------------------------------------


@duty_flagger("check")
def flag_overdue_checks(now: datetime.datetime) -> list[Flagged]:
    """Every pending check past its deadline and not flagged yet, flagged at `now` in one UPDATE
    (partial index check_pending_deadline); the late side is the check's department."""
    rows = update_returning(
        CommitmentCheck.objects.filter(
            status=S.PENDING, deadline__lt=now, overdue_flagged_at__isnull=True
        ),
        values={"overdue_flagged_at": now},
        returning=["id", "deadline", "department_id"],
    )
    for department_id in {department_id for _pk, _deadline, department_id in rows}:
        notify(
            liaisons_of([department_id]),
            subject=_("有告知承诺核查已逾期"),
            body=_("请尽快记录核查结果。逾期记录已报送督查。"),
            link=reverse("supervision:checks"),
        )
    return [tuple(row) for row in rows]
