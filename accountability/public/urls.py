"""Public pages, no login (namespace public): progress lookup, 好差评, complaints, 双公示."""

app_name = "public"
urlpatterns: list = []
