"""The reviewer's and approver's queues and the application list, due dates coloured."""

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone

from approvals import forms, selectors
from approvals.views._common import (
    READERS,
    paginate,
)
from catalog.selectors import (
    published_categories,
)
from core.roles import Role
from core.views import role_required


@role_required(Role.REVIEWER)
def review_queue(request):
    form = forms.QueueFilterForm(request.GET or None, categories=published_categories())
    queryset = selectors.review_queue(request.user)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["category"]:
            queryset = queryset.filter(item_version__category=data["category"])
        if data["due_from"]:
            queryset = queryset.filter(due_date__gte=data["due_from"])
        if data["due_to"]:
            queryset = queryset.filter(due_date__lte=data["due_to"])
    page, query = paginate(request, queryset)
    return render(
        request, "approvals/review_queue.html", {"form": form, "page": page, "query": query}
    )


@role_required(Role.APPROVER)
def decide_queue(request):
    page, query = paginate(request, selectors.decide_queue(request.user))
    return render(request, "approvals/decide_queue.html", {"page": page, "query": query})


@role_required(*READERS)
def application_list(request):
    form = forms.ApplicationFilterForm(request.GET or None)
    queryset = selectors.applications_for(request.user).order_by("-submitted_at", "-pk")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["item"]:
            queryset = queryset.filter(
                Q(item_version__name__icontains=data["item"])
                | Q(item_version__item__code__iexact=data["item"])
            )
        if data["receipt"]:
            queryset = queryset.filter(receipt_number__icontains=data["receipt"].strip())
        if data["applicant"]:
            queryset = queryset.filter(
                Q(applicant__name__icontains=data["applicant"])
                | Q(applicant__id_number=data["applicant"].upper())
            )
        if data["overdue"]:
            queryset = queryset.overdue(timezone.now()).order_by("due_at", "pk")
    page, query = paginate(request, queryset)
    return render(
        request, "approvals/application_list.html", {"form": form, "page": page, "query": query}
    )
