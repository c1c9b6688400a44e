"""Routes of issue 14 part "checks"."""

from django.urls import path

from supervision.api import checks as api
from supervision.views import checks as views

urlpatterns: list = [
    path("checks/", views.checks, name="checks"),
    path("checks/<id:pk>/", views.check_detail, name="check_detail"),
]
api_urlpatterns: list = api.urlpatterns
