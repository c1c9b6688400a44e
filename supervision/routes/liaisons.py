"""Routes of issue 14 part "liaisons"."""

urlpatterns: list = []
api_urlpatterns: list = []
