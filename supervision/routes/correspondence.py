"""Routes of issue 14 part "correspondence"."""

urlpatterns: list = []
api_urlpatterns: list = []
