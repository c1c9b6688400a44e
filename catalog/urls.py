"""Public catalog pages (no login): the searchable catalog and each item's guide."""

app_name = "catalog"
urlpatterns: list = []
