"""Where a decision's pushes go: the item version's supervising departments, corrected by the
bureau's re-routes of that permit (PermitRouting). One place: push_decision, the report form's
"is this permit yours" and the remedy notice all read routed_departments()."""

from django.db.models import Q

from approvals.models import Permit
from catalog.models import Department
from supervision.models import PermitRouting

# A change or renewal issues a permit that replaces the old one; corrections follow the line.
# Chains are a handful of permits long; this bound only stops a corrupted cycle.
_MAX_LINEAGE = 50


def permit_lineage(permit: Permit) -> list[int]:
    """The permit and the permits it replaces, newest first (one query per step)."""
    ids = [permit.pk]
    replaces = permit.replaces_id
    while replaces is not None and replaces not in ids and len(ids) < _MAX_LINEAGE:
        ids.append(replaces)
        replaces = Permit.objects.filter(pk=replaces).values_list("replaces_id", flat=True).first()
    return ids


def _apply(department_ids: list[int], corrections) -> list[int]:
    current = list(department_ids)
    for returned_id, to_id in corrections:
        current = [d for d in current if d != returned_id]
        if to_id not in current:
            current.append(to_id)
    return current


def routed_department_ids(*, permit: Permit | None, version) -> list[int]:
    """The supervising departments of `version`, with the corrections recorded on `permit`'s
    line applied in the order they were made (a department that said "not ours" replaced by
    the one the bureau re-routed to)."""
    base = list(version.supervising_departments.values_list("pk", flat=True))
    if permit is None:
        return base
    corrections = (
        PermitRouting.objects.filter(permit_id__in=permit_lineage(permit))
        .order_by("created_at", "pk")
        .values_list("returned_department_id", "department_id")
    )
    return _apply(base, corrections)


def routed_departments(*, permit: Permit | None, version) -> list[Department]:
    """routed_department_ids() as Department rows, ordered by code."""
    ids = routed_department_ids(permit=permit, version=version)
    return list(Department.objects.filter(pk__in=ids).order_by("code"))


def decision_departments(decision) -> list[Department]:
    """Where a decision is pushed: its permit's routing (a denial: the item version's)."""
    permit = decision.permit
    version = (permit or decision.application).item_version
    return routed_departments(permit=permit, version=version)


def correction_seen_before(*, routing: PermitRouting) -> bool:
    """Whether the same correction (same item, from the same department to the same one) was
    made before on another permit: the catalog admins are told once per item and correction."""
    item_id = routing.permit.item_version.item_id
    return (
        PermitRouting.objects.filter(
            Q(permit__item_version__item_id=item_id),
            returned_department_id=routing.returned_department_id,
            department_id=routing.department_id,
        )
        .exclude(pk=routing.pk)
        .exists()
    )
