"""The public side's deadlines on the monitoring page and in the warnings: a 不满意 rating's
follow-up (回访、整改) and a complaint, each due in working days and handled by inspectors.
Two registrations in the one registry (accountability.oversight.deadlines)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accountability.models import Complaint, RatingFollowUp
from accountability.oversight.deadlines import DeadlineKind, DeadlineRow, Filters, register
from core.roles import Role
from supervision.services import users_with_role


def _followup_rows(f: Filters) -> list[DeadlineRow]:
    # Handled by the bureau's inspectors, not by a department or a named person.
    if f.department_id or f.person_id:
        return []
    qs = RatingFollowUp.objects.filter(status__in=RatingFollowUp.OPEN_STATUSES).select_related(
        "rating__application__item_version"
    )
    if f.item:
        qs = qs.filter(rating__application__item_version__name__contains=f.item)
    return [
        DeadlineRow(
            kind="followup",
            object_id=fu.pk,
            number=fu.rating.application.receipt_number,
            due=fu.due_at,
            url=reverse("public:followup_detail", args=[fu.pk]),
            item=fu.rating.application.item_version.name,
        )
        for fu in qs
    ]


def _complaint_rows(f: Filters) -> list[DeadlineRow]:
    if f.department_id or f.person_id or f.item:
        return []
    qs = Complaint.objects.filter(status__in=Complaint.OPEN_STATUSES).only("number", "due_at")
    return [
        DeadlineRow(
            kind="complaint",
            object_id=c.pk,
            number=c.number,
            due=c.due_at,
            url=reverse("public:complaint_detail", args=[c.pk]),
        )
        for c in qs
    ]


def _inspectors(rows: list[DeadlineRow]) -> dict[int, list]:
    users = users_with_role(Role.INSPECTOR) if rows else []
    return {row.object_id: users for row in rows}


register(DeadlineKind("followup", _("好差评回访整改"), _followup_rows, _inspectors))
register(DeadlineKind("complaint", _("投诉办理期限"), _complaint_rows, _inspectors))
