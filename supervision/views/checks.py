"""告知承诺核查 pages: the list (a liaison their department's, pending with the working-day
countdown first; inspectors and the bureau all, read-only) and a check with the record form.
Every change goes through supervision.services.checks; another department's check is 404."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError, InvalidInput, NotFound
from core.roles import Role, has_role
from core.views import role_required
from supervision.models import CHECK_NOTE_MAX, CommitmentCheck
from supervision.services import checks as svc
from supervision.views._common import _context, _refused, _timeline
from workdays import services as workdays

READERS = (Role.LIAISON, Role.INSPECTOR, *svc.READ_ALL_ROLES)
LIST_SIZE = 100


def _countdowns(rows) -> None:
    """Working days left to each pending check's deadline (the one calendar service)."""
    today = timezone.localdate()
    dues = {timezone.localdate(c.deadline) for c in rows if c.deadline is not None}
    left = workdays.working_days_from(today, dues) if dues else {}
    for check in rows:
        pending = check.status == CommitmentCheck.Status.PENDING and check.deadline is not None
        check.days_left = left.get(timezone.localdate(check.deadline)) if pending else None


@role_required(*READERS)
def checks(request):
    tab = "done" if request.GET.get("tab") == "done" else "pending"
    qs = svc.checks_for(request.user)
    if tab == "pending":
        qs = qs.filter(status=CommitmentCheck.Status.PENDING).order_by("deadline", "pk")
    else:
        qs = qs.exclude(status=CommitmentCheck.Status.PENDING).order_by("-recorded_at", "-pk")
    now = timezone.now()
    rows = list(qs[:LIST_SIZE])
    for check in rows:
        check.overdue = check.is_overdue_at(now)
    _countdowns(rows)
    return render(
        request,
        "supervision/checks/list.html",
        _context(request, checks=rows, tab=tab),
    )


@role_required(*READERS)
def check_detail(request, pk):
    try:
        check = svc.access_check(request.user, pk)
    except NotFound:
        raise Http404 from None
    errors = {}
    values = {"result": "", "note": ""}
    if request.method == "POST":
        if not has_role(request.user, Role.LIAISON):
            raise PermissionDenied(_("只有本部门联络员可以记录核查结果。"))
        values = {"result": request.POST.get("result", ""), "note": request.POST.get("note", "")}
        try:
            svc.record_check(
                user=request.user,
                check_id=check.pk,
                result=values["result"],
                note=values["note"],
                attachment=request.FILES.get("attachment"),
            )
        except InvalidInput as exc:
            errors = exc.fields or {"__all__": [str(exc.message)]}
            messages.error(request, str(exc.message))
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:check_detail", pk=check.pk)
        else:
            messages.success(request, _("核查结果已记录。"))
            return redirect("supervision:check_detail", pk=check.pk)
    return render(
        request,
        "supervision/checks/detail.html",
        _context(
            request,
            check=check,
            push=check.push,
            overdue=check.is_overdue_at(timezone.now()),
            can_record=svc.may_record(request.user, check),
            results=[(v, lbl) for v, lbl in CommitmentCheck.Status.choices if v != "pending"],
            values=values,
            errors=errors,
            note_max=CHECK_NOTE_MAX,
            events=_timeline(check),
        ),
    )
