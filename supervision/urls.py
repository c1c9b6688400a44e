"""URLs of the supervision pages (liaison inbox, bureau returned list and reports)."""

from django.urls import path, register_converter

from supervision import views
from supervision.converters import PositiveIdConverter

# A name of its own: approvals registers its converter too, and Django refuses a name twice.
register_converter(PositiveIdConverter, "supervision_id")

app_name = "supervision"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("pushes/<supervision_id:pk>/", views.push_detail, name="push_detail"),
    path("pushes/<supervision_id:pk>/claim/", views.push_claim, name="push_claim"),
    path("pushes/<supervision_id:pk>/feedback/", views.push_feedback, name="push_feedback"),
    path("pushes/<supervision_id:pk>/return/", views.push_return, name="push_return"),
    path("pushes/<supervision_id:pk>/reroute/", views.push_reroute, name="push_reroute"),
    path("export.csv", views.export, name="export"),
    path("returned/", views.returned, name="returned"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<supervision_id:pk>/", views.report_detail, name="report_detail"),
    path(
        "reports/<supervision_id:pk>/attachment/",
        views.report_attachment,
        name="report_attachment",
    ),
    path("reports/<supervision_id:pk>/claim/", views.report_claim, name="report_claim"),
    path("reports/<supervision_id:pk>/follow-up/", views.report_follow_up, name="report_follow_up"),
    path("notifications/", views.notifications, name="notifications"),
]
