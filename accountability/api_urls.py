"""API v1 routes of accountability (under /api/v1/)."""

from accountability.oversight.api_urls import urlpatterns as oversight
from accountability.statistics.api_urls import urlpatterns as statistics

urlpatterns = [*oversight, *statistics]
