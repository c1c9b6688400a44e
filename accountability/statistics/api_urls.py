"""API v1 routes of the statistics part (under /api/v1/)."""

urlpatterns: list = []
