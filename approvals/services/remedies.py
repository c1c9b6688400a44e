"""复议应诉: record a reconsideration (行政复议) or lawsuit (行政诉讼) against a decision of the
bureau, the bureau's reply (书面答复 / 答辩状), and the outcome; an outcome that annuls or changes
an approval starts the matching permit procedure. Also the reads the pages, the API and the
monitoring registry share (one selector each), and the deadlines (one function).

Deadlines, as the law counts them (computed once, at recording, and stored):
- 行政复议法 (2023) 第四十八条: the written reply and the evidence within 10 日 of receiving the
  copy of the application; 第八十八条第二款 says the law's "三日、五日、七日、十日" are 工作日 (not
  counting statutory holidays), so this is 10 WORKING days, from workdays.services.
- 行政诉讼法 第六十七条: the evidence and the defence within 15 日 of receiving the complaint
  copy. These are calendar days (the law has no working-day clause), counted as 民事诉讼法
  (第一百零一条 refers to it) counts a period: the day of receipt is not counted, and a period
  whose last day is a statutory rest day (weekends included) ends on the next working day, which
  is asked of workdays.services (never a weekday check of our own).
- The body's decision deadline, for information only: 复议 60 日 from acceptance (第六十二条,
  calendar days), 诉讼 first instance 6 months from 立案 (第八十一条), both with the same
  last-day rule.
"""

import calendar
import datetime

from django.db import IntegrityError, models, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals import signals
from approvals.limits import NAME_MAX, NOTE_MAX, REASON_MAX
from approvals.models import Decision, Permit, Remedy
from approvals.models.remedies import CASE_NUMBER_MAX, OUTCOME_DOCUMENT_MAX, REMEDY_BODY_MAX
from approvals.services._common import clean_text
from audit.services import record_event
from core.errors import DomainError, InvalidInput, InvalidTransition, NotFound
from core.roles import Role, has_role, require_role
from workdays import services as workdays

R = Remedy.Status
K = Remedy.Kind
O = Remedy.Outcome  # noqa: E741
F = Remedy.FollowUp

RECONSIDERATION_REPLY_WORKING_DAYS = 10  # 行政复议法 第四十八条 + 第八十八条
LAWSUIT_DEFENCE_DAYS = 15  # 行政诉讼法 第六十七条 (calendar days)
RECONSIDERATION_DECISION_DAYS = 60  # 行政复议法 第六十二条 (calendar days)
LAWSUIT_FIRST_INSTANCE_MONTHS = 6  # 行政诉讼法 第八十一条


# --- who may do what, in one table (the services, the pages' buttons and the API read it) -----


class RemedyAction(models.TextChoices):
    RECORD = "record_remedy", gettext_lazy("登记复议/诉讼")
    REPLY = "remedy_reply", gettext_lazy("登记答复")
    OUTCOME = "remedy_outcome", gettext_lazy("登记复议/诉讼结果")
    RESOLVE = "remedy_resolve", gettext_lazy("复议/诉讼结果已处理")


# 法制审核 sits with the reviewers and approvers of a county bureau: they record; inspectors read.
RECORDERS = (Role.APPROVER, Role.REVIEWER)
REMEDY_READERS = (Role.APPROVER, Role.REVIEWER, Role.INSPECTOR)
REMEDY_ROLES: dict[str, tuple[str, ...]] = {
    RemedyAction.RECORD: RECORDERS,
    RemedyAction.REPLY: RECORDERS,
    RemedyAction.OUTCOME: RECORDERS,
    RemedyAction.RESOLVE: (Role.APPROVER,),
}
REMEDY_ALLOWED: dict[str, set[str]] = {
    RemedyAction.REPLY: {R.OPEN},
    RemedyAction.OUTCOME: {R.OPEN, R.REPLIED},
    RemedyAction.RESOLVE: {R.CLOSED},
}


def remedy_allowed(remedy: Remedy, action: str) -> bool:
    if action == RemedyAction.RESOLVE:
        return remedy.status == R.CLOSED and remedy.follow_up == F.APPROVER
    return remedy.status in REMEDY_ALLOWED[action]


def remedy_actions(remedy: Remedy, user) -> list[str]:
    """The actions this user may take on this remedy now (the page's forms, the API's list)."""
    return [
        action
        for action in REMEDY_ALLOWED
        if remedy_allowed(remedy, action) and has_role(user, *REMEDY_ROLES[action])
    ]


def may_record(user) -> bool:
    return has_role(user, *REMEDY_ROLES[RemedyAction.RECORD])


# --- deadlines (the one place) ------------------------------------------------------------------


def _ends_on_working_day(last: datetime.date) -> datetime.date:
    """民事诉讼法's last-day rule: a period ending on a rest day ends on the next working day."""
    if workdays.is_workday(last):
        return last
    return workdays.add_working_days(last, 1).date


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def reply_deadline(kind: str, received_on: datetime.date) -> workdays.Deadline:
    """The bureau's deadline for the reply (复议) or the defence (诉讼): see the module's note."""
    if kind == K.RECONSIDERATION:
        return workdays.deadline_after(received_on, RECONSIDERATION_REPLY_WORKING_DAYS)
    # Calendar days: plain date arithmetic, then the last-day rule.
    last = _ends_on_working_day(received_on + datetime.timedelta(days=LAWSUIT_DEFENCE_DAYS))
    return workdays.Deadline(
        at=workdays.end_of_day(last), date=last, provisional=workdays.is_provisional(last)
    )


def body_decision_due(kind: str, accepted_on: datetime.date | None) -> datetime.date | None:
    """The body's own deadline (information for the bureau, not watched)."""
    if accepted_on is None:
        return None
    if kind == K.RECONSIDERATION:
        last = accepted_on + datetime.timedelta(days=RECONSIDERATION_DECISION_DAYS)
    else:
        last = _add_months(accepted_on, LAWSUIT_FIRST_INSTANCE_MONTHS)
    return _ends_on_working_day(last)


def mark_reply_due(remedies, now: datetime.datetime | None = None) -> None:
    """Set `due_state` on each remedy, by the monitoring page's colour rule
    (accountability.oversight.deadlines.colours): "late" (red) once the reply deadline has
    passed with no reply, "warn" (yellow) with at most one working day left, else "". One
    calendar load for the whole page."""
    remedies = list(remedies)
    open_ = [r for r in remedies if r.status == R.OPEN]
    for remedy in remedies:
        remedy.due_state = ""
    if not open_:
        return
    now = now or timezone.now()
    today = now.astimezone(workdays.TZ).date()
    left = workdays.working_days_from(today, {r.reply_due_on for r in open_})
    for remedy in open_:
        if remedy.is_reply_overdue_at(now):
            remedy.due_state = "late"
        elif left[remedy.reply_due_on] <= 1:
            remedy.due_state = "warn"


# --- reads ----------------------------------------------------------------------------------------


def _shaped():
    return Remedy.objects.select_related(
        "decision",
        "decision__permit",
        "decision__application",
        "decision__application__item_version",
        "recorded_by",
        "replied_by",
    )


def remedies_for(user):
    """The remedies a user may read, open first, then the nearest reply deadline."""
    if not has_role(user, *REMEDY_READERS):
        return Remedy.objects.none()
    return _shaped().order_by(
        Case(
            When(status=R.OPEN, then=Value(0)),
            When(status=R.REPLIED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        ),
        "reply_due_at",
        "-pk",
    )


def remedy_detail(user, remedy_id) -> Remedy:
    try:
        return remedies_for(user).get(pk=remedy_id)
    except (Remedy.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def remedies_of_application(application_id):
    """Every remedy against any decision of one application (the application page), one query."""
    return (
        Remedy.objects.filter(decision__application_id=application_id)
        .select_related("decision")
        .order_by("received_on", "pk")
    )


def open_reply_deadlines():
    """The replies still due, for the monitoring registry (one query, indexed by
    remedy_reply_due)."""
    return (
        Remedy.objects.awaiting_reply()
        .select_related("decision__application__item_version__handling_department", "recorded_by")
        .order_by("reply_due_at", "pk")
    )


def decision_for_remedy(decision_id) -> Decision:
    try:
        return Decision.objects.select_related("application", "permit").get(pk=decision_id)
    except (Decision.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def decision_by_number(number: str) -> Decision:
    try:
        return Decision.objects.select_related("application", "permit").get(number=number)
    except (Decision.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("没有该文号的决定。"), code="decision_not_found") from None


# --- writes ---------------------------------------------------------------------------------------


def _date_between(
    value, *, field: str, earliest, latest, too_early: str, label: str, too_late: str = ""
):
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        raise InvalidInput(_("请填写%(label)s。") % {"label": label}, fields={field: [_("必填。")]})
    if value > latest:
        message = too_late or _("%(label)s不能晚于今天。") % {"label": label}
        raise InvalidInput(message, fields={field: [message]})
    if earliest is not None and value < earliest:
        raise InvalidInput(too_early, fields={field: [too_early]})
    return value


def _lock(remedy_id) -> Remedy:
    try:
        return (
            Remedy.objects.select_for_update(no_key=True, of=("self",))
            .select_related("decision", "decision__permit")
            .get(pk=remedy_id)
        )
    except (Remedy.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def _require(remedy: Remedy, action: str) -> None:
    if remedy_allowed(remedy, action):
        return
    if action == RemedyAction.RESOLVE and remedy.status == R.CLOSED:
        raise InvalidTransition(
            remedy,
            action,
            _("该结果当前无需审批负责人处理(%(state)s)。")
            % {"state": remedy.get_follow_up_display()},
            code="no_follow_up",
        )
    raise InvalidTransition(remedy, action)


@transaction.atomic
def record_remedy(
    *,
    decision_id,
    actor,
    kind: str,
    body: str,
    case_number: str,
    claimant: str,
    received_on: datetime.date,
    accepted_on: datetime.date | None = None,
    notes: str = "",
) -> Remedy:
    """登记复议/诉讼 against one decision: the reply deadline is computed now and stored."""
    require_role(actor, *REMEDY_ROLES[RemedyAction.RECORD])
    decision = decision_for_remedy(decision_id)
    if kind not in K.values:
        raise InvalidInput(_("类型无效。"), fields={"kind": [_("无效的选项。")]})
    body = clean_text(
        body, field="body", limit=REMEDY_BODY_MAX, required=_("请填写复议机关或人民法院。")
    )
    case_number = clean_text(
        case_number, field="case_number", limit=CASE_NUMBER_MAX, required=_("请填写案号。")
    )
    claimant = clean_text(
        claimant, field="claimant", limit=NAME_MAX, required=_("请填写申请人或原告。")
    )
    notes = clean_text(notes, field="notes", limit=REASON_MAX)
    today = workdays.today()
    decided_on = timezone.localdate(decision.decided_at)
    received_on = _date_between(
        received_on,
        field="received_on",
        earliest=decided_on,
        latest=today,
        too_early=_("收到副本日期不能早于决定日期(%(d)s)。") % {"d": decided_on},
        label=_("收到副本日期"),
    )
    if accepted_on is not None:
        accepted_on = _date_between(
            accepted_on,
            field="accepted_on",
            earliest=decided_on,
            latest=received_on,
            too_early=_("受理/立案日期不能早于决定日期(%(d)s)。") % {"d": decided_on},
            too_late=_("受理/立案日期不能晚于收到副本日期。"),
            label=_("受理/立案日期"),
        )
    due = reply_deadline(kind, received_on)
    remedy = Remedy(
        decision=decision,
        kind=kind,
        body=body,
        case_number=case_number,
        claimant=claimant,
        received_on=received_on,
        reply_due_on=due.date,
        reply_due_at=due.at,
        reply_due_provisional=due.provisional,
        accepted_on=accepted_on,
        decision_due_on=body_decision_due(kind, accepted_on),
        notes=notes,
        recorded_by=actor,
    )
    try:
        with transaction.atomic():
            remedy.save()
    except IntegrityError:
        raise InvalidTransition(
            message=_("该案号已登记(%(body)s %(number)s)。")
            % {"body": body, "number": case_number},
            code="duplicate_case",
        ) from None
    record_event(
        actor=actor,
        obj=remedy,
        action=RemedyAction.RECORD,
        after=remedy.status,
        note=f"{remedy.get_kind_display()} {case_number} · {decision.number}",
        data={"decision": decision.number, "reply_due_on": due.date.isoformat()},
    )
    return remedy


@transaction.atomic
def record_reply(*, remedy_id, actor, replied_on: datetime.date, note: str = "") -> Remedy:
    """登记答复: the written reply (复议) or the defence (诉讼) was filed with the evidence."""
    require_role(actor, *REMEDY_ROLES[RemedyAction.REPLY])
    remedy = _lock(remedy_id)
    _require(remedy, RemedyAction.REPLY)
    remedy.replied_on = _date_between(
        replied_on,
        field="replied_on",
        earliest=remedy.received_on,
        latest=workdays.today(),
        too_early=_("答复日期不能早于收到副本日期(%(d)s)。") % {"d": remedy.received_on},
        label=_("答复日期"),
    )
    remedy.reply_note = clean_text(note, field="note", limit=NOTE_MAX)
    remedy.replied_by = actor
    before, remedy.status = remedy.status, R.REPLIED
    remedy.save(update_fields=["replied_on", "reply_note", "replied_by", "status", "updated_at"])
    late = remedy.replied_on > remedy.reply_due_on
    record_event(
        actor=actor,
        obj=remedy,
        action=RemedyAction.REPLY,
        before=before,
        after=remedy.status,
        note=remedy.reply_note,
        data={"replied_on": remedy.replied_on.isoformat(), "late": late},
    )
    return remedy


# Approvals whose annulment or change the bureau carries out on the permit by a procedure.
_PROCEDURE_FOR = {O.ANNULLED: "revoke", O.CHANGED: "change"}
# Outcomes that ask the bureau to act when no procedure can be started for them.
_APPROVER_OUTCOMES = {O.ANNULLED, O.CHANGED, O.ORDERED_TO_ACT, O.CONFIRMED_UNLAWFUL}


def _current_permit(permit: Permit) -> Permit:
    """The permit in force now in the chain of changes and renewals that began with `permit`."""
    for _step in range(100):
        try:
            permit = permit.replaced_by
        except Permit.DoesNotExist:
            return permit
    return permit


def _follow_up(remedy: Remedy, actor) -> tuple[str, int | None, str]:
    """What the outcome asks of the bureau: (follow_up, procedure id, note).

    An approval annulled (撤销) starts a revoke procedure, an approval changed (变更) a change
    procedure, on the permit in force now, through the procedures part's start_procedure. A
    denial, or any later decision, annulled or changed, an order to act (责令履行) and a finding
    of unlawfulness (确认违法, which may come with 补救措施) reopen nothing by themselves: they
    are flagged for the approver, who decides what to do (a fresh decision on a new
    application, a procedure) and marks it done. So is an approval whose permit cannot take the
    procedure now (already revoked, expired, another procedure open): the reason is kept."""
    from approvals import services  # the package: start_procedure lives in the procedures part

    decision = remedy.decision
    procedure_kind = _PROCEDURE_FOR.get(remedy.outcome)
    if procedure_kind and decision.kind == Decision.Kind.APPROVE and decision.permit_id:
        permit = _current_permit(decision.permit)
        reason = _("%(kind)s %(number)s %(outcome)s%(document)s") % {
            "kind": remedy.get_kind_display(),
            "number": remedy.case_number,
            "outcome": remedy.get_outcome_display(),
            "document": f" ({remedy.outcome_document})" if remedy.outcome_document else "",
        }
        try:
            with transaction.atomic():
                procedure = services.start_procedure(
                    permit_number=permit.number,
                    kind=procedure_kind,
                    actor=actor,
                    source="remedy",
                    reason=reason,
                    source_ref=str(remedy.pk),
                )
        except DomainError as exc:
            note = _("未能自动启动许可程序:%(why)s") % {"why": exc.message}
            return F.APPROVER, None, note
        return F.PROCEDURE, procedure.pk, ""
    if remedy.outcome in _APPROVER_OUTCOMES:
        return F.APPROVER, None, ""
    return F.NONE, None, ""


@transaction.atomic
def record_outcome(
    *,
    remedy_id,
    actor,
    outcome: str,
    outcome_on: datetime.date,
    document_number: str = "",
    notes: str = "",
) -> Remedy:
    """登记结果 (closes the remedy): starts the matching permit procedure or flags the outcome for
    the approver (see _follow_up), and tells supervision (remedy_outcome_recorded, inside this
    transaction: its receivers write their rows with ours)."""
    require_role(actor, *REMEDY_ROLES[RemedyAction.OUTCOME])
    remedy = _lock(remedy_id)
    _require(remedy, RemedyAction.OUTCOME)
    if outcome not in O.values:
        raise InvalidInput(_("结果无效。"), fields={"outcome": [_("无效的选项。")]})
    remedy.outcome_on = _date_between(
        outcome_on,
        field="outcome_on",
        earliest=remedy.received_on,
        latest=workdays.today(),
        too_early=_("结果日期不能早于收到副本日期(%(d)s)。") % {"d": remedy.received_on},
        label=_("结果日期"),
    )
    remedy.outcome = outcome
    remedy.outcome_document = clean_text(
        document_number, field="document_number", limit=OUTCOME_DOCUMENT_MAX
    )
    if notes:
        extra = clean_text(notes, field="notes", limit=REASON_MAX)
        joined = f"{remedy.notes}\n{extra}".strip()
        if len(joined) > REASON_MAX:
            message = _("备注合计最多 %(limit)s 个字符。") % {"limit": REASON_MAX}
            raise InvalidInput(message, fields={"notes": [message]})
        remedy.notes = joined
    before, remedy.status = remedy.status, R.CLOSED
    remedy.save(
        update_fields=["outcome", "outcome_on", "outcome_document", "notes", "status", "updated_at"]
    )
    remedy.follow_up, remedy.procedure_id, remedy.follow_up_note = _follow_up(remedy, actor)
    remedy.save(update_fields=["follow_up", "procedure_id", "follow_up_note", "updated_at"])
    record_event(
        actor=actor,
        obj=remedy,
        action=RemedyAction.OUTCOME,
        before=before,
        after=remedy.status,
        note=f"{remedy.get_outcome_display()} {remedy.outcome_document}".strip(),
        data={
            "outcome": outcome,
            "outcome_on": remedy.outcome_on.isoformat(),
            "follow_up": remedy.follow_up,
            "procedure": remedy.procedure_id,
        },
    )
    signals.remedy_outcome_recorded.send(sender=Remedy, remedy=remedy)
    return remedy


@transaction.atomic
def resolve_follow_up(*, remedy_id, actor, note: str) -> Remedy:
    """The approver records how an outcome flagged for them was handled (已处理)."""
    require_role(actor, *REMEDY_ROLES[RemedyAction.RESOLVE])
    remedy = _lock(remedy_id)
    _require(remedy, RemedyAction.RESOLVE)
    note = clean_text(
        note, field="note", limit=NOTE_MAX, required=_("请说明如何处理。"), code="note_required"
    )
    joined = f"{remedy.follow_up_note}\n{note}".strip()
    if len(joined) > NOTE_MAX:
        message = _("处理说明合计最多 %(limit)s 个字符。") % {"limit": NOTE_MAX}
        raise InvalidInput(message, fields={"note": [message]})
    before, remedy.follow_up, remedy.follow_up_note = remedy.follow_up, F.DONE, joined
    remedy.save(update_fields=["follow_up", "follow_up_note", "updated_at"])
    record_event(
        actor=actor,
        obj=remedy,
        action=RemedyAction.RESOLVE,
        before=before,
        after=remedy.follow_up,
        note=note,
    )
    return remedy
