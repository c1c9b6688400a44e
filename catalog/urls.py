"""Public catalog pages (no login): the searchable catalog and each item's guide."""

from django.urls import path

from catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.item_list, name="list"),
    path("<str:code>/", views.guide, name="guide"),
    path("<str:code>/notice/", views.notice, name="notice"),
]
