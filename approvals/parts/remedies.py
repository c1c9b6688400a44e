"""Routes of the remedies part (see approvals/parts/__init__.py): 复议 / 诉讼 pages and API."""

from django.urls import path

from approvals.api.remedies import RemedyViewSet
from approvals.views import remedies as views

urlpatterns: list = [
    path("remedies/", views.remedy_list, name="remedy_list"),
    path("remedies/<id:pk>/", views.remedy_detail, name="remedy_detail"),
    path("decisions/<id:pk>/remedies/new/", views.remedy_new, name="remedy_new"),
    *[
        path(
            f"remedies/<id:pk>/{action}/",
            views.remedy_action,
            {"action": action},
            name=f"remedy_{action}",
        )
        for action in views.ACTION_FORMS
    ],
]

_list = RemedyViewSet.as_view({"get": "list", "post": "create"})
_detail = RemedyViewSet.as_view({"get": "retrieve"})
api_urlpatterns: list = [
    path("remedies/", _list, name="remedy-list"),
    path("remedies/<id:pk>/", _detail, name="remedy-detail"),
    path("remedies/<id:pk>/reply/", RemedyViewSet.as_view({"post": "reply"}), name="remedy-reply"),
    path(
        "remedies/<id:pk>/outcome/",
        RemedyViewSet.as_view({"post": "outcome"}),
        name="remedy-outcome",
    ),
    path(
        "remedies/<id:pk>/resolve/",
        RemedyViewSet.as_view({"post": "resolve"}),
        name="remedy-resolve",
    ),
]
public_urlpatterns: list = []
