"""Inspector pages (namespace accountability): each part keeps its own routes."""

from django.urls import path

from accountability import views
from accountability.oversight.urls import urlpatterns as oversight
from accountability.reports.urls import urlpatterns as reports
from accountability.statistics.urls import urlpatterns as statistics

app_name = "accountability"
urlpatterns = [path("", views.dashboard, name="dashboard"), *oversight, *statistics, *reports]
