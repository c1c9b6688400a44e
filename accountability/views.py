"""Inspector pages."""

from django.shortcuts import render

from audit.models import AuditEvent
from core.roles import Role
from core.views import role_required


@role_required(Role.INSPECTOR)
def dashboard(request):
    recent = AuditEvent.objects.select_related("content_type").order_by("-at", "-pk")[:50]
    return render(request, "accountability/dashboard.html", {"recent_events": recent})
