"""Routes of issue 14 part "checks"."""

urlpatterns: list = []
api_urlpatterns: list = []
