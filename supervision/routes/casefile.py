"""Routes of issue 14 part "casefile"."""

from django.urls import path, re_path

from supervision.api.casefile import PushCaseFileView
from supervision.views import casefile as views

urlpatterns: list = [
    path("pushes/<id:pk>/case-file/", views.push_case_file, name="push_case_file"),
    path(
        "pushes/<id:pk>/case-file/letter/",
        views.push_case_file_letter,
        name="push_case_file_letter",
    ),
    path(
        "pushes/<id:pk>/case-file/materials/<id:material_id>/",
        views.push_case_file_material,
        name="push_case_file_material",
    ),
]
api_urlpatterns: list = [
    re_path(
        r"^pushes/(?P<pk>[0-9]{1,18})/case-file/$",
        PushCaseFileView.as_view(),
        name="push-case-file",
    ),
]
