"""Routes of issue 14 part "feedback"."""

from django.urls import path

from supervision.views import feedback as views

urlpatterns: list = [
    path("reports/<id:pk>/close/", views.report_close, name="report_close"),
]
api_urlpatterns: list = []
