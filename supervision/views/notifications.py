"""站内通知: the list, and marking them read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.converters import parse_id
from supervision import selectors, services
from supervision.views._common import _context, _next_or, _page

# --- notifications --------------------------------------------------------------------------------


@login_required
def notifications(request):
    """站内通知: GET lists them; POST marks one (`id`) or all unread as read."""
    if request.method == "POST":
        ids = None
        if request.POST.get("id"):
            # Checked before the query: a junk or 20-digit id marks nothing (it used to overflow).
            number = parse_id(request.POST["id"])
            ids = [number] if number is not None else []
        count = services.mark_notifications_read(user=request.user, ids=ids)
        messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
        return redirect(_next_or(request, reverse("supervision:notifications")))
    page = _page(request, request.user.notifications.all(), size=30)
    return render(
        request,
        "supervision/notifications.html",
        _context(
            request,
            page=page,
            rows=list(page.object_list),
            unread_here=selectors.unread_count(request.user),
        ),
    )
