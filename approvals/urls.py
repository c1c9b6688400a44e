"""Pages of the bureau: workbench, queues, the application list and detail, each action as its
own POST URL, and the printable documents."""

from django.urls import path

from approvals import views
from approvals.parts import collect
from approvals.views import parties

app_name = "approvals"
urlpatterns = [
    path("window/", views.workbench, name="workbench"),
    path("review/", views.review_queue, name="review_queue"),
    path("decide/", views.decide_queue, name="decide_queue"),
    path("applications/", views.application_list, name="list"),
    path("applications/<id:pk>/", views.application_detail, name="detail"),
    path("applications/<id:pk>/reveal-id/", views.reveal_id_number, name="reveal_id"),
    path(
        "applications/<id:pk>/files/<id:file_id>/",
        views.material_file,
        name="file",
    ),
    path(
        "applications/<id:pk>/authorization-letter/",
        parties.authorization_letter,
        name="authorization_letter",
    ),
    path("applications/<id:pk>/documents/<slug:kind>/", views.document, name="document"),
    path(
        "applications/<id:pk>/documents/<slug:kind>.pdf",
        views.document,
        {"fmt": "pdf"},
        name="document_pdf",
    ),
]
# One URL (and URL name) per action: approvals:accept, approvals:request-correction, ...
urlpatterns += [
    path(
        f"applications/<id:pk>/{action}/",
        views.application_action,
        {"action": action},
        name=action,
    )
    for action in views.ACTIONS
]

# The parts' pages (documents, procedures, branches, remedies …).
urlpatterns += collect("urlpatterns")
