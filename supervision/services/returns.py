"""The bureau's answers to a returned push besides the re-route (pushes.reroute_push):
驳回退回 — back to the same department with a reason and a fresh claim deadline — and 关闭."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import record_event
from catalog.selectors import liaisons_of
from core.errors import InvalidInput
from core.roles import require_role
from supervision.models import RETURN_REASON_MAX, Push
from supervision.services._common import P, _webhook_deliveries, checked_text, notify
from supervision.services.deadlines import claim_deadline_from
from supervision.services.pushes import lock_returned
from supervision.workflow import PUSH_ROLES, PushAction


def _reason(reason: str, message: str) -> str:
    errors = {}
    reason = checked_text(errors, "reason", reason, max_length=RETURN_REASON_MAX, required=True)
    if errors:
        code = "reason_required" if not reason else "invalid"
        raise InvalidInput(message if not reason else None, code=code, fields=errors)
    return reason


def _answer(push: Push, *, answer: str, reason: str, actor, now) -> list[str]:
    push.return_answer, push.return_answer_reason = answer, reason
    push.return_answered_at, push.return_answered_by = now, actor
    return ["return_answer", "return_answer_reason", "return_answered_at", "return_answered_by"]


@transaction.atomic
def reject_return(*, push_id, actor, reason: str) -> Push:
    """驳回退回: the bureau holds that the push is the department's. It goes back to the same
    department as a push to claim (status pushed), with the bureau's reason and a fresh claim
    deadline counted from now by the one deadline function; the liaisons are told and the
    department's systems get `push.created` again, as for a new push."""
    require_role(actor, *PUSH_ROLES[PushAction.REJECT_RETURN])
    push = lock_returned(push_id, PushAction.REJECT_RETURN)
    reason = _reason(reason, _("驳回退回必须说明理由。"))
    now = timezone.now()
    deadline = claim_deadline_from(now)
    fields = _answer(push, answer="rejected", reason=reason, actor=actor, now=now)
    push.status, push.repushed_at = P.PUSHED, now
    push.claim_deadline, push.deadline_provisional = deadline.at, deadline.provisional
    push.notified_at = now
    push.save(
        update_fields=[
            *fields,
            "status",
            "repushed_at",
            "claim_deadline",
            "deadline_provisional",
            "notified_at",
        ]
    )
    record_event(
        actor=actor,
        obj=push,
        action="reject_return",
        before=P.RETURNED,
        after=P.PUSHED,
        note=reason,
        data={"claim_deadline": deadline.at.isoformat()},
    )
    notify(
        liaisons_of([push.department_id]),
        subject=_("退回未被采纳,请认领:%(kind)s %(item)s %(number)s")
        % {
            "kind": push.decision_kind_label,
            "item": push.item_name,
            "number": push.decision_number,
        },
        body=_("审批局意见:%(reason)s\n请于 %(deadline)s 前认领。")
        % {
            "reason": reason,
            "deadline": timezone.localtime(deadline.at).strftime("%Y-%m-%d %H:%M"),
        },
        link=reverse("supervision:push_detail", args=[push.pk]),
    )
    _webhook_deliveries(event="push.created", department_id=push.department_id, push=push)
    return push


@transaction.atomic
def close_return(*, push_id, actor, reason: str) -> Push:
    """关闭: the bureau agrees nobody needs this push (e.g. sent in error) and closes it with a
    reason; the department's liaisons are told. Routing is not changed (see the docs)."""
    require_role(actor, *PUSH_ROLES[PushAction.CLOSE_RETURN])
    push = lock_returned(push_id, PushAction.CLOSE_RETURN)
    reason = _reason(reason, _("关闭必须说明理由。"))
    now = timezone.now()
    fields = _answer(push, answer="closed", reason=reason, actor=actor, now=now)
    push.status = P.CLOSED
    push.save(update_fields=[*fields, "status"])
    record_event(
        actor=actor, obj=push, action="close_return", before=P.RETURNED, after=P.CLOSED, note=reason
    )
    notify(
        liaisons_of([push.department_id]),
        subject=_("退回的推送已关闭:%(number)s") % {"number": push.decision_number},
        body=reason,
        link=reverse("supervision:push_detail", args=[push.pk]),
    )
    return push
