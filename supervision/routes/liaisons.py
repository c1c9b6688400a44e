"""Routes of issue 14 part "liaisons"."""

from django.urls import path

from supervision.views import liaisons as views

urlpatterns: list = [
    path("liaisons/", views.liaisons, name="liaisons"),
    path("liaisons/bureau/", views.liaison_file, name="liaison_file"),
    path("liaisons/<id:pk>/end/", views.liaison_end, name="liaison_end"),
]
api_urlpatterns: list = []
