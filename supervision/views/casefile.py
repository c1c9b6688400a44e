"""The case file pages (电子档案): the file of a push, its archived decision letter, a
material's file. Scope and audit are supervision.services.casefile's."""

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from approvals import archive
from core.errors import NotFound
from core.views import role_required
from supervision.services import casefile as svc
from supervision.views._common import _context


@role_required(*svc.READERS)
@require_GET
def push_case_file(request, pk):
    try:
        case = svc.open_case_file(user=request.user, push_id=pk)
    except NotFound:
        raise Http404 from None
    response = render(
        request, "supervision/casefile/case_file.html", _context(request, case=case, push=case.push)
    )
    response["Cache-Control"] = "no-store"
    return response


@role_required(*svc.READERS)
@require_GET
def push_case_file_letter(request, pk):
    try:
        _push, letter = svc.case_file_letter(user=request.user, push_id=pk)
    except NotFound:
        raise Http404 from None
    toolbar = {
        "back_url": reverse("supervision:push_case_file", args=[pk]),
        "back_label": _("返回电子档案"),
    }
    response = HttpResponse(archive.served_html(letter, toolbar_context=toolbar))
    response["Cache-Control"] = "no-store"
    return response


@role_required(*svc.READERS)
@require_GET
def push_case_file_material(request, pk, material_id):
    try:
        stored = svc.case_file_material(user=request.user, push_id=pk, material_id=material_id)
    except NotFound:
        raise Http404 from None
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle, content_type=stored.content_type, filename=stored.original_name, as_attachment=True
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    return response
