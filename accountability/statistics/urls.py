"""Pages of the statistics (namespace accountability)."""

from django.urls import path

from accountability.statistics import views

urlpatterns: list = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/export.xlsx", views.statistics_export, name="statistics_export"),
    path("statistics/definitions/", views.statistics_definitions, name="statistics_definitions"),
]
