"""API routes of the working-day calendar (mounted under /api/v1/)."""

urlpatterns: list = []
