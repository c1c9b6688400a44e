"""The liaison's pages."""

from django.shortcuts import render

from catalog.selectors import liaison_department
from core.roles import Role
from core.views import role_required


@role_required(Role.LIAISON)
def inbox(request):
    return render(
        request, "supervision/inbox.html", {"department": liaison_department(request.user)}
    )
