"""Public catalog pages (no login): the searchable list of published items, each item's guide
(办事指南, 一单式公开) and its printable one-time notice of materials (一次性告知单)."""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from catalog import selectors
from catalog.models import Department
from core.errors import NotFound

PAGE_SIZE = 50


@require_GET
def item_list(request):
    q = request.GET.get("q", "").strip()[:100]
    department = request.GET.get("department", "").strip()[:40]
    category = request.GET.get("category", "").strip()[:50]
    versions = selectors.search_published_versions(q=q, department=department, category=category)
    page = Paginator(versions, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalog/item_list.html",
        {
            "page": page,
            "versions": page.object_list,
            "q": q,
            "department": department,
            "category": category,
            "departments": Department.objects.order_by("code"),
            "categories": selectors.published_categories(),
            "querystring": query.urlencode(),
        },
    )


def _published(code: str):
    try:
        return selectors.published_version_for(code)
    except NotFound:
        raise Http404 from None


@require_GET
def guide(request, code):
    return render(request, "catalog/guide.html", {"version": _published(code)})


@require_GET
def notice(request, code):
    return render(request, "catalog/notice.html", {"version": _published(code)})
