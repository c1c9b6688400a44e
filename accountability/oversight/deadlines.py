"""Every open deadline, of every kind, in one registry (实时监控、预警纠错).

A kind of deadline is one `DeadlineKind` registered with `register()`: a code, a Chinese label,
and `rows(filters)`, which returns the open rows of that kind (due time, department, item,
responsible person, link) in ONE query, plus `recipients(rows)`, who is warned a working day
before. The monitoring page, the warnings task and the API all read the registry, and all ask
`colour_of` / `colours` — the one answer to "what colour is this deadline", counted on the
working-day calendar (workdays.services)."""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals import selectors as approvals
from catalog.selectors import liaisons_of
from core.roles import Role
from supervision import selectors as supervision
from supervision.services import users_with_role
from workdays import services as workdays

RED, YELLOW, NONE = "red", "yellow", ""
COLOUR_LABELS = {RED: _("已逾期"), YELLOW: _("临期"), NONE: _("正常")}
# Yellow when this many working days or fewer are left.
YELLOW_WORKING_DAYS = 1


@dataclass(frozen=True)
class Filters:
    department_id: int | None = None
    item: str = ""  # part of the item's name
    person_id: int | None = None


@dataclass
class DeadlineRow:
    kind: str
    object_id: int
    number: str  # what names the object (decision number, receipt number, case title)
    due: dt.datetime
    url: str
    department_id: int | None = None
    department_name: str = ""
    item: str = ""
    person_id: int | None = None
    person_name: str = ""
    post: str = ""  # the responsible post (责任岗位), where the kind has one
    colour: str = NONE
    left: int = 0  # working days left (negative when late)


@dataclass(frozen=True)
class DeadlineKind:
    code: str
    label: str
    rows: Callable[[Filters], list[DeadlineRow]]
    recipients: Callable[[list[DeadlineRow]], dict[int, list]] = field(
        default=lambda rows: {}, repr=False
    )


_REGISTRY: dict[str, DeadlineKind] = {}


def register(kind: DeadlineKind) -> DeadlineKind:
    """Add a kind of deadline (one per code; registering the same code again replaces it)."""
    _REGISTRY[kind.code] = kind
    return kind


def kinds() -> list[DeadlineKind]:
    return list(_REGISTRY.values())


def kind(code: str) -> DeadlineKind | None:
    return _REGISTRY.get(code)


# --- the one colour rule --------------------------------------------------------------------


def colours(dues: Iterable[dt.datetime], *, now: dt.datetime | None = None) -> dict:
    """{due: (colour, working days left)} for every due time, with one load of the calendar:
    red when the due time has passed, yellow when YELLOW_WORKING_DAYS working days or fewer are
    left (today counts as none left), else none."""
    now = now or timezone.now()
    dues = set(dues)
    today = now.astimezone(workdays.TZ).date()
    left = workdays.working_days_from(today, {d.astimezone(workdays.TZ).date() for d in dues})
    result = {}
    for due in dues:
        n = left[due.astimezone(workdays.TZ).date()]
        if due < now:
            result[due] = (RED, n)
        elif n <= YELLOW_WORKING_DAYS:
            result[due] = (YELLOW, n)
        else:
            result[due] = (NONE, n)
    return result


def colour_of(due: dt.datetime, *, now: dt.datetime | None = None) -> str:
    return colours([due], now=now)[due][0]


def open_deadlines(
    filters: Filters = Filters(), *, codes: Iterable[str] | None = None, now=None
) -> list[DeadlineRow]:
    """Every open deadline of the given kinds (all by default), coloured, nearest first: one
    query per kind and two for the calendar, whatever the number of rows."""
    rows = []
    for k in kinds():
        if codes is None or k.code in codes:
            rows.extend(k.rows(filters))
    found = colours([r.due for r in rows], now=now)
    for row in rows:
        row.colour, row.left = found[row.due]
    rows.sort(key=lambda r: (r.due, r.kind, r.object_id))
    return rows


def _name(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


# --- the kinds of this issue ----------------------------------------------------------------


def _push_rows(f: Filters) -> list[DeadlineRow]:
    if f.person_id:
        return []
    qs = supervision.pushes_to_claim()
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.item:
        qs = qs.filter(item_name__contains=f.item)
    return [
        DeadlineRow(
            kind="push",
            object_id=p.pk,
            number=p.decision_number,
            due=p.claim_deadline,
            url=reverse("supervision:push_detail", args=[p.pk]),
            department_id=p.department_id,
            department_name=p.department.name,
            item=p.item_name,
        )
        for p in qs
    ]


def _department_liaisons(rows: list[DeadlineRow]) -> dict[int, list]:
    users = {}
    for row in rows:
        users.setdefault(row.department_id, [])
    for dep in users:
        users[dep] = list(liaisons_of([dep]))
    return {row.object_id: users[row.department_id] for row in rows}


def _report_rows(f: Filters) -> list[DeadlineRow]:
    if f.person_id:
        return []
    qs = supervision.reports_to_claim()
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.item:
        qs = qs.filter(permit__item_version__name__contains=f.item)
    return [
        DeadlineRow(
            kind="report",
            object_id=r.pk,
            number=r.decision_number,
            due=r.claim_deadline,
            url=reverse("supervision:report_detail", args=[r.pk]),
            department_id=r.department_id,
            department_name=r.department.name,
            item=r.permit.item_version.name,
        )
        for r in qs
    ]


def _bureau_claimers(rows: list[DeadlineRow]) -> dict[int, list]:
    # Reports are claimed by the bureau's window clerks and approvers (supervision.services).
    users = users_with_role(Role.WINDOW_CLERK, Role.APPROVER) if rows else []
    return {row.object_id: users for row in rows}


def _application_rows(f: Filters) -> list[DeadlineRow]:
    qs = approvals.open_deadlines()
    if f.department_id:
        qs = qs.filter(item_version__handling_department_id=f.department_id)
    if f.item:
        qs = qs.filter(item_version__name__contains=f.item)
    if f.person_id:
        qs = qs.filter(reviewed_by_id=f.person_id)
    rows = []
    for a in qs:
        dep = a.item_version.handling_department
        rows.append(
            DeadlineRow(
                kind="application",
                object_id=a.pk,
                number=a.receipt_number,
                due=a.due_at,
                url=reverse("approvals:detail", args=[a.pk]),
                department_id=dep.pk if dep else None,
                department_name=dep.name if dep else "",
                item=a.item_version.name,
                person_id=a.reviewed_by_id,
                person_name=_name(a.reviewed_by),
                post=a.item_version.responsible_post,
            )
        )
    return rows


def _application_holders(rows: list[DeadlineRow]) -> dict[int, list]:
    """The person holding the application now; when nobody does, the window clerks (the
    warning names the item's responsible post)."""
    from django.contrib.auth import get_user_model

    held = {r.person_id for r in rows if r.person_id}
    people = get_user_model().objects.in_bulk(held) if held else {}
    clerks = users_with_role(Role.WINDOW_CLERK) if any(not r.person_id for r in rows) else []
    return {r.object_id: [people[r.person_id]] if r.person_id else clerks for r in rows}


def _case_rows(f: Filters) -> list[DeadlineRow]:
    from accountability.oversight.selectors import open_case_deadlines

    qs = open_case_deadlines()
    if f.department_id:
        qs = qs.filter(department_id=f.department_id)
    if f.item:
        return []
    if f.person_id:
        qs = qs.filter(assignee_id=f.person_id)
    return [
        DeadlineRow(
            kind="case",
            object_id=c.pk,
            number=c.title,
            due=c.deadline,
            url=c.get_absolute_url(),
            department_id=c.department_id,
            department_name=c.department.name if c.department else "",
            person_id=c.assignee_id,
            person_name=_name(c.assignee),
        )
        for c in qs
    ]


def _case_assignees(rows: list[DeadlineRow]) -> dict[int, list]:
    from django.contrib.auth import get_user_model

    held = {r.person_id for r in rows if r.person_id}
    people = get_user_model().objects.in_bulk(held) if held else {}
    result = {}
    for r in rows:
        if r.person_id:
            result[r.object_id] = [people[r.person_id]]
        elif r.department_id:
            result[r.object_id] = list(liaisons_of([r.department_id]))
        else:
            result[r.object_id] = []
    return result


def _no_rows(f: Filters) -> list[DeadlineRow]:
    return []


register(DeadlineKind("application", _("办件办结期限"), _application_rows, _application_holders))
register(DeadlineKind("push", _("推送待认领"), _push_rows, _department_liaisons))
# Supervision has no feedback deadline yet (Push has no feedback_deadline): the kind is
# registered and empty until a later issue gives it one.
register(DeadlineKind("feedback", _("推送待反馈"), _no_rows))
register(DeadlineKind("report", _("监管信息待认领"), _report_rows, _bureau_claimers))
register(DeadlineKind("case", _("问责案件办理期限"), _case_rows, _case_assignees))
