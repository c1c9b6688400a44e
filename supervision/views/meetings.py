"""The meeting pages: the list, recording a meeting with its minutes and tasks (approver), one
meeting with its tasks and the 办结 form, the minutes' scan. Scope and rules are
supervision.services.meetings'; these pages only show and ask."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import DomainError, InvalidInput, NotAllowed, NotFound
from core.roles import has_role
from core.views import role_required
from supervision import formkeys
from supervision.forms_meetings import MeetingForm, TaskDoneForm
from supervision.services import meetings as svc
from supervision.views._common import _context, _form_errors, _page, _refused, _timeline
from supervision.views.correspondence import _download


@role_required(*svc.READERS)
def meetings(request):
    """Meetings newest first, each with its open and late task counts (two aggregates, not a
    query per row)."""
    now = timezone.now()
    qs = svc.meetings_for(request.user).annotate(
        open_tasks=Count("tasks", filter=Q(tasks__done_at__isnull=True), distinct=True),
        late_tasks=Count(
            "tasks", filter=Q(tasks__done_at__isnull=True, tasks__deadline__lt=now), distinct=True
        ),
    )
    page = _page(request, qs.order_by("-held_at", "-pk"))
    return render(
        request,
        "supervision/meetings/list.html",
        _context(request, page=page, may_record=has_role(request.user, *svc.RECORDERS)),
    )


@role_required(*svc.RECORDERS)
def meeting_new(request):
    user = request.user
    if request.method != "POST":
        form = MeetingForm(initial={"once": formkeys.issue(user, svc.MEETING_FORM)})
    else:
        form = MeetingForm(request.POST, request.FILES or None)
        key = formkeys.key_of(request.POST.get("once", ""), user, svc.MEETING_FORM)
        if key is None:
            form.is_valid()
            form.add_error(None, formkeys.EXPIRED)
        elif form.is_valid():
            data = form.cleaned_data
            try:
                meeting = svc.record_meeting(
                    user=user,
                    kind=data["kind"],
                    title=data["title"],
                    held_at=data["held_at"],
                    place=data["place"],
                    attendees=data["attendees"],
                    minutes=data["minutes"],
                    department_codes=[d.code for d in data["departments"]],
                    tasks=data["tasks"],
                    attachment=data.get("attachment"),
                    submission_key=key,
                )
            except InvalidInput as exc:
                _form_errors(form, exc)
            except DomainError as exc:
                if exc.code == "already_submitted":
                    messages.warning(request, str(exc.message))
                    return redirect("supervision:meetings")
                form.add_error(None, str(exc.message))
            else:
                messages.success(request, _("会议纪要已登记,议定事项已通知承办部门。"))
                return redirect("supervision:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "supervision/meetings/form.html",
        _context(request, form=form),
        status=400 if form.is_bound and form.errors else 200,
    )


@role_required(*svc.READERS)
def meeting_detail(request, pk):
    try:
        meeting = svc.access_meeting(request.user, pk)
    except NotFound:
        raise Http404 from None
    now = timezone.now()
    tasks = list(svc.tasks_of(meeting))
    for task in tasks:
        task.overdue = task.is_overdue_at(now)
        task.may_finish = task.done_at is None and svc.may_finish(request.user, task)
    return render(
        request,
        "supervision/meetings/detail.html",
        _context(
            request,
            meeting=meeting,
            departments=list(meeting.departments.order_by("code")),
            tasks=tasks,
            done_form=TaskDoneForm(),
            events=_timeline(meeting),
        ),
    )


@require_POST
@role_required(*svc.READERS)
def meeting_task_done(request, pk):
    form = TaskDoneForm(request.POST)
    try:
        task = svc.access_task(request.user, pk).meeting_id
    except NotFound:
        raise Http404 from None
    if not form.is_valid():
        messages.error(request, _("请填写办结情况。"))
        return redirect("supervision:meeting_detail", pk=task)
    try:
        svc.finish_task(user=request.user, task_id=pk, note=form.cleaned_data["note"])
    except NotAllowed as exc:
        raise PermissionDenied(str(exc.message)) from exc
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("已办结。"))
    return redirect("supervision:meeting_detail", pk=task)


@role_required(*svc.READERS)
def meeting_attachment(request, pk):
    try:
        meeting = svc.access_meeting(request.user, pk)
    except NotFound:
        raise Http404 from None
    return _download(meeting, "meeting")
