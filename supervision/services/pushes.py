"""Result pushes (审批结果推送): the outbox written with a decision; claim, feedback,
return and re-route."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import Applicant, Decision
from audit.services import record_event, reveal_id_number
from catalog.models import Department
from catalog.selectors import liaisons_of
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, require_role
from supervision.models import RETURN_REASON_MAX, PermitRouting, Push
from supervision.selectors import access_push
from supervision.services._common import (
    PUSHED_KINDS,
    P,
    _webhook_deliveries,
    checked_text,
    notify,
    users_with_role,
)
from supervision.services.checks import create_check_for_push
from supervision.services.deadlines import claim_deadline_from
from supervision.services.feedback import feedback_deadline_from, give_feedback  # noqa: F401
from supervision.services.routing import correction_seen_before, decision_departments
from supervision.workflow import PUSH_ROLES, PushAction, push_allows
from workdays import services as workdays


def _holder_is_person(push: Push) -> bool:
    """Whether the snapshot's ID number is a natural person's 身份证号 (its display is audited).
    The holder is the permit's, or the applicant's when no permit was issued."""
    decision = push.decision
    if decision.permit_id:
        holder = decision.permit.holder
    elif decision.application_id:
        holder = decision.application.applicant
    else:  # not expected; when in doubt, audit the look
        return True
    return holder.kind == Applicant.Kind.PERSON


def reveal_holder_id_number(*, user, push: Push, channel: str, data: dict | None = None) -> None:
    """Design rule 6: every display of a person's full ID number (the push detail page and API,
    a stored webhook body in the admin) leaves an audit event, through audit's one reveal
    service; an organisation's code does not."""
    if _holder_is_person(push):
        reveal_id_number(
            actor=user,
            obj=push,
            note=push.holder_name,
            data={"channel": channel, "department": push.department.code, **(data or {})},
        )


def _snapshot(decision: Decision) -> dict:
    """The values of Push.SNAPSHOT_FIELDS for a push of `decision`."""
    permit = decision.permit
    application = decision.application
    applicant = permit.holder if permit else application.applicant
    version = permit.item_version if permit else application.item_version
    snapshot = {
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
    return snapshot


def _new_push(
    *, decision: Decision, department: Department, snapshot: dict, rerouted_from: Push | None = None
) -> Push:
    now = timezone.now()
    deadline = claim_deadline_from(now)
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
    notify(
        liaisons_of([department.pk]),
        subject=_("新的审批结果推送待认领:%(kind)s %(item)s %(number)s")
        % {
            "kind": push.decision_kind_label,
            "item": push.item_name,
            "number": push.decision_number,
        },
        body=_("请于 %(deadline)s 前认领。")
        % {"deadline": timezone.localtime(push.claim_deadline).strftime("%Y-%m-%d %H:%M")},
        link=reverse("supervision:push_detail", args=[push.pk]),
    )
    _webhook_deliveries(event="push.created", department_id=department.pk, push=push)
    return push


def push_decision(*, decision: Decision) -> list[Push]:
    """One push per department that supervises the permit now, in the decision's transaction
    (called from approvals.signals.decision_recorded): the item version's supervising
    departments, corrected by the bureau's earlier re-routes of this permit
    (supervision.services.routing). A denial has no permit: the item version's."""
    if decision.kind not in PUSHED_KINDS:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("push_decision must run inside the decision's transaction")
    snapshot = _snapshot(decision)
    pushes = [
        _new_push(decision=decision, department=department, snapshot=snapshot)
        for department in decision_departments(decision)
    ]
    for push in pushes:
        record_event(
            actor=decision.decided_by,
            obj=push,
            action="push",
            after=P.PUSHED,
            note=push.department.name,
        )
        # issue 14, checks: a 告知承诺 approval is checked by each department it is pushed to.
        create_check_for_push(push=push, actor=decision.decided_by)
    return pushes


def on_decision_recorded(sender, decision, **kwargs):
    push_decision(decision=decision)


@transaction.atomic
def claim_push(*, push_id, user) -> Push:
    """认领: exactly one liaison wins; the rest get 409 already_claimed. A claim after the
    deadline is allowed and recorded as late."""
    require_role(user, *PUSH_ROLES[PushAction.CLAIM])
    push = access_push(user, push_id, for_update=True)
    if push.status in (P.CLAIMED, P.FEEDBACK_GIVEN, P.CLOSED):
        raise InvalidTransition(push, "claim", _("该推送已被认领。"), code="already_claimed")
    if not push_allows(push, PushAction.CLAIM):
        raise InvalidTransition(push, "claim")
    now = timezone.now()
    push.status, push.claimed_at, push.claimed_by = P.CLAIMED, now, user
    push.late = now > push.claim_deadline
    push.claim_working_days = workdays.working_days_between(
        push.pushed_at.astimezone(workdays.TZ).date(), now.astimezone(workdays.TZ).date()
    )
    # issue 14, feedback: the final 处置反馈 is due by this (a re-route or re-push is claimed anew).
    push.feedback_deadline = feedback_deadline_from(push, now)
    push.save(
        update_fields=[
            "status",
            "claimed_at",
            "claimed_by",
            "late",
            "claim_working_days",
            "feedback_deadline",
        ]
    )
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
def return_push(*, push_id, user, reason: str) -> Push:
    """退回 (wrong department), before the claim; the bureau then re-routes it."""
    require_role(user, *PUSH_ROLES[PushAction.RETURN])
    push = access_push(user, push_id, for_update=True)
    if not push_allows(push, PushAction.RETURN):
        raise InvalidTransition(push, "return")
    errors = {}
    reason = checked_text(errors, "reason", reason, max_length=RETURN_REASON_MAX, required=True)
    if not reason:
        raise InvalidInput(
            _("退回必须说明理由。"), code="reason_required", fields={"reason": [_("必填。")]}
        )
    if errors:
        raise InvalidInput(fields=errors)
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
    notify(
        users_with_role(Role.APPROVER, Role.WINDOW_CLERK),
        subject=_("推送被退回,请改派:%(number)s") % {"number": push.decision_number},
        body=reason,
        link=reverse("supervision:returned"),
    )
    return push


def lock_returned(push_id, action: str) -> Push:
    """The bureau's side of a returned push, locked: 404 when missing, 409 not_returned unless
    `action` (re-route, reject, close) is open on it (returned, not re-routed yet)."""
    try:
        push = (
            Push.objects.select_for_update(no_key=True, of=("self",))
            .select_related("decision", "department")
            .get(pk=push_id)
        )
    except (Push.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not push_allows(push, action):
        raise InvalidTransition(push, action, _("该推送不是待处理的退回。"), code="not_returned")
    return push


def _remember_route(*, push: Push, new: Push, actor) -> PermitRouting | None:
    """Later decisions on this permit go to the new department (PermitRouting); the catalog
    admins are told once per item and correction that the item's departments may be wrong."""
    permit = push.decision.permit
    if permit is None:  # a denial: no permit to route later decisions of
        return None
    routing = PermitRouting.objects.create(
        permit=permit,
        returned_department=push.department,
        department=new.department,
        push=new,
        created_at=timezone.now(),
        created_by=actor,
    )
    if not correction_seen_before(routing=routing):
        item = permit.item_version.item
        notify(
            users_with_role(Role.CATALOG_ADMIN),
            subject=_("事项监管部门可能有误:%(item)s") % {"item": push.item_name},
            body=_(
                "%(returned)s 退回了证件 %(permit)s 的推送(理由:%(reason)s),已改派到 "
                "%(dept)s。请核对该事项的监管部门设置。"
            )
            % {
                "returned": push.department.name,
                "permit": permit.number,
                "reason": push.return_reason,
                "dept": new.department.name,
            },
            link=reverse("admin:catalog_item_change", args=[item.pk]),
        )
    return routing


@transaction.atomic
def reroute_push(*, push_id, actor, department: Department) -> Push:
    """改派: the bureau sends a returned push to the right department, with a fresh deadline;
    later decisions on the permit go there too (PermitRouting, in this transaction)."""
    require_role(actor, *PUSH_ROLES[PushAction.REROUTE])
    push = lock_returned(push_id, PushAction.REROUTE)
    if (
        push.department_id == department.pk
        or Push.objects.filter(decision_id=push.decision_id, department=department).exists()
    ):
        raise InvalidInput(
            _("该部门已收到此推送。"),
            code="same_department",
            fields={"department": [_("请选择其他部门。")]},
        )
    snapshot = {f: getattr(push, f) for f in Push.SNAPSHOT_FIELDS}
    new = _new_push(
        decision=push.decision, department=department, snapshot=snapshot, rerouted_from=push
    )
    routing = _remember_route(push=push, new=new, actor=actor)
    record_event(
        actor=actor,
        obj=push,
        action="reroute",
        before=P.RETURNED,
        after=P.RETURNED,
        note=department.name,
        data={"new_push": new.pk, "routing": routing.pk if routing else None},
    )
    record_event(
        actor=actor,
        obj=new,
        action="push",
        after=P.PUSHED,
        note=_("改派自 %(dept)s") % {"dept": push.department.name},
    )
    return new
