"""What the approvals pages share: who reads, due-date colours, pagination, domain errors put
next to form fields, the one-application lookup, and the shape of an action on the detail page."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone

from approvals import selectors
from approvals.models import (
    Application,
)
from approvals.workflow import ROLES
from core.errors import DomainError, NotFound
from workdays import services as workdays

S = Application.Status
PAGE_SIZE = 50
READERS = selectors.READERS
REVEAL_SESSION_KEY = "approvals_revealed_id"


# --- due-date colours --------------------------------------------------------------------------


def mark_due(apps, now=None) -> None:
    """Set `due_state` on each application: "late" when it is overdue (the one rule,
    Application.is_overdue_at), "paused" while a special procedure runs, "warn" with at most
    one working day left. One calendar lookup for the whole page, whatever its length."""
    apps = list(apps)
    if not apps:
        return
    now = now or timezone.now()
    warn_until = workdays.add_working_days(timezone.localdate(now), 1).date
    for app in apps:
        state = ""
        if app.is_overdue_at(now):
            state = "late"
        elif app.status in Application.OPEN_STATUSES and app.due_at:
            if app.paused:
                state = "paused"
            elif app.due_date and app.due_date <= warn_until:
                state = "warn"
        app.due_state = state


def paginate(request, queryset):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    mark_due(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def field_errors(form, exc: DomainError, field_map: dict | None = None) -> None:
    """Put a domain error's field messages next to the form's own fields."""
    field_map = field_map or {}
    for name, msgs in (exc.fields or {}).items():
        target = field_map.get(name, name)
        if (
            target
            and target in form.fields
            and (form.cleaned_data is None or target not in form.errors)
        ):
            form.add_error(target, [str(m) for m in msgs])


def detail_or_404(user, pk) -> Application:
    try:
        return selectors.application_detail(user, pk)
    except NotFound:
        raise Http404 from None


def stored_files(app):
    return list(app.applicant.files.order_by("-uploaded_at"))


@dataclass(frozen=True)
class ActionSpec:
    action: str
    form: type
    run: Callable
    done: str  # success message
    field_map: dict = field(default_factory=dict)
    with_files: bool = False

    @property
    def roles(self) -> tuple:
        return ROLES[self.action]
