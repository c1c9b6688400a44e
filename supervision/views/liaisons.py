"""The liaison register page (联络员备案): who liaises for each department and for the bureau,
since when, and the history of every change with who filed it. Catalog admins and inspectors
see every department; a liaison sees their own department's and the bureau's. Catalog admins
file and end the bureau's own liaison here (a department's liaisons are assigned on the
admin's 联络员指派 page, which records them on this register through the same service)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import LiaisonRecord
from catalog.selectors import liaison_departments
from catalog.services import liaisons as register
from core.errors import DomainError
from core.roles import Role, has_role
from core.views import role_required
from supervision.views._common import _context, _page

READERS = (Role.LIAISON, Role.INSPECTOR, Role.CATALOG_ADMIN)


def records_for(user):
    """The register rows a user may read (a liaison: their departments' and the bureau's)."""
    qs = LiaisonRecord.objects.select_related("user", "department", "filed_by")
    if has_role(user, Role.INSPECTOR, Role.CATALOG_ADMIN):
        return qs
    ids = list(liaison_departments(user).values_list("pk", flat=True))
    return qs.filter(Q(department_id__in=ids) | Q(department__isnull=True))


@role_required(*READERS)
def liaisons(request):
    rows = records_for(request.user)
    current = list(rows.filter(until__isnull=True).order_by("department__code", "since", "pk"))
    history = _page(request, rows.order_by("-filed_at", "-pk"))
    may_manage = has_role(request.user, Role.CATALOG_ADMIN)
    candidates = []
    if may_manage:
        User = get_user_model()
        candidates = list(
            User.objects.filter(is_active=True, groups__name__in=[Role.WINDOW_CLERK, Role.APPROVER])
            .distinct()
            .order_by("username")
        )
    return render(
        request,
        "supervision/liaisons/register.html",
        _context(
            request,
            current=current,
            history=history,
            may_manage=may_manage,
            candidates=candidates,
        ),
    )


@require_POST
@role_required(Role.CATALOG_ADMIN)
def liaison_file(request):
    User = get_user_model()
    raw = request.POST.get("user", "")
    ok = raw.isascii() and raw.isdigit() and len(raw) <= 18  # not ١, ², 30 digits …
    user = User.objects.filter(pk=raw, is_active=True).first() if ok else None
    if user is None:
        messages.error(request, _("请选择人员。"))
        return redirect("supervision:liaisons")
    try:
        register.file_bureau_liaison(
            user=user, actor=request.user, note=request.POST.get("note", "")
        )
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已备案为本局信息联络员。"))
    return redirect("supervision:liaisons")


@require_POST
@role_required(Role.CATALOG_ADMIN)
def liaison_end(request, pk):
    record = LiaisonRecord.objects.filter(pk=pk, department__isnull=True).first()
    if record is None:
        raise Http404
    try:
        register.end_bureau_liaison(user=record.user, actor=request.user)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已终止。"))
    return redirect("supervision:liaisons")
