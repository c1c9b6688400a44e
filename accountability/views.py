"""The inspector's start page (监察督查): what needs attention now, and where to go from here."""

from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from accountability.models import Case
from accountability.oversight import deadlines
from accountability.oversight import selectors as oversight
from accountability.oversight.views import describe_records
from core.roles import Role
from core.views import role_required

RECENT_OVERDUE = 10


def _url_or_empty(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # a page another part is still building
        return ""


@role_required(Role.INSPECTOR)
def dashboard(request):
    rows = deadlines.open_deadlines()
    red = sum(r.colour == deadlines.RED for r in rows)
    yellow = sum(r.colour == deadlines.YELLOW for r in rows)
    recent = describe_records(oversight.overdue_records_for(request.user)[:RECENT_OVERDUE])
    return render(
        request,
        "accountability/dashboard.html",
        {
            "red": red,
            "yellow": yellow,
            "open_cases": Case.objects.filter(status__in=Case.OPEN_STATUSES).count(),
            "recent_overdue": recent,
            "audit_url": _url_or_empty("audit:events"),
        },
    )
