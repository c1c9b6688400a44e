"""Push pages: the audited detail, claim / feedback / return, and the bureau's queue of returned
pushes to re-route."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from approvals.validators import mask_id_number
from catalog.models import Department
from core.errors import DomainError, InvalidInput, NotFound
from core.views import role_required
from supervision import selectors, services
from supervision.forms import FeedbackForm, RerouteForm, ReturnAnswerForm, ReturnForm
from supervision.models import RETURN_REASON_MAX, Push
from supervision.views._common import (
    P,
    _context,
    _form_errors,
    _local,
    _next_or,
    _page,
    _refused,
    _timeline,
)
from supervision.views.inbox import _with_countdowns
from supervision.workflow import BUREAU, PUSH_READERS, PUSH_ROLES, PushAction, push_actions_for


@role_required(*PUSH_READERS)
def push_detail(request, pk, feedback_form=None, return_form=None, status=200):
    try:
        push = selectors.push_for_detail(request.user, pk)
    except NotFound:
        raise Http404 from None
    # The only page with the full ID number: every look is audited (design rule 6).
    services.reveal_holder_id_number(user=request.user, push=push, channel="page")
    actions = push_actions_for(request.user, push)
    now = timezone.now()
    _with_countdowns([push], now)
    response = render(
        request,
        "supervision/push_detail.html",
        _context(
            request,
            push=push,
            can_claim=PushAction.CLAIM in actions,
            feedback_form=(feedback_form or FeedbackForm())
            if PushAction.FEEDBACK in actions
            else None,
            return_form=(return_form or ReturnForm()) if PushAction.RETURN in actions else None,
            events=_timeline(push),
            # issue 14, feedback: the thread and the one overdue rule of the final feedback.
            feedbacks=list(push.feedbacks.select_related("by")) if push.feedback_at else [],
            feedback_overdue=push.is_feedback_overdue_at(now),
            rerouted_to=Push.objects.filter(rerouted_from=push)
            .select_related("department")
            .first(),
        ),
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(*PUSH_ROLES[PushAction.CLAIM])
def push_claim(request, pk):
    try:
        push = services.claim_push(push_id=pk, user=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        if push.late:
            messages.warning(request, _("已认领(逾期认领,已记录)。处置后请反馈处置结果。"))
        else:
            messages.success(request, _("已认领。处置后请反馈处置结果。"))
    return redirect(_next_or(request, reverse("supervision:push_detail", args=[pk])))


@require_POST
@role_required(*PUSH_ROLES[PushAction.FEEDBACK])
def push_feedback(request, pk):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            push = services.give_feedback(
                push_id=pk,
                user=request.user,
                note=form.cleaned_data["note"],
                final=form.cleaned_data["final"],
                result=form.cleaned_data["result"],
            )
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:push_detail", pk=pk)
        else:
            if push.status == P.CLOSED:
                messages.success(request, _("已反馈处置完毕,推送已办结。"))
            else:
                messages.success(request, _("处置结果已反馈。"))
            return redirect("supervision:push_detail", pk=pk)
    messages.error(request, _("请填写处置结果。"))
    return push_detail(request, pk, feedback_form=form, status=400)


@require_POST
@role_required(*PUSH_ROLES[PushAction.RETURN])
def push_return(request, pk):
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_push(push_id=pk, user=request.user, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:push_detail", pk=pk)
        else:
            messages.success(request, _("已退回,审批局将改派到正确的部门。"))
            return redirect(reverse("supervision:inbox") + "?tab=returned")
    messages.error(request, _("退回必须说明理由。"))
    return push_detail(request, pk, return_form=form, status=400)


# --- the bureau: returned pushes ------------------------------------------------------------------


def _returned_pushes():
    """Returned pushes still waiting to be re-routed (every department: the bureau's queue)."""
    return (
        Push.objects.filter(status=P.RETURNED, rerouted_to__isnull=True)
        .select_related("department", "returned_by")
        .order_by("returned_at", "pk")
    )


@role_required(*BUREAU)
def returned(request):
    page = _page(request, _returned_pushes())
    rows = list(page.object_list)
    for push in rows:
        push.masked_id_number = mask_id_number(push.holder_id_number)
    return render(
        request,
        "supervision/returned.html",
        _context(
            request,
            page=page,
            rows=rows,
            departments=list(Department.objects.order_by("code").only("pk", "code", "name")),
            reason_max=RETURN_REASON_MAX,
        ),
    )


@require_POST
@role_required(*PUSH_ROLES[PushAction.REROUTE])
def push_reroute(request, pk):
    form = RerouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择改派到的监管部门。"))
        return redirect("supervision:returned")
    department = form.cleaned_data["department"]
    try:
        new = services.reroute_push(push_id=pk, actor=request.user, department=department)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("已改派到 %(dept)s,认领期限 %(deadline)s。")
            % {"dept": department.name, "deadline": _local(new.claim_deadline)},
        )
    return redirect("supervision:returned")


def _answer_return(request, pk, service, done: str):
    """驳回退回 / 关闭 from the returned queue: the reason is required; a refusal is a message."""
    form = ReturnAnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("supervision:returned")
    try:
        push = service(push_id=pk, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            done
            % {
                "dept": push.department.name,
                "number": push.decision_number,
                "deadline": _local(push.claim_deadline),
            },
        )
    return redirect("supervision:returned")


@require_POST
@role_required(*PUSH_ROLES[PushAction.REJECT_RETURN])
def push_reject_return(request, pk):
    return _answer_return(
        request,
        pk,
        services.reject_return,
        _("已驳回退回:%(number)s 退回 %(dept)s 重新认领,认领期限 %(deadline)s。"),
    )


@require_POST
@role_required(*PUSH_ROLES[PushAction.CLOSE_RETURN])
def push_close_return(request, pk):
    return _answer_return(request, pk, services.close_return, _("已关闭退回的推送 %(number)s。"))
