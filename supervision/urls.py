"""URLs of the supervision pages (liaison inbox, bureau returned list and reports)."""

from django.urls import path

from supervision import views

app_name = "supervision"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("pushes/<int:pk>/", views.push_detail, name="push_detail"),
    path("pushes/<int:pk>/claim/", views.push_claim, name="push_claim"),
    path("pushes/<int:pk>/feedback/", views.push_feedback, name="push_feedback"),
    path("pushes/<int:pk>/return/", views.push_return, name="push_return"),
    path("pushes/<int:pk>/reroute/", views.push_reroute, name="push_reroute"),
    path("export.csv", views.export, name="export"),
    path("returned/", views.returned, name="returned"),
    path("reports/", views.reports, name="reports"),
    path("reports/new/", views.report_new, name="report_new"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/attachment/", views.report_attachment, name="report_attachment"),
    path("reports/<int:pk>/claim/", views.report_claim, name="report_claim"),
    path("reports/<int:pk>/follow-up/", views.report_follow_up, name="report_follow_up"),
    path("notifications/", views.notifications, name="notifications"),
]
