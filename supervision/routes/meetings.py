"""Routes of issue 14 part "meetings"."""

from django.urls import path

from supervision.api import meetings as api
from supervision.views import meetings as views

urlpatterns: list = [
    path("meetings/", views.meetings, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting_new"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<id:pk>/attachment/", views.meeting_attachment, name="meeting_attachment"),
    path("meeting-tasks/<id:pk>/done/", views.meeting_task_done, name="meeting_task_done"),
]
api_urlpatterns: list = api.urlpatterns
