"""The printable documents of an application, HTML or PDF: the frozen archive copy (电子档案)
for everything issued since the archive exists, a live copy (marked as such) for older ones."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import archive, documents
from approvals.models import IssuedDocument
from approvals.views._common import (
    READERS,
    detail_or_404,
)
from core.errors import NotFound
from core.views import role_required


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _archived_response(request, app, doc: IssuedDocument, fmt: str, pdf_url: str) -> HttpResponse:
    if fmt == "pdf" or request.GET.get("format") == "pdf":
        filename = documents.pdf_filename(app, doc.kind)
        try:
            return _pdf_response(archive.read_pdf(doc), filename)
        except archive.StoredCopyMissing:
            return HttpResponse(
                _("存档 PDF 缺失或与登记的 SHA-256 不符,请联系管理员。"),
                status=503,
                content_type="text/plain; charset=utf-8",
                headers={"Retry-After": "3600"},
            )
    toolbar = {"app": app, "pdf_url": pdf_url}
    return HttpResponse(archive.served_html(doc, toolbar_context=toolbar))


@role_required(*READERS)
@require_GET
def document(request, pk, kind, fmt="html"):
    """The application's document of a kind: the last one issued (a correction requested twice
    has two notices: each has its own archive URL), else a live copy for an old application."""
    app = detail_or_404(request.user, pk)
    if kind not in documents.KINDS:
        raise Http404
    doc = archive.latest_of_kind(app, kind)
    if doc is not None:
        pdf_url = reverse("approvals:document_pdf", args=[app.pk, kind])
        return _archived_response(request, app, doc, fmt, pdf_url)
    try:
        context = documents.context_for(app, kind)
    except NotFound:
        raise Http404 from None
    if fmt == "pdf" or request.GET.get("format") == "pdf":
        return _pdf_response(documents.render_pdf(context), documents.pdf_filename(app, kind))
    context["pdf_url"] = reverse("approvals:document_pdf", args=[app.pk, kind])
    return HttpResponse(documents.render_html(context, request=request))


@role_required(*READERS)
@require_GET
def archived_document(request, pk, document_id, fmt="html"):
    """One issued document by its archive id; another application's id is not found."""
    app = detail_or_404(request.user, pk)
    try:
        doc = archive.document_of(app, document_id)
    except IssuedDocument.DoesNotExist:
        raise Http404 from None
    pdf_url = reverse("approvals:archived_document_pdf", args=[app.pk, doc.pk])
    return _archived_response(request, app, doc, fmt, pdf_url)


def _link_key(doc: IssuedDocument) -> str:
    if doc.kind != documents.DECISION or doc.decision.kind in ("approve", "deny"):
        return doc.kind
    return f"decision-{doc.decision.kind}"


def detail_context(app, user) -> dict:
    """What the documents part adds to the application page (approvals/_detail_documents.html):
    every document issued on it, its decision letters on later decisions too (one query)."""
    issued = list(archive.documents_of(app))
    last_of_kind = {}
    for doc in issued:
        last_of_kind[_link_key(doc)] = doc.pk
    for doc in issued:
        key = _link_key(doc)
        # The last of each kind answers to the kind's own test id (doc-receipt, doc-decision
        # for the approve / deny letter, doc-decision-revoke …); earlier ones carry their id.
        doc.testid = f"doc-{key}" if last_of_kind[key] == doc.pk else f"doc-{key}-{doc.pk}"
    # The page's 文书 card keeps only what the archive does not hold: documents issued before
    # it existed, printed live (this key replaces the page's own list).
    archived = {doc.kind for doc in issued}
    legacy = documents.available(app, None, archived_kinds=archived)
    return {"issued_documents": issued, "documents": legacy}
