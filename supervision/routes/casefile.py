"""Routes of issue 14 part "casefile"."""

urlpatterns: list = []
api_urlpatterns: list = []
