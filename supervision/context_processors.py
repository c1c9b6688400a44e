"""The unread-notification count for the base layout's badge (one COUNT on an indexed column;
no query at all for anonymous visitors)."""

from supervision.selectors import unread_count


def notifications(request):
    user = getattr(request, "user", None)
    return {"unread_notifications": unread_count(user) if user is not None else 0}
