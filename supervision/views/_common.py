"""What every supervision page shares: the roles that see which sub-navigation, the audit
timeline, paging, safe redirects and how a refused action becomes a message."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from audit.services import events_for
from core.errors import DomainError, InvalidInput, NotFound
from core.roles import has_role
from supervision.models import Push
from supervision.workflow import (
    BUREAU,
    PUSH_READERS,
    PUSH_ROLES,
    REPORT_READERS,
    REPORT_ROLES,
    PushAction,
    ReportAction,
)

P = Push.Status
PAGE_SIZE = 25


def _context(request, **extra) -> dict:
    """What every supervision page needs for its sub-navigation and buttons."""
    user = request.user
    return {
        "can_read_pushes": has_role(user, *PUSH_READERS),
        "can_act_on_pushes": has_role(user, *PUSH_ROLES[PushAction.CLAIM]),
        "is_bureau": has_role(user, *BUREAU),
        "is_approver": has_role(user, *REPORT_ROLES[ReportAction.FOLLOW_UP]),
        "can_read_reports": has_role(user, *REPORT_READERS),
        "can_report": has_role(user, *REPORT_ROLES[ReportAction.CREATE]),
        **extra,
    }


def _timeline(obj) -> list:
    """The object's audit trail for its page (labelled by the template's action_label, the one
    registry). Looks at ID numbers are audited too but left out here: they are not steps of the
    work."""
    return list(events_for(obj).exclude(action="view_id_number"))


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _refused(request, exc: DomainError) -> None:
    """A refused action: a missing or out-of-scope record is 404; the rest a Chinese message."""
    if isinstance(exc, NotFound):
        raise Http404 from exc
    messages.error(request, str(exc.message))


def _form_errors(form, exc: InvalidInput, rename: dict | None = None) -> None:
    rename = rename or {}
    if not exc.fields:
        form.add_error(None, str(exc.message))
    for field, errors in exc.fields.items():
        name = rename.get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, str(error))


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""
