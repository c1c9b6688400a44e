"""Pages of the audit trail (namespace audit), inspectors only."""

from django.urls import path

from audit import views

app_name = "audit"
urlpatterns = [
    path("", views.events, name="events"),
    path("events/<id:pk>/", views.event_detail, name="event_detail"),
    path("export.xlsx", views.export, name="export"),
    path("verify/", views.verify, name="verify"),
]
