"""API routes of the catalog (mounted under /api/v1/)."""

from django.urls import path

from catalog.api import DepartmentList

urlpatterns = [
    path("departments/", DepartmentList.as_view(), name="departments"),
]
