"""What approvals discloses to the public, read by accountability's public pages: one
application's progress (进度查询) and the decisions on permits (双公示: granted, changed, revoked,
cancelled). Reads only; personal data stays out (names of persons masked, no ID numbers)."""

import datetime

from django.db.models import QuerySet

from approvals.models import Application, Decision, Permit

# The decisions 双公示 publishes (行政许可 granted, changed, revoked, cancelled).
DISCLOSED_KINDS = (
    Decision.Kind.APPROVE,
    Decision.Kind.CHANGE,
    Decision.Kind.REVOKE,
    Decision.Kind.CANCEL,
)

DELIVERED = Application.Status.DELIVERED


def progress_key(receipt_number: str) -> tuple[int, str] | None:
    """(application id, the applicant's ID number) for a receipt number, or None: always
    exactly one query returning two plain values, so a caller does the same small work for a
    number that does not exist (no model is built either way)."""
    return (
        Application.objects.filter(receipt_number=receipt_number)
        .values_list("pk", "applicant__id_number")
        .first()
    )


def application_for_progress(application_id: int) -> Application:
    """The fields the progress page shows (status, item name, four dates), after a match."""
    return (
        Application.objects.select_related("item_version")
        .only(
            "pk",
            "status",
            "receipt_number",
            "accepted_at",
            "due_date",
            "decided_at",
            "delivered_at",
            "item_version__name",
        )
        .get(pk=application_id)
    )


def application_by_id(application_id: int) -> Application:
    """One application for a rating (by id from a signed token or a window page)."""
    return Application.objects.select_related("applicant", "item_version").get(pk=application_id)


def is_delivered(application: Application) -> bool:
    return application.status == DELIVERED


def application_by_receipt(receipt_number: str) -> Application | None:
    """An application by receipt number (a complaint's optional reference), or None."""
    if not receipt_number:
        return None
    return Application.objects.filter(receipt_number=receipt_number).only("pk").first()


def disclosed_decisions(
    *,
    item_code: str | None = None,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet:
    """双公示 rows, newest first: each decision with its permit, holder and item in one query.
    A change names the new permit (the decision's permit), a revocation or cancellation the
    permit it ended. Dates are Asia/Shanghai days of decided_at (USE_TZ: __date converts)."""
    qs = (
        Decision.objects.filter(kind__in=DISCLOSED_KINDS, permit__isnull=False)
        .select_related("permit", "permit__holder", "permit__item_version__item")
        .only(
            "pk",
            "number",
            "kind",
            "decided_at",
            "permit__number",
            "permit__holder_name",
            "permit__status",
            "permit__valid_from",
            "permit__valid_until",
            "permit__holder__kind",
            "permit__item_version__name",
            "permit__item_version__item__code",
        )
        .order_by("-decided_at", "-pk")
    )
    if item_code:
        qs = qs.filter(permit__item_version__item__code=item_code)
    if date_from:
        qs = qs.filter(decided_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(decided_at__date__lte=date_to)
    return qs


def disclosed_items() -> list[tuple[str, str]]:
    """(item code, name) of the items that have a disclosed decision, for the filter."""
    rows = (
        Permit.objects.filter(decisions__kind__in=DISCLOSED_KINDS)
        .values_list("item_version__item__code", "item_version__name")
        .distinct()
        .order_by("item_version__item__code", "item_version__name")
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code, name)
    return sorted(seen.items())
