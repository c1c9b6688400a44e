"""The 复议 / 诉讼 reply deadlines in the monitoring registry: a reply (书面答复 / 答辩状) still
due shows yellow / red on the monitoring page by the one colour rule, and its recorder and the
approvers get the early warning. Rows come from approvals' public selector (one query)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accountability.oversight.deadlines import DeadlineKind, DeadlineRow, Filters, register
from approvals.services.remedies import open_reply_deadlines
from core.roles import Role
from supervision.services import users_with_role


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def _remedy_rows(f: Filters) -> list[DeadlineRow]:
    qs = open_reply_deadlines()
    if f.department_id:
        qs = qs.filter(decision__application__item_version__handling_department_id=f.department_id)
    if f.item:
        qs = qs.filter(decision__application__item_version__name__contains=f.item)
    if f.person_id:
        qs = qs.filter(recorded_by_id=f.person_id)
    rows = []
    for r in qs:
        app = r.decision.application
        version = app.item_version if app else None
        dep = version.handling_department if version else None
        rows.append(
            DeadlineRow(
                kind="remedy",
                object_id=r.pk,
                number=f"{r.get_kind_display()} {r.case_number}",
                due=r.reply_due_at,
                url=reverse("approvals:remedy_detail", args=[r.pk]),
                department_id=dep.pk if dep else None,
                department_name=dep.name if dep else "",
                item=version.name if version else "",
                person_id=r.recorded_by_id,
                person_name=_name(r.recorded_by),
            )
        )
    return rows


def _recorder_and_approvers(rows: list[DeadlineRow]) -> dict[int, list]:
    """Who answers for the reply: the person who recorded the case, and the approvers."""
    if not rows:
        return {}
    from django.contrib.auth import get_user_model

    approvers = list(users_with_role(Role.APPROVER))
    people = get_user_model().objects.in_bulk({r.person_id for r in rows if r.person_id})
    result = {}
    for row in rows:
        recorder = people.get(row.person_id)
        others = [u for u in approvers if recorder is None or u.pk != recorder.pk]
        result[row.object_id] = ([recorder] if recorder else []) + others
    return result


register(DeadlineKind("remedy", _("复议诉讼答复期限"), _remedy_rows, _recorder_and_approvers))
