"""API v1 routes of the oversight part (under /api/v1/)."""

urlpatterns: list = []
