"""Pages of the window clerk, the reviewer and the approver."""

from django.shortcuts import render

from core.roles import Role
from core.views import role_required


@role_required(Role.WINDOW_CLERK)
def workbench(request):
    return render(request, "approvals/workbench.html")


@role_required(Role.REVIEWER)
def review_queue(request):
    return render(request, "approvals/review_queue.html")


@role_required(Role.APPROVER)
def decide_queue(request):
    return render(request, "approvals/decide_queue.html")
