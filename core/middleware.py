"""Request guards that hold for every page and API endpoint alike."""

from urllib.parse import parse_qsl

from django.http import JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

from core.api import error_body
from core.text import describe, forbidden_character

_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _first_forbidden(request) -> tuple[str, str] | None:
    """(where, character) for the first forbidden character in the path, the query string or a
    form field (keys and values; files are checked by type elsewhere)."""
    bad = forbidden_character(request.path)
    if bad:
        return "path", bad
    sources = [("query", request.GET.lists())]
    if request.method == "POST" and request.content_type in _FORM_TYPES:
        if not request.path.startswith("/api/"):
            sources.append(("form", request.POST.lists()))
        elif request.content_type == "application/x-www-form-urlencoded":
            # Not request.POST: DRF must still see the raw body (and answer 415 where a view
            # takes JSON only). The body is bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; multipart
            # API bodies (uploads) are left to the serializers.
            pairs = parse_qsl(request.body.decode("utf-8", "replace"), keep_blank_values=True)
            sources.append(("form", ((k, [v]) for k, v in pairs)))
    for where, data in sources:
        for key, values in data:
            for text in (key, *values):
                bad = forbidden_character(text)
                if bad:
                    return key if where == "form" else where, bad
    return None


class ForbiddenCharactersMiddleware:
    """NUL and other control characters in a path, a query parameter or a form field are
    refused here, before any view runs or any query reaches the database: the API answers 400
    `invalid_characters`, a page answers the Chinese 400 page saying why."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = _first_forbidden(request)
        if found is None:
            return self.get_response(request)
        where, char = found
        message = _("请求中含有不允许的控制字符(%(c)s),请删除后重试。") % {"c": describe(char)}
        if request.path.startswith("/api/"):
            fields = {where: [message]} if where not in ("path", "query") else None
            return JsonResponse(error_body("invalid_characters", message, fields), status=400)
        # No RequestContext: nothing on this page may touch the database or the session.
        html = loader.render_to_string("400_plain.html", {"message": message})
        return _html(html, status=400)


def _html(content: str, *, status: int):
    from django.http import HttpResponse

    return HttpResponse(content, status=status, content_type="text/html; charset=utf-8")
