"""Pages of the bureau: workbench, queues, the application list and detail, each action as its
own POST URL, and the printable documents."""

from django.urls import path, register_converter

from approvals import views
from approvals.converters import PositiveIdConverter

register_converter(PositiveIdConverter, "approvals_id")

app_name = "approvals"
urlpatterns = [
    path("window/", views.workbench, name="workbench"),
    path("review/", views.review_queue, name="review_queue"),
    path("decide/", views.decide_queue, name="decide_queue"),
    path("applications/", views.application_list, name="list"),
    path("applications/<approvals_id:pk>/", views.application_detail, name="detail"),
    path("applications/<approvals_id:pk>/reveal-id/", views.reveal_id_number, name="reveal_id"),
    path(
        "applications/<approvals_id:pk>/files/<approvals_id:file_id>/",
        views.material_file,
        name="file",
    ),
    path("applications/<approvals_id:pk>/documents/<slug:kind>/", views.document, name="document"),
    path(
        "applications/<approvals_id:pk>/documents/<slug:kind>.pdf",
        views.document,
        {"fmt": "pdf"},
        name="document_pdf",
    ),
]
# One URL (and URL name) per action: approvals:accept, approvals:request-correction, ...
urlpatterns += [
    path(
        f"applications/<approvals_id:pk>/{action}/",
        views.application_action,
        {"action": action},
        name=action,
    )
    for action in views.ACTIONS
]
