"""Reads of the oversight part: cases, overdue records with who was responsible, review counts."""

from collections import Counter

from django.db.models import Count, Q, QuerySet

from accountability.models import Case, OverdueRecord, ReviewDraw, ReviewFinding
from catalog.selectors import liaison_departments
from core.errors import NotFound
from core.roles import Role, has_role


def open_case_deadlines() -> QuerySet[Case]:
    """Open cases with a deadline (a monitoring kind), one query."""
    return (
        Case.objects.filter(status__in=Case.OPEN_STATUSES, deadline__isnull=False)
        .select_related("department", "assignee")
        .order_by("deadline", "pk")
    )


def cases_for(user) -> QuerySet[Case]:
    """Inspectors: every case. Liaisons: the cases assigned to their department (read-only).
    Anyone else: none."""
    qs = Case.objects.select_related("department", "assignee", "opened_by")
    if has_role(user, Role.INSPECTOR):
        return qs
    if has_role(user, Role.LIAISON):
        return qs.filter(department__in=liaison_departments(user))
    return qs.none()


def case_for(user, pk) -> Case:
    try:
        return cases_for(user).get(pk=pk)
    except Case.DoesNotExist:
        raise NotFound() from None


def overdue_records_for(user) -> QuerySet[OverdueRecord]:
    """Overdue records: inspectors all, liaisons their departments' only, others none. The
    object, its item version (responsible post) and the department are joined in: one query."""
    qs = OverdueRecord.objects.select_related(
        "push",
        "report",
        "application",
        "application__item_version",
        "department",
    )
    if has_role(user, Role.INSPECTOR):
        return qs
    if has_role(user, Role.LIAISON):
        return qs.filter(department__in=liaison_departments(user))
    return qs.none()


def review_counts(draws: QuerySet[ReviewDraw] | None = None) -> dict:
    """Findings counted per item category (the catalog's 事项类别, its sections) and per staff
    member (the reviewer of the case), by verdict: {"by_category": {cat: Counter},
    "by_staff": {name: Counter}}. One query; the statistics page may call it."""
    qs = ReviewFinding.objects.exclude(verdict="")
    if draws is not None:
        qs = qs.filter(draw__in=draws)
    rows = qs.values(
        "application__item_version__category",
        "application__reviewed_by__username",
        "application__reviewed_by__first_name",
        "verdict",
    ).annotate(n=Count("pk"))
    by_category: dict[str, Counter] = {}
    by_staff: dict[str, Counter] = {}
    for r in rows:
        cat = r["application__item_version__category"] or "—"
        staff = (
            r["application__reviewed_by__first_name"]
            or r["application__reviewed_by__username"]
            or "—"
        )
        by_category.setdefault(cat, Counter())[r["verdict"]] += r["n"]
        by_staff.setdefault(staff, Counter())[r["verdict"]] += r["n"]
    return {"by_category": by_category, "by_staff": by_staff}


def pending_findings_q() -> Q:
    return Q(verdict="")
