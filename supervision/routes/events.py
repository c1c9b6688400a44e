"""Routes of issue 14 part "events"."""

from django.urls import path

from supervision.api.events import EventFeedView

urlpatterns: list = []
api_urlpatterns: list = [path("events/", EventFeedView.as_view(), name="events")]
