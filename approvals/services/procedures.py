"""Later decisions on a permit as procedures: start (window, report, ex officio, remedy),
review, decide or decline (一审一核), send back to review, deliver. The rules (who, from which
status, which kinds on which permit) are approvals.procedures; the decision itself is written by
approvals.services.decisions.write_permit_decision, through _seal_decision like every decision."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import procedures as rules
from approvals.limits import COLLECTOR_MAX, CONTENT_MAX, OPINION_MAX, REASON_MAX
from approvals.models import PermitProcedure
from approvals.procedures import ProcedureAction as A
from approvals.services._common import clean_text
from approvals.services.decisions import (
    check_permit_allows,
    clean_permit_request,
    lock_permit,
    write_permit_decision,
)
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import require_role

P = PermitProcedure.Status
SOURCE_REF_MAX = PermitProcedure._meta.get_field("source_ref").max_length


def _choice(value, choices, field: str) -> str:
    if not isinstance(value, str) or value not in choices:
        raise InvalidInput(
            _("“%(field)s”的选项无效。") % {"field": field}, fields={field: [_("无效的选项。")]}
        )
    return value


def _lock_procedure(procedure_id) -> PermitProcedure:
    try:
        return (
            PermitProcedure.objects.select_for_update(no_key=True, of=("self",))
            .select_related("permit", "permit__item_version")
            .get(pk=procedure_id)
        )
    except (PermitProcedure.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def _require(procedure: PermitProcedure, action: str) -> None:
    if not rules.allowed(procedure, action):
        raise InvalidTransition(procedure, action)


def _set_status(procedure, actor, action, new_status, *, fields=(), note="", data=None):
    before = procedure.status
    procedure.status = new_status
    procedure.save(update_fields=["status", *fields])
    record_event(
        actor=actor,
        obj=procedure,
        action=action,
        before=before,
        after=new_status,
        note=note,
        data={"permit": procedure.permit.number, "kind": procedure.kind, **(data or {})},
    )


@transaction.atomic
def start_procedure(
    *,
    permit_number,
    kind,
    actor,
    source,
    reason,
    content="",
    valid_until: datetime.date | None = None,
    holder_name="",
    source_ref="",
) -> PermitProcedure:
    """发起: a later decision on a permit starts here, whoever asks (the holder at the window,
    a supervision report's follow-up, the bureau ex officio, a 复议/诉讼 outcome). Runs inside
    a caller's transaction too. One open procedure of a kind per permit: the same request again
    answers the first; a different one is 409 procedure_open."""
    if not (isinstance(source, str) and source in rules.SERVICE_SOURCES):
        require_role(actor, *rules.ROLES[A.START])
    source = _choice(source, PermitProcedure.Source.values, "source")
    require_role(actor, *rules.SOURCE_ROLES[source])
    kind = _choice(kind, PermitProcedure.Kind.values, "kind")
    if kind not in rules.SOURCE_KINDS[source]:
        message = _("“%(source)s”不能发起“%(kind)s”程序。") % {
            "source": PermitProcedure.Source(source).label,
            "kind": PermitProcedure.Kind(kind).label,
        }
        raise InvalidInput(message, code="kind_not_allowed", fields={"kind": [message]})
    permit = lock_permit(permit_number)
    check_permit_allows(permit, kind)
    reason = clean_text(
        reason, field="reason", limit=REASON_MAX, required=_("请说明事由。"), code="reason_required"
    )
    content, holder_name, _start = clean_permit_request(
        permit=permit, kind=kind, content=content, valid_until=valid_until, holder_name=holder_name
    )
    source_ref = clean_text(source_ref, field="source_ref", limit=SOURCE_REF_MAX)
    request = {
        "source": source,
        "source_ref": source_ref,
        "reason": reason,
        "content": content,
        "valid_until": valid_until,
        "holder_name": holder_name,
    }
    existing = PermitProcedure.objects.filter(
        permit=permit, kind=kind, status__in=PermitProcedure.OPEN
    ).first()
    if existing is not None:
        if all(getattr(existing, field) == value for field, value in request.items()):
            return existing  # a double submit: the first one's answer
        raise InvalidTransition(
            message=_("该证件已有一个进行中的“%(kind)s”程序(%(status)s)。")
            % {"kind": existing.get_kind_display(), "status": existing.get_status_display()},
            code="procedure_open",
        )
    try:
        with transaction.atomic():  # the constraint backs up the permit's row lock
            procedure = PermitProcedure.objects.create(
                permit=permit,
                kind=kind,
                started_by=actor,
                started_at=timezone.now(),
                **request,
            )
    except IntegrityError:
        raise InvalidTransition(
            message=_("该证件已有一个进行中的同类程序。"), code="procedure_open"
        ) from None
    record_event(
        actor=actor,
        obj=procedure,
        action=A.START,
        after=procedure.status,
        note=f"{permit.number} {procedure.get_kind_display()} {reason}",
        data={"permit": permit.number, "kind": kind, "source": source, "source_ref": source_ref},
    )
    return procedure


@transaction.atomic(durable=True)
def review_procedure(*, procedure_id, reviewer, opinion, recommendation) -> PermitProcedure:
    """审查: the reviewer's opinion and recommendation (again after a send-back)."""
    require_role(reviewer, *rules.ROLES[A.REVIEW])
    procedure = _lock_procedure(procedure_id)
    _require(procedure, A.REVIEW)
    recommendation = _choice(
        recommendation, PermitProcedure.Recommendation.values, "recommendation"
    )
    opinion = clean_text(
        opinion,
        field="opinion",
        limit=OPINION_MAX,
        required=_("请填写审查意见。"),
        code="opinion_required",
    )
    procedure.reviewed_by, procedure.reviewed_at = reviewer, timezone.now()
    procedure.opinion, procedure.recommendation = opinion, recommendation
    _set_status(
        procedure,
        reviewer,
        A.REVIEW,
        P.REVIEWED,
        fields=("reviewed_by", "reviewed_at", "opinion", "recommendation"),
        note=f"{procedure.get_recommendation_display()} {opinion}",
    )
    return procedure


def _other_person(procedure, approver) -> None:
    if procedure.reviewed_by_id == approver.pk:
        raise NotAllowed(_("审查人与审批人不能为同一人(一审一核)。"), code="same_person")


@transaction.atomic(durable=True)
def decide_procedure(
    *, procedure_id, approver, approve: bool, reason="", content=None
) -> PermitProcedure:
    """决定: approve → a sealed Decision of the procedure's kind (number, seal log, letter,
    pushes through decision_recorded); decline → closed with a reason. The approver may not be
    the reviewer (一审一核). `content` is what the approver decides (default: what was asked)."""
    require_role(approver, *rules.ROLES[A.DECIDE if approve else A.DECLINE])
    procedure = _lock_procedure(procedure_id)
    _require(procedure, A.DECIDE if approve else A.DECLINE)
    _other_person(procedure, approver)
    now = timezone.now()
    if not approve:
        reason = clean_text(
            reason,
            field="reason",
            limit=REASON_MAX,
            required=_("不予作出决定必须说明理由。"),
            code="reason_required",
        )
        procedure.decided_by, procedure.decided_at = approver, now
        procedure.decline_reason = reason
        _set_status(
            procedure,
            approver,
            A.DECLINE,
            P.DECLINED,
            fields=("decided_by", "decided_at", "decline_reason"),
            note=reason,
        )
        return procedure
    reason = clean_text(reason, field="reason", limit=REASON_MAX)
    decided_content = procedure.content
    if content is not None:
        decided_content = clean_text(content, field="content", limit=CONTENT_MAX)
    permit = lock_permit(procedure.permit.number)
    decision = write_permit_decision(
        permit=permit,
        approver=approver,
        kind=procedure.kind,
        reason=reason or procedure.reason,
        content=decided_content,
        valid_until=procedure.valid_until,
        holder_name=procedure.holder_name,
    )
    procedure.permit = permit
    procedure.decided_by, procedure.decided_at, procedure.decision = (
        approver,
        decision.decided_at,
        decision,
    )
    _set_status(
        procedure,
        approver,
        A.DECIDE,
        P.DECIDED,
        fields=("decided_by", "decided_at", "decision"),
        note=decision.number,
        data={"decision": decision.number},
    )
    return procedure


@transaction.atomic(durable=True)
def send_back_procedure(*, procedure_id, approver, reason) -> PermitProcedure:
    """退回重审: the approver sends the procedure back to review, with a reason."""
    require_role(approver, *rules.ROLES[A.SEND_BACK])
    procedure = _lock_procedure(procedure_id)
    _require(procedure, A.SEND_BACK)
    reason = clean_text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("退回重审必须说明理由。"),
        code="reason_required",
    )
    procedure.send_back_reason = reason
    _set_status(
        procedure, approver, A.SEND_BACK, P.SENT_BACK, fields=("send_back_reason",), note=reason
    )
    return procedure


@transaction.atomic(durable=True)
def deliver_procedure(*, procedure_id, clerk, collected_by) -> PermitProcedure:
    """送达: the clerk hands the decision letter over (who collected it)."""
    require_role(clerk, *rules.ROLES[A.DELIVER])
    procedure = _lock_procedure(procedure_id)
    _require(procedure, A.DELIVER)
    collected_by = clean_text(
        collected_by,
        field="collected_by",
        limit=COLLECTOR_MAX,
        required=_("请填写签收人。"),
        code="collector_required",
    )
    procedure.delivered_by, procedure.delivered_at = clerk, timezone.now()
    procedure.collected_by = collected_by
    _set_status(
        procedure,
        clerk,
        A.DELIVER,
        P.DELIVERED,
        fields=("delivered_by", "delivered_at", "collected_by"),
        note=collected_by,
    )
    return procedure
