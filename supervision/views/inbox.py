"""The liaison's inbox: tabs with counts, the working-day claim countdown."""

from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.validators import mask_id_number
from catalog.selectors import liaison_department
from core.views import role_required
from supervision import selectors
from supervision.models import Push
from supervision.views._common import P, _context, _page
from supervision.workflow import PUSH_ALLOWED, PUSH_READERS, PushAction
from workdays import services as workdays


def _tabs(now) -> list[tuple[str, str, Q]]:
    """The inbox tabs: key, label, condition. 待认领 holds every unclaimed push (overdue ones
        too: they still need claiming); 已逾期 is the model's one overdue rule (Push.overdue_q: past
    the deadline and not claimed in time, flagged by the job or not)."""
    return [
        ("to_claim", gettext_lazy("待认领"), Q(status=P.PUSHED)),
        ("claimed", gettext_lazy("已认领"), Q(status=P.CLAIMED)),
        # issue 14, feedback: claimed and not closed yet, with the countdown to the final feedback.
        ("to_feedback", gettext_lazy("待反馈"), Q(status__in=Push.FEEDBACK_OPEN)),
        ("feedback", gettext_lazy("已反馈"), Q(status__in=[P.FEEDBACK_GIVEN, P.CLOSED])),
        ("overdue", gettext_lazy("已逾期"), Push.overdue_q(now)),
        ("returned", gettext_lazy("已退回"), Q(status=P.RETURNED)),
    ]


def _countdown(push: Push, now, distance: dict) -> dict | None:
    """The claim countdown of an unclaimed push: 剩余 N 个工作日 / 今日到期 / 已逾期 N 个工作日."""
    if push.status != P.PUSHED:
        return None
    deadline = timezone.localtime(push.claim_deadline).date()
    if push.is_overdue_at(now):
        days = -distance[deadline]
        text = _("已逾期 %(n)s 个工作日") % {"n": days} if days > 0 else _("已逾期")
        return {"text": text, "css": "late"}
    if deadline == timezone.localtime(now).date():
        return {"text": _("今日到期"), "css": "warn"}
    days = distance[deadline]
    return {"text": _("剩余 %(n)s 个工作日") % {"n": days}, "css": "warn" if days <= 1 else "ok"}


def _feedback_countdown(push: Push, now, distance: dict) -> dict | None:
    """issue 14, feedback: the countdown to the final feedback of a claimed, open push (the one
    rule: Push.is_feedback_overdue_at)."""
    if push.status not in Push.FEEDBACK_OPEN or push.feedback_deadline is None:
        return None
    deadline = timezone.localtime(push.feedback_deadline).date()
    if push.is_feedback_overdue_at(now):
        days = -distance[deadline]
        text = _("反馈已逾期 %(n)s 个工作日") % {"n": days} if days > 0 else _("反馈已逾期")
        return {"text": text, "css": "late"}
    if deadline == timezone.localtime(now).date():
        return {"text": _("今日须反馈"), "css": "warn"}
    days = distance[deadline]
    return {
        "text": _("距反馈期限 %(n)s 个工作日") % {"n": days},
        "css": "warn" if days <= 1 else "ok",
    }


def _with_countdowns(pushes: list[Push], now) -> list[Push]:
    today = timezone.localtime(now).date()
    # One load of the calendar for the whole page (workdays' batch count, two queries).
    distance = workdays.working_days_from(
        today,
        {timezone.localtime(p.claim_deadline).date() for p in pushes if p.status == P.PUSHED}
        | {
            timezone.localtime(p.feedback_deadline).date()
            for p in pushes
            if p.status in Push.FEEDBACK_OPEN and p.feedback_deadline is not None
        },
    )
    for push in pushes:
        push.countdown = _countdown(push, now, distance)
        push.feedback_countdown = _feedback_countdown(push, now, distance)
        push.masked_id_number = mask_id_number(push.holder_id_number)
    return pushes


# --- the liaison's inbox --------------------------------------------------------------------------


@role_required(*PUSH_READERS)
def inbox(request):
    now = timezone.now()
    tabs = _tabs(now)
    current = request.GET.get("tab")
    if current not in {key for key, _label, _q in tabs}:
        current = "to_claim"
    pushes = selectors.pushes_for(request.user)
    counts = pushes.aggregate(**{key: Count("pk", filter=q) for key, _label, q in tabs})
    condition = next(q for key, _label, q in tabs if key == current)
    ordering = (
        ["claim_deadline", "pk"] if current in ("to_claim", "overdue") else ["-pushed_at", "-pk"]
    )
    if current == "to_feedback":
        ordering = ["feedback_deadline", "pk"]  # the most urgent first
    page = _page(request, pushes.filter(condition).order_by(*ordering))
    rows = _with_countdowns(list(page.object_list), now)
    return render(
        request,
        "supervision/inbox.html",
        _context(
            request,
            department=liaison_department(request.user),
            tabs=[(key, label, counts[key]) for key, label, _q in tabs],
            current=current,
            page=page,
            rows=rows,
            claimable=PUSH_ALLOWED[PushAction.CLAIM],
        ),
    )
