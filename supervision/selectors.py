"""Who sees which pushes and reports: ONE place for department scoping, used by every page,
export, API list and service (design rule 6). Outside the caller's scope is 404, like missing."""

from catalog.selectors import liaison_departments
from core.errors import NotFound
from core.roles import Role, has_role, roles_of
from supervision.models import Push, SupervisionReport, WebhookDelivery

BUREAU_REPORT_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)


def liaison_department_ids(user) -> list[int]:
    """The departments a liaison acts for (ids), read once per request's user; [] for anyone
    who is not a liaison. Every supervision scope (pushes, reports, correspondence, meetings)
    starts from it."""
    if not has_role(user, Role.LIAISON):
        return []
    cached = getattr(user, "_oneseal_liaison_departments", None)
    if cached is None:
        cached = list(liaison_departments(user).values_list("pk", flat=True))
        user._oneseal_liaison_departments = cached
    return cached


_department_ids = liaison_department_ids


def pushes_for(user):
    """Pushes a user may see: a liaison their department's, an inspector all, others none."""
    qs = Push.objects.select_related("department", "claimed_by")
    if has_role(user, Role.INSPECTOR):
        return qs
    if has_role(user, Role.LIAISON):
        return qs.filter(department_id__in=_department_ids(user))
    return qs.none()


def reports_for(user):
    """Reports: a liaison sees their department's; bureau staff and inspectors see all."""
    qs = SupervisionReport.objects.select_related(
        "department", "permit", "claimed_by", "pushed_by", "follow_up"
    )
    roles = roles_of(user)
    if Role.INSPECTOR in roles or roles & set(BUREAU_REPORT_ROLES):
        return qs
    if Role.LIAISON in roles:
        return qs.filter(department_id__in=_department_ids(user))
    return qs.none()


def deliveries_for(user):
    qs = WebhookDelivery.objects.select_related("endpoint", "department")
    if has_role(user, Role.INSPECTOR):
        return qs
    if has_role(user, Role.LIAISON):
        return qs.filter(department_id__in=_department_ids(user))
    return qs.none()


def access_push(user, push_id, *, for_update: bool = False) -> Push:
    """Fetch AND authorize one push; the same 404 for missing and forbidden."""
    qs = pushes_for(user)
    if for_update:
        qs = qs.select_for_update(no_key=True, of=("self",))
    try:
        return qs.get(pk=push_id)
    except (Push.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def push_for_detail(user, pk) -> Push:
    """One push for its detail (API and page), with what tells whether the holder is a person;
    404 outside the caller's scope (pushes_for)."""
    try:
        return (
            pushes_for(user)
            .select_related(
                "decision__permit__holder",
                "decision__application__applicant",
                *Push.VERSION_PATHS,
                "commitment_check",  # issue 14, checks: the push page's 告知承诺核查 slot
            )
            .get(pk=pk)
        )
    except (Push.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def access_report(user, report_id, *, for_update: bool = False) -> SupervisionReport:
    qs = reports_for(user)
    if for_update:
        qs = qs.select_for_update(no_key=True, of=("self",))
    try:
        return qs.get(pk=report_id)
    except (SupervisionReport.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return user.notifications.filter(read_at__isnull=True).count()


def pushes_to_claim():
    """Pushes still waiting for their department to claim them, with the claim deadline: what
    accountability's monitoring watches (one query)."""
    return (
        Push.objects.filter(status=Push.Status.PUSHED)
        .select_related("department")
        .order_by("claim_deadline", "pk")
    )


def reports_to_claim():
    """Supervision reports the bureau has not claimed yet, with their claim deadline."""
    return (
        SupervisionReport.objects.filter(status=SupervisionReport.Status.PUSHED)
        .select_related("department", "permit", "permit__item_version")
        .order_by("claim_deadline", "pk")
    )
