"""The printable documents of an application (notices and decisions), HTML or PDF."""

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from approvals import documents
from approvals.views._common import (
    READERS,
    detail_or_404,
)
from core.errors import NotFound
from core.views import role_required


@role_required(*READERS)
@require_GET
def document(request, pk, kind, fmt="html"):
    app = detail_or_404(request.user, pk)
    try:
        context = documents.context_for(app, kind)
    except NotFound:
        raise Http404 from None
    if fmt == "pdf" or request.GET.get("format") == "pdf":
        response = HttpResponse(documents.render_pdf(context), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{documents.pdf_filename(app, kind)}"'
        return response
    context["pdf_url"] = reverse("approvals:document_pdf", args=[app.pk, kind])
    return HttpResponse(documents.render_html(context, request=request))


def detail_context(app, user) -> dict:
    """What the documents part adds to the application page (approvals/_detail_documents.html)."""
    return {}
