"""API routes of the catalog (mounted under /api/v1/)."""

from django.urls import path

from catalog.api import DepartmentList, ItemDetail, ItemList

urlpatterns = [
    path("departments/", DepartmentList.as_view(), name="departments"),
    path("catalog/items/", ItemList.as_view(), name="catalog-items"),
    path("catalog/items/<str:code>/", ItemDetail.as_view(), name="catalog-item"),
]
