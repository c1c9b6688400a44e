"""Inspector pages."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from accountability import selectors
from accountability.models import OverdueRecord
from audit.models import AuditEvent
from core.roles import Role
from core.views import role_required

OVERDUE_PAGE_SIZE = 25

# Where each kind of flagged object is read, and what number names it.
_OBJECT = {
    OverdueRecord.Kind.PUSH: ("push", "supervision:push_detail", "decision_number"),
    OverdueRecord.Kind.REPORT: ("report", "supervision:report_detail", "decision_number"),
    OverdueRecord.Kind.APPLICATION: ("application", "approvals:detail", "receipt_number"),
}


@role_required(Role.INSPECTOR)
def dashboard(request):
    recent = AuditEvent.objects.select_related("content_type").order_by("-at", "-pk")[:50]
    overdue = Paginator(selectors.overdue_records(), OVERDUE_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for record in overdue.object_list:
        attribute, url_name, number = _OBJECT[record.kind]
        obj = getattr(record, attribute)
        record.object_url = reverse(url_name, args=[obj.pk]) if obj else ""
        record.object_number = getattr(obj, number, "") if obj else ""
    return render(
        request,
        "accountability/dashboard.html",
        {"recent_events": recent, "overdue": overdue},
    )
