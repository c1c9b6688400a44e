"""Pages of the monthly 通报 (namespace accountability)."""

urlpatterns: list = []
