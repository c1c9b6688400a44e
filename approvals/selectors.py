"""Read queries of the approvals app, shaped for their pages and API lists (no N+1)."""

from django.db.models import Prefetch, Q

from approvals.models import Application, ApplicationMaterial, Decision, Permit
from core.errors import NotFound
from core.roles import Role, has_role

S = Application.Status

# Who may read applications at all (liaisons see pushes, not the bureau's case files).
READERS = (Role.WINDOW_CLERK, Role.REVIEWER, Role.APPROVER, Role.INSPECTOR)


def applications_for(user):
    """Applications a bureau user may read, shaped for lists."""
    if not has_role(user, *READERS):
        return Application.objects.none()
    return Application.objects.select_related(
        "item_version", "item_version__item", "applicant", "reviewed_by", "decided_by"
    )


def review_queue(user):
    """Accepted cases for reviewers, the nearest due first."""
    return (
        applications_for(user)
        .filter(status__in=[S.ACCEPTED, S.UNDER_REVIEW])
        .order_by("due_at", "pk")
    )


def decide_queue(user):
    """Reviewed cases (and instant items) awaiting the approver, the nearest due first."""
    return (
        applications_for(user)
        .filter(
            Q(status=S.REVIEWED)
            | Q(item_version__instant=True, status__in=[S.ACCEPTED, S.UNDER_REVIEW])
        )
        .order_by("due_at", "pk")
    )


def application_detail(user, application_id) -> Application:
    """One application with everything its detail page and API show; 404 if not readable."""
    try:
        return (
            applications_for(user)
            .prefetch_related(
                Prefetch(
                    "materials",
                    queryset=ApplicationMaterial.objects.select_related("material", "file"),
                ),
                "opinions__reviewer",
                "special_procedures",
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.select_related("seal", "decided_by").order_by(
                        "decided_at", "pk"
                    ),
                ),
                Prefetch("permits", queryset=Permit.objects.order_by("issued_at", "pk")),
            )
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def main_decision(application: Application) -> Decision | None:
    """The approve/deny decision of an application (from the prefetched decisions)."""
    for decision in application.decisions.all():
        if decision.kind in (Decision.Kind.APPROVE, Decision.Kind.DENY):
            return decision
    return None


def current_permit(application: Application) -> Permit | None:
    """The permit issued on the application that is not replaced (from the prefetch)."""
    permits = list(application.permits.all())
    replaced = {p.replaces_id for p in permits if p.replaces_id}
    live = [p for p in permits if p.pk not in replaced]
    return live[-1] if live else None


def permit_by_number(number: str) -> Permit:
    # A NUL is in no permit number, and PostgreSQL refuses it in a query (a 500, not a 404).
    if "\x00" in number:
        raise NotFound()
    try:
        return Permit.objects.select_related("item_version", "holder", "application").get(
            number=number
        )
    except Permit.DoesNotExist:
        raise NotFound() from None


def granting_decision(permit: Permit) -> Decision | None:
    """The decision that issued this permit (approval, change or renewal)."""
    return (
        Decision.objects.filter(permit=permit, kind__in=GRANTING)
        .order_by("decided_at", "pk")
        .first()
    )


GRANTING = (Decision.Kind.APPROVE, Decision.Kind.CHANGE, Decision.Kind.RENEW)


def open_deadlines():
    """Open applications whose clock runs (accepted, not in a special procedure), with their due
    time, item and the person holding them joined in: accountability's monitoring reads these,
    one query whatever the number."""
    return (
        Application.objects.filter(
            status__in=Application.OPEN_STATUSES, paused=False, due_at__isnull=False
        )
        .select_related(
            "item_version", "item_version__item", "item_version__handling_department", "reviewed_by"
        )
        .order_by("due_at", "pk")
    )


def closed_case_files():
    """Applications whose case file is closed (decided or delivered): what case-file review
    (卷宗评查) draws from."""
    return Application.objects.filter(
        status__in=[S.APPROVED, S.DENIED, S.DELIVERED], decided_at__isnull=False
    ).select_related("item_version", "item_version__item", "reviewed_by", "decided_by")


# --- later decisions on a permit (procedures) ----------------------------------------------------


def procedures_for(user):
    """Later-decision procedures a bureau user may read, shaped for lists, pages and the API
    (permit, item, the people and the decision joined: no per-row queries); newest first."""
    from approvals.models import PermitProcedure
    from approvals.procedures import READERS as PROCEDURE_READERS

    if not has_role(user, *PROCEDURE_READERS):
        return PermitProcedure.objects.none()
    return PermitProcedure.objects.select_related(
        "permit",
        "permit__item_version",
        "started_by",
        "reviewed_by",
        "decided_by",
        "delivered_by",
        "decision",
        "decision__permit",
    ).order_by("-started_at", "-pk")


def procedure_review_queue(user):
    """Procedures waiting for a reviewer (started, or sent back), the oldest first."""
    from approvals.models import PermitProcedure

    P = PermitProcedure.Status
    return (
        procedures_for(user)
        .filter(status__in=[P.STARTED, P.SENT_BACK])
        .order_by("started_at", "pk")
    )


def procedure_decide_queue(user):
    """Reviewed procedures waiting for an approver, the oldest first."""
    from approvals.models import PermitProcedure

    return (
        procedures_for(user)
        .filter(status=PermitProcedure.Status.REVIEWED)
        .order_by("reviewed_at", "pk")
    )


def procedures_of_permits(user, permits):
    """The procedures of these permits (e.g. an application's permit and its replacements)."""
    return procedures_for(user).filter(permit__in=permits)
