"""Routes of issue 14 part "events"."""

urlpatterns: list = []
api_urlpatterns: list = []
