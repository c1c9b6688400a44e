"""Pages of the statistics (namespace accountability)."""

urlpatterns: list = []
