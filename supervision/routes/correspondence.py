"""Routes of issue 14 part "correspondence"."""

from django.urls import path

from supervision.api import correspondence as api
from supervision.views import correspondence as views

urlpatterns: list = [
    path("correspondence/", views.correspondence, name="correspondence"),
    path("correspondence/new/", views.correspondence_new, name="correspondence_new"),
    path("correspondence/paper/new/", views.paper_new, name="paper_new"),
    path("correspondence/<id:pk>/", views.correspondence_detail, name="correspondence_detail"),
    path(
        "correspondence/<id:pk>/attachment/",
        views.correspondence_attachment,
        name="correspondence_attachment",
    ),
    path("correspondence/<id:pk>/claim/", views.correspondence_claim, name="correspondence_claim"),
    path("inquiries/new/", views.inquiry_new, name="inquiry_new"),
    path("inquiries/<id:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("inquiries/<id:pk>/reply/", views.inquiry_reply, name="inquiry_reply"),
    path("inquiries/<id:pk>/close/", views.inquiry_close, name="inquiry_close"),
    path("inquiries/<id:pk>/attachment/", views.inquiry_attachment, name="inquiry_attachment"),
]
api_urlpatterns: list = api.urlpatterns
