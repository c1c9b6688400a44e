"""Routes of issue 14 part "feedback"."""

urlpatterns: list = []
api_urlpatterns: list = []
