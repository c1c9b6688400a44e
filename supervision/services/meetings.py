"""Joint meetings and their follow-up tasks (issue 14, part "meetings"): the one way in for each
state change, and the one answer to who sees a meeting and who may finish a task.

- The bureau's approver records a meeting (联席会议 / 例会 / 专题会议) after it is held: the
  departments that attended, who was there, the minutes (会议纪要, text and an optional scan),
  and the decisions as tasks (议定事项), each owned by a department or by the bureau, due the
  `days`-th working day after the meeting (the one calendar: workdays.deadline_after).
- The owner finishes a task with a note: a liaison of its department, or for the bureau's own
  tasks the approver; the approver may also record the finish of a department's task.
- An open task past its deadline is flagged once by the overdue job (kind "meeting_task")."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services.overdue import Flagged
from audit.services import record_event
from catalog.models import Department
from catalog.selectors import liaisons_of
from core.db import update_returning
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import Role, has_role, require_role
from supervision.models import (
    MEETING_TASK_DAYS_MAX,
    MEETING_TEXT_MAX,
    MEETING_TITLE_MAX,
    Meeting,
    MeetingTask,
)
from supervision.selectors import liaison_department_ids
from supervision.services._common import checked_text, notify
from supervision.services.duties import duty_flagger
from supervision.services.events import feed_body, publish_event
from supervision.services.reports import _checked_attachment
from supervision.services.submissions import record_submission
from workdays import services as workdays

# Who records meetings (the bureau's approver convenes them); who reads them all.
RECORDERS = (Role.APPROVER,)
ALL_READERS = (Role.APPROVER, Role.INSPECTOR)
READERS = (Role.APPROVER, Role.INSPECTOR, Role.LIAISON)
MAX_TASKS = 50
MEETING_FORM = "meeting"  # the page form's name for its one-time key


def meetings_for(user):
    """Meetings a user may see: the approver and inspectors all; a liaison those their
    department attended or owns a task of; others none."""
    qs = Meeting.objects.select_related("created_by")
    if has_role(user, *ALL_READERS):
        return qs
    ids = liaison_department_ids(user)
    if not ids:
        return qs.none()
    attended = Meeting.departments.through.objects.filter(department_id__in=ids)
    owned = MeetingTask.objects.filter(department_id__in=ids)
    return qs.filter(Q(pk__in=attended.values("meeting_id")) | Q(pk__in=owned.values("meeting_id")))


def access_meeting(user, pk) -> Meeting:
    """One meeting in the caller's scope; the same 404 for missing and out of scope."""
    try:
        return meetings_for(user).get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def access_task(user, pk, *, for_update: bool = False) -> MeetingTask:
    """One task of a meeting in the caller's scope; the same 404 for missing and out of scope."""
    qs = MeetingTask.objects.filter(meeting_id__in=meetings_for(user).values("pk"))
    if for_update:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=pk)
    except (MeetingTask.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def tasks_of(meeting: Meeting):
    return meeting.tasks.select_related("department", "done_by").order_by("position")


def may_finish(user, task: MeetingTask) -> bool:
    """The owner's liaison, or the approver (the bureau's own tasks, and recording a
    department's on its behalf)."""
    if has_role(user, *RECORDERS):
        return True
    return task.department_id is not None and task.department_id in liaison_department_ids(user)


def task_deadline(held_at: datetime.datetime, days: int):
    """A task's deadline: the end of the `days`-th working day after the meeting."""
    return workdays.deadline_after(held_at, days)


def _days(errors, index: int, value) -> int | None:
    problem = _("第 %(n)s 项:办理时限应为 1 到 %(max)s 个工作日。") % {
        "n": index,
        "max": MEETING_TASK_DAYS_MAX,
    }
    text = (
        str(value if value is not None else "")
        .strip()
        .translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    )
    if isinstance(value, bool) or not text.isascii() or not text.isdigit():
        errors.setdefault("tasks", []).append(problem)
        return None
    days = int(text)
    if not 1 <= days <= MEETING_TASK_DAYS_MAX:
        errors.setdefault("tasks", []).append(problem)
        return None
    return days


def _department(errors, index: int, value) -> Department | None:
    """A task's owner: a department code, or blank / "bureau" for the bureau."""
    code = str(value or "").strip()
    if code in ("", "bureau"):
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        errors.setdefault("tasks", []).append(_("第 %(n)s 项:承办部门不存在。") % {"n": index})
    return department


def _held_at(errors, value) -> datetime.datetime | None:
    if not isinstance(value, datetime.datetime):
        errors["held_at"] = [_("请填写召开时间。")]
        return None
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    now = timezone.now()
    if value > now + datetime.timedelta(days=1):
        errors["held_at"] = [_("召开时间不能晚于今天:会议纪要在会后登记。")]
    elif value.year < 2000:
        errors["held_at"] = [_("召开时间有误。")]
    return value


@transaction.atomic
def record_meeting(
    *,
    user,
    kind: str,
    title: str,
    held_at,
    minutes: str,
    place: str = "",
    attendees: str = "",
    department_codes=(),
    tasks=(),
    attachment=None,
    submission_key: str | None = None,
) -> Meeting:
    """登记会议纪要: the meeting, its attending departments and its tasks, in one transaction
    with one audit event; each owner department's liaisons are told of their tasks. The same
    browser form sent twice records once (409 already_submitted)."""
    require_role(user, *RECORDERS)
    if submission_key is not None:
        record_submission(user=user, form=MEETING_FORM, key=submission_key)
    attachment = _checked_attachment(attachment)
    errors: dict = {}
    if kind not in Meeting.Kind.values:
        errors["kind"] = [_("无效的会议类型。")]
    title = checked_text(errors, "title", title, max_length=MEETING_TITLE_MAX, required=True)
    place = checked_text(errors, "place", place, max_length=200, required=False)
    attendees = checked_text(
        errors, "attendees", attendees, max_length=MEETING_TEXT_MAX, required=False
    )
    minutes = checked_text(errors, "minutes", minutes, max_length=MEETING_TEXT_MAX, required=True)
    held_at = _held_at(errors, held_at)
    codes = [str(c).strip() for c in (department_codes or []) if str(c).strip()]
    departments = list(Department.objects.filter(code__in=codes))
    if len(departments) != len(set(codes)):
        errors["departments"] = [_("请选择有效的参会部门。")]
    tasks = list(tasks or [])
    if len(tasks) > MAX_TASKS:
        errors["tasks"] = [_("议定事项不能超过 %(n)s 项。") % {"n": MAX_TASKS}]
        tasks = []
    cleaned = []
    for index, task in enumerate(tasks, 1):
        if not isinstance(task, dict):
            errors.setdefault("tasks", []).append(_("第 %(n)s 项格式有误。") % {"n": index})
            continue
        task_errors: dict = {}
        text = checked_text(
            task_errors, "text", task.get("text"), max_length=MEETING_TEXT_MAX, required=True
        )
        if task_errors:
            errors.setdefault("tasks", []).append(
                _("第 %(n)s 项:%(msg)s") % {"n": index, "msg": task_errors["text"][0]}
            )
        department = _department(errors, index, task.get("department"))
        days = _days(errors, index, task.get("days"))
        cleaned.append((text, department, days))
    if errors:
        raise InvalidInput(fields=errors)

    meeting = Meeting(
        kind=kind,
        title=title,
        held_at=held_at,
        place=place,
        attendees=attendees,
        minutes=minutes,
        created_at=timezone.now(),
        created_by=user,
    )
    if attachment is not None:
        meeting.attachment.save(attachment.name, attachment, save=False)
    meeting.save()
    meeting.departments.set(departments)
    rows = []
    for position, (text, department, days) in enumerate(cleaned, 1):
        deadline = task_deadline(held_at, days)
        rows.append(
            MeetingTask(
                meeting=meeting,
                position=position,
                text=text,
                department=department,
                days=days,
                deadline=deadline.at,
                deadline_provisional=deadline.provisional,
            )
        )
    MeetingTask.objects.bulk_create(rows)
    record_event(
        actor=user,
        obj=meeting,
        action="record_meeting",
        after=meeting.get_kind_display(),
        note=title,
        data={"departments": sorted(codes), "tasks": len(rows)},
    )
    link = reverse("supervision:meeting_detail", args=[meeting.pk])
    for task in MeetingTask.objects.filter(meeting=meeting).select_related("department"):
        publish_event(event="meeting_task.created", department_id=task.department_id, obj=task)
        if task.department_id is not None:
            notify(
                liaisons_of([task.department_id]),
                subject=_("会议议定事项:%(title)s") % {"title": title[:100]},
                body=task.text[:500],
                link=link,
            )
    return meeting


@transaction.atomic
def finish_task(*, user, task_id, note: str) -> MeetingTask:
    """办结: the owner (may_finish) records how the task was done; once (409 after)."""
    require_role(user, *READERS)
    task = access_task(user, task_id, for_update=True)
    if not may_finish(user, task):
        raise NotAllowed(_("只有承办部门的联络员或审批负责人可以办结此事项。"))
    if task.done_at is not None:
        raise InvalidTransition(_("该事项已办结。"), code="task_done")
    errors: dict = {}
    note = checked_text(errors, "note", note, max_length=MEETING_TEXT_MAX, required=True)
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    task.done_at, task.done_by, task.done_note = now, user, note
    task.done_late = task.deadline < now
    task.save(update_fields=["done_at", "done_by", "done_note", "done_late"])
    record_event(
        actor=user,
        obj=task.meeting,
        action="finish_meeting_task",
        after=str(task.position),
        note=note[:200],
        data={"task": task.pk, "late": task.done_late},
    )
    publish_event(event="meeting_task.done", department_id=task.department_id, obj=task)
    return task


@duty_flagger("meeting_task")
def flag_overdue_tasks(now: datetime.datetime) -> list[Flagged]:
    """Every open task past its deadline and not flagged yet, flagged at `now` in one UPDATE
    (the partial index meetingtask_open). The late side is the owner (None: the bureau)."""
    rows = update_returning(
        MeetingTask.objects.filter(MeetingTask.overdue_q(now), overdue_flagged_at__isnull=True),
        values={"overdue_flagged_at": now},
        returning=["id", "deadline", "department_id"],
    )
    return [tuple(row) for row in rows]


# The event feed's `data`: the task as GET /api/v1/meetings/<id>/ lists it.
@feed_body(MeetingTask)
def task_body(task) -> dict:
    from supervision.api.meetings import MeetingTaskSerializer

    fresh = MeetingTask.objects.select_related("department", "done_by", "meeting")
    return dict(MeetingTaskSerializer(fresh.get(pk=task.pk)).data)
