"""URLs of the supervision pages (liaison inbox, bureau returned list and reports)."""

from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("pushes/<id:pk>/", views.push_detail, name="push_detail"),
    path("pushes/<id:pk>/claim/", views.push_claim, name="push_claim"),
    path("pushes/<id:pk>/feedback/", views.push_feedback, name="push_feedback"),
    path("pushes/<id:pk>/return/", views.push_return, name="push_return"),
    path("pushes/<id:pk>/reroute/", views.push_reroute, name="push_reroute"),
    path("pushes/<id:pk>/reject-return/", views.push_reject_return, name="push_reject_return"),
    path("pushes/<id:pk>/close-return/", views.push_close_return, name="push_close_return"),
    path("export.csv", views.export, name="export"),
    path("returned/", views.returned, name="returned"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<id:pk>/", views.report_detail, name="report_detail"),
    path(
        "reports/<id:pk>/attachment/",
        views.report_attachment,
        name="report_attachment",
    ),
    path("reports/<id:pk>/claim/", views.report_claim, name="report_claim"),
    path("reports/<id:pk>/follow-up/", views.report_follow_up, name="report_follow_up"),
    path("notifications/", views.notifications, name="notifications"),
]

from supervision.routes import PARTS  # noqa: E402

for _part in PARTS:
    urlpatterns += _part.urlpatterns
