"""Template tags for the admin: the banner that says official working-day data runs out."""

from django import template
from django.db import DatabaseError
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("workdays/calendar_banner.html", takes_context=True)
def calendar_banner(context):
    """Shown to staff on every admin page while services.official_data_warning() says so."""
    from workdays import services
    from workdays.admin import can_enter_year

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return {"message": None}
    try:
        message = services.official_data_warning()
    except DatabaseError:  # not migrated yet: the admin must still render
        return {"message": None}
    enter_url = reverse("admin:workdays_calendaryear_enter") if can_enter_year(user) else None
    return {"message": message, "enter_url": enter_url}
