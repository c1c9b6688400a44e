"""Pages of the bureau: workbench, queues, the application list and detail, each action as its
own POST URL, and the printable documents."""

from django.urls import path

from approvals import views

app_name = "approvals"
urlpatterns = [
    path("window/", views.workbench, name="workbench"),
    path("review/", views.review_queue, name="review_queue"),
    path("decide/", views.decide_queue, name="decide_queue"),
    path("applications/", views.application_list, name="list"),
    path("applications/<int:pk>/", views.application_detail, name="detail"),
    path("applications/<int:pk>/reveal-id/", views.reveal_id_number, name="reveal_id"),
    path("applications/<int:pk>/files/<int:file_id>/", views.material_file, name="file"),
    path("applications/<int:pk>/documents/<slug:kind>/", views.document, name="document"),
    path(
        "applications/<int:pk>/documents/<slug:kind>.pdf",
        views.document,
        {"fmt": "pdf"},
        name="document_pdf",
    ),
]
# One URL (and URL name) per action: approvals:accept, approvals:request-correction, ...
urlpatterns += [
    path(
        f"applications/<int:pk>/{action}/",
        views.application_action,
        {"action": action},
        name=action,
    )
    for action in views.ACTIONS
]
