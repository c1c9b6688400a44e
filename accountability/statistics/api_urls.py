"""API v1 routes of the statistics part (under /api/v1/)."""

from django.urls import path

from accountability.statistics.api import StatisticsSummaryView

urlpatterns: list = [
    path("statistics/summary/", StatisticsSummaryView.as_view(), name="statistics-summary"),
]
