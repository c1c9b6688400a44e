"""Routes of issue 14 part "meetings"."""

urlpatterns: list = []
api_urlpatterns: list = []
