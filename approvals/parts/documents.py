"""Routes of the documents part (see approvals/parts/__init__.py): one issued document of the
archive (电子档案) by its id, HTML or the stored PDF."""

from django.urls import path

from approvals.views import documents

urlpatterns: list = [
    path(
        "applications/<id:pk>/archive/<id:document_id>/",
        documents.archived_document,
        name="archived_document",
    ),
    path(
        "applications/<id:pk>/archive/<id:document_id>.pdf",
        documents.archived_document,
        {"fmt": "pdf"},
        name="archived_document_pdf",
    ),
]
api_urlpatterns: list = []
public_urlpatterns: list = []
