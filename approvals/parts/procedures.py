"""Routes of the procedures part (see approvals/parts/__init__.py): the permit page, the
procedure queues and page with one POST URL per action; the API's procedures and the start of a
procedure on a permit."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from approvals.api.procedures import PermitProcedureStart, ProcedureViewSet
from approvals.views import procedures as views

_router = SimpleRouter()
_router.register("procedures", ProcedureViewSet, basename="procedures")

urlpatterns: list = [
    path("permits/<str:number>/", views.permit_detail, name="permit_detail"),
    path("permits/<str:number>/procedures/", views.start, name="procedure_start"),
    path("procedures/", views.procedure_list, name="procedure_list"),
    path("procedures/<id:pk>/", views.procedure_detail, name="procedure_detail"),
    *[
        path(
            f"procedures/<id:pk>/{slug}/",
            views.procedure_action,
            {"action": slug},
            name=f"procedure_{slug.replace('-', '_')}",
        )
        for slug in views.ACTIONS
    ],
]
api_urlpatterns: list = [
    path(
        "permits/<str:number>/procedures/",
        PermitProcedureStart.as_view(),
        name="permit-procedures",
    ),
    *_router.urls,
]
public_urlpatterns: list = []
