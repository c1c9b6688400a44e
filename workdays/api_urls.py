"""API routes of the working-day calendar (mounted under /api/v1/)."""

from django.urls import path

from workdays.api import AddWorkingDaysView

urlpatterns = [
    path(
        "calendar/add-working-days/",
        AddWorkingDaysView.as_view(),
        name="calendar-add-working-days",
    ),
]
