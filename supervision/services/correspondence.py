"""Issue 14 part: correspondence — its services (the one way in for each state change).

Information (online and paper) and 函询 between the bureau and the departments. Who is on which
side, who must read, who may see: the functions at the top; every page and API endpoint calls
these, never its own rule."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.services.overdue import Flagged
from audit.services import record_event
from catalog.models import Department
from catalog.selectors import liaisons_of
from core.db import update_returning
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import Role, has_role
from supervision.models import (
    BODY_MAX,
    INFORMATION_CLAIM_WORKING_DAYS,
    INQUIRY_BODY_MAX,
    INQUIRY_REPLY_DAYS_DEFAULT,
    INQUIRY_REPLY_DAYS_MAX,
    INQUIRY_REPLY_DAYS_MIN,
    INQUIRY_SUBJECT_MAX,
    REFERENCE_MAX,
    TITLE_MAX,
    Direction,
    Information,
    InformationReceipt,
    Inquiry,
    InquiryMessage,
)
from supervision.selectors import liaison_department_ids
from supervision.services._common import checked_text, notify, users_with_role
from supervision.services.duties import duty_flagger
from supervision.services.events import feed_body, publish_event
from supervision.services.liaisons import bureau_liaisons
from supervision.services.reports import _checked_attachment
from supervision.services.submissions import record_submission
from workdays import services as workdays

# The bureau's staff who act for it in correspondence when no bureau liaison is on the register.
BUREAU_FALLBACK_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)
# Who may register a paper item (书面公函, 案卷移送, 线下推送).
PAPER_ROLES = (Role.WINDOW_CLERK, Role.APPROVER)
# The creating forms' names for their one-time keys (supervision.services.submissions).
INFORMATION_FORM, PAPER_FORM, INQUIRY_FORM = "information", "paper", "inquiry"


def _once(user, form: str, key: str | None) -> None:
    """The same browser form sent twice creates once (409 already_submitted the second time)."""
    if key is not None:
        record_submission(user=user, form=form, key=key)


# --- sides: who is the bureau, who must read, who may see ---------------------------------------


def bureau_receivers() -> list:
    """The users who receive, read, sign for and answer for the bureau: the bureau's liaisons on
    the register (supervision.services.liaisons.bureau_liaisons, part "liaisons"); while the
    register names none, the bureau's window clerks and approvers (the people who handled the
    paper letters before). The ONE place this fallback is decided."""
    users = list(bureau_liaisons())
    return users or users_with_role(*BUREAU_FALLBACK_ROLES)


def is_bureau_user(user) -> bool:
    """Whether `user` acts for the bureau: a window clerk or approver, or a bureau liaison."""
    if not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, *BUREAU_FALLBACK_ROLES):
        return True
    cached = getattr(user, "_oneseal_bureau_liaison", None)
    if cached is None:
        cached = bureau_liaisons().filter(pk=user.pk).exists()
        user._oneseal_bureau_liaison = cached
    return cached


def receiving_users(*, direction: str, department_id: int) -> list:
    """Who must read (and sign for, or answer) what goes in `direction`: a department's liaisons
    (catalog.selectors.liaisons_of), or the bureau's receivers."""
    if direction == Direction.TO_DEPARTMENT:
        return list(liaisons_of([department_id]))
    return bureau_receivers()


def _on_side(user, *, bureau: bool, department_id: int) -> bool:
    if bureau:
        return is_bureau_user(user)
    return department_id in liaison_department_ids(user)


def is_receiver(user, obj) -> bool:
    """Whether `user` is on the receiving side of an Information or Inquiry."""
    return _on_side(
        user, bureau=obj.direction == Direction.TO_BUREAU, department_id=obj.department_id
    )


def is_sender(user, obj) -> bool:
    return _on_side(
        user, bureau=obj.direction == Direction.TO_DEPARTMENT, department_id=obj.department_id
    )


def _sees_all(user) -> bool:
    return has_role(user, Role.INSPECTOR) or is_bureau_user(user)


def information_for(user):
    """Information a user may see: the bureau and inspectors all, a liaison their department's
    (both directions), others none."""
    qs = Information.objects.select_related("department", "created_by", "claimed_by")
    if _sees_all(user):
        return qs
    ids = liaison_department_ids(user)
    return qs.filter(department_id__in=ids) if ids else qs.none()


def inquiries_for(user):
    qs = Inquiry.objects.select_related("department", "asked_by", "answered_by")
    if _sees_all(user):
        return qs
    ids = liaison_department_ids(user)
    return qs.filter(department_id__in=ids) if ids else qs.none()


def _get(qs, pk, *, for_update: bool):
    if for_update:
        qs = qs.select_for_update(of=("self",))
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None


def access_information(user, pk, *, for_update: bool = False) -> Information:
    """Fetch AND authorize one item; the same 404 for missing and out of scope."""
    return _get(information_for(user), pk, for_update=for_update)


def access_inquiry(user, pk, *, for_update: bool = False) -> Inquiry:
    return _get(inquiries_for(user), pk, for_update=for_update)


def may_write(user) -> bool:
    """Whether `user` may send information or ask an inquiry at all (a side to write from)."""
    return is_bureau_user(user) or bool(liaison_department_ids(user))


# --- deadlines ------------------------------------------------------------------------------------


def needs_claim(kind: str) -> bool:
    """Tips, change requests and every paper item are signed for (签收) by a deadline; policy
    documents, training notices and others are read only."""
    return kind in Information.CLAIMED_KINDS


def claim_deadline_from(start: datetime.datetime):
    """The claim deadline of information sent at `start`: the end of the 3rd working day after
    it, by the one calendar (workdays.deadline_after)."""
    return workdays.deadline_after(start, INFORMATION_CLAIM_WORKING_DAYS)


def reply_deadline_from(start: datetime.datetime, days: int):
    """An inquiry's reply deadline: the end of the `days`-th working day after it is asked."""
    return workdays.deadline_after(start, days)


# --- information ------------------------------------------------------------------------------


def _sending_side(user, department_id) -> tuple[str, list[int]]:
    """(direction, allowed department ids) for a writer. A liaison (not bureau) writes to the
    bureau for one of their departments; the bureau writes to any active department."""
    if is_bureau_user(user):
        return Direction.TO_DEPARTMENT, []
    ids = liaison_department_ids(user)
    if not ids:
        raise NotAllowed()
    return Direction.TO_BUREAU, ids


def _parse_ids(errors, field, raw, *, many: bool) -> list[int]:
    values = raw if isinstance(raw, list | tuple) else [raw]
    ids = []
    for value in values:
        if isinstance(value, bool):
            value = None
        try:
            number = int(str(value).strip())
        except (TypeError, ValueError):
            number = None
        if number is None or not 0 < number < 2**63:
            errors[field] = [_("请选择有效的部门。")]
            return []
        ids.append(number)
    if not ids or (not many and len(ids) > 1):
        errors[field] = [_("请选择部门。")]
        return []
    return sorted(set(ids))


def _check_departments(errors, field, ids) -> list[Department]:
    departments = list(Department.objects.filter(pk__in=ids).order_by("pk"))
    if ids and len(departments) != len(ids):
        errors[field] = [_("请选择有效的部门。")]
    return departments


def _notify_receivers(obj, *, subject: str, link: str) -> None:
    users = receiving_users(direction=obj.direction, department_id=obj.department_id)
    notify(users, subject=subject, body="", link=link)


def _publish(event: str, obj) -> None:
    """The feed's event for the department side of the item (its department_id)."""
    publish_event(event=event, department_id=obj.department_id, obj=obj)


# The event feed's `data`: the object as GET /api/v1/information/<id>/ and
# /api/v1/inquiries/<id>/ return it (their list serializers; the API module imports this one).
@feed_body(Information)
def information_body(info) -> dict:
    from supervision.api.correspondence import InformationSerializer

    fresh = Information.objects.select_related("department", "created_by", "claimed_by")
    return dict(InformationSerializer(fresh.get(pk=info.pk)).data)


@feed_body(Inquiry)
def inquiry_body(inquiry) -> dict:
    from supervision.api.correspondence import InquirySerializer

    fresh = Inquiry.objects.select_related("department", "asked_by", "answered_by")
    return dict(InquirySerializer(fresh.get(pk=inquiry.pk)).data)


@transaction.atomic
def create_information(
    *,
    user,
    kind: str,
    title: str,
    body: str = "",
    attachment=None,
    department_ids=None,
    submission_key: str | None = None,
) -> list[Information]:
    """Online information. A liaison sends it to the bureau for their department (with several
    departments, `department_ids` names the one); the bureau sends it to one or more departments
    (`department_ids`), one row per department sharing a batch. A tip or change request gets a
    claim deadline (needs_claim). Returns the rows written."""
    direction, own = _sending_side(user, department_ids)
    _once(user, INFORMATION_FORM, submission_key)
    attachment = _checked_attachment(attachment)
    errors: dict = {}
    if kind not in Information.ONLINE_KINDS:
        errors["kind"] = [_("无效的类型。")]
    title = checked_text(errors, "title", title, max_length=TITLE_MAX, required=True)
    body = checked_text(errors, "body", body, max_length=BODY_MAX, required=False)
    if direction == Direction.TO_BUREAU:
        if department_ids in (None, "", []) and len(own) == 1:
            ids = own
        else:
            ids = _parse_ids(errors, "departments", department_ids, many=False)
            if ids and ids[0] not in own:
                errors["departments"] = [_("请选择有效的部门。")]
    else:
        ids = _parse_ids(errors, "departments", department_ids, many=True)
    departments = _check_departments(errors, "departments", ids) if not errors else []
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    deadline = claim_deadline_from(now) if needs_claim(kind) else None
    rows = []
    batch = None
    for department in departments:
        info = Information(
            channel=Information.Channel.ONLINE,
            direction=direction,
            kind=kind,
            department=department,
            title=title,
            body=body,
            created_at=now,
            created_by=user,
            claim_deadline=deadline.at if deadline else None,
            deadline_provisional=deadline.provisional if deadline else False,
        )
        if batch is not None:
            info.batch = batch
        if attachment is not None:
            attachment.seek(0)
            info.attachment.save(attachment.name, attachment, save=False)
        info.save()
        batch = info.batch
        rows.append(info)
        _created(user, info)
    return rows


def _created(user, info: Information) -> None:
    record_event(
        actor=user,
        obj=info,
        action="send_information",
        after=info.channel,
        note=f"{info.get_kind_display()} {info.department.name}",
    )
    _publish("information.created", info)
    _notify_receivers(
        info,
        subject=_("收到信息:%(title)s") % {"title": info.title[:100]},
        link=reverse("supervision:correspondence_detail", args=[info.pk]),
    )


@transaction.atomic
def register_paper(
    *,
    user,
    kind: str,
    department_id,
    title: str,
    attachment,
    paper_date: datetime.date | None,
    reference_number: str = "",
    body: str = "",
    submission_key: str | None = None,
) -> Information:
    """The bureau registers a paper item (书面公函, 案卷移送, 线下推送) it sends to a department,
    with its scan (required), the date it was sent or received and its reference number; from
    then on the department's liaison signs for it by the claim deadline, like information."""
    if not has_role(user, *PAPER_ROLES):
        raise NotAllowed()
    _once(user, PAPER_FORM, submission_key)
    errors: dict = {}
    if not attachment:
        errors["attachment"] = [_("请上传扫描件。")]
    else:
        attachment = _checked_attachment(attachment)
    if kind not in Information.PAPER_KINDS:
        errors["kind"] = [_("无效的类型。")]
    title = checked_text(errors, "title", title, max_length=TITLE_MAX, required=True)
    body = checked_text(errors, "body", body, max_length=BODY_MAX, required=False)
    reference_number = checked_text(
        errors, "reference_number", reference_number, max_length=REFERENCE_MAX, required=False
    )
    today = timezone.localdate()
    if not isinstance(paper_date, datetime.date) or isinstance(paper_date, datetime.datetime):
        errors["paper_date"] = [_("请填写收发日期。")]
    elif paper_date > today or paper_date.year < 2000:
        errors["paper_date"] = [_("收发日期应在 2000 年以后且不晚于今天。")]
    ids = _parse_ids(errors, "department", department_id, many=False)
    departments = _check_departments(errors, "department", ids) if ids else []
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    deadline = claim_deadline_from(now)
    info = Information(
        channel=Information.Channel.PAPER,
        direction=Direction.TO_DEPARTMENT,
        kind=kind,
        department=departments[0],
        title=title,
        body=body,
        reference_number=reference_number,
        paper_date=paper_date,
        created_at=now,
        created_by=user,
        claim_deadline=deadline.at,
        deadline_provisional=deadline.provisional,
    )
    info.attachment.save(attachment.name, attachment, save=False)
    info.save()
    _created(user, info)
    return info


def required_readers(info: Information) -> list:
    return receiving_users(direction=info.direction, department_id=info.department_id)


def is_required_reader(user, info: Information) -> bool:
    """Whether `user` is one of those who must read `info` (required_readers)."""
    if info.direction == Direction.TO_DEPARTMENT:
        return is_receiver(user, info)
    return any(reader.pk == user.pk for reader in bureau_receivers())


def record_read(*, user, info: Information) -> bool:
    """A required reader opened the item (its page or API GET): their read receipt, once.
    Anyone else reading (the sender, an inspector) leaves no receipt. True when written now."""
    if not is_required_reader(user, info):
        return False
    if InformationReceipt.objects.filter(information=info, reader=user).exists():
        return False
    try:
        with transaction.atomic():
            receipt = InformationReceipt.objects.create(
                information=info, reader=user, read_at=timezone.now()
            )
            record_event(actor=user, obj=info, action="read_information", note=str(receipt.pk))
    except IntegrityError:  # the same reader's second request at once
        return False
    return True


@transaction.atomic
def claim_information(*, user, information_id) -> Information:
    """The receiving side signs for (签收) an item that needs it; late when after the deadline.
    Others in scope: 403; a second claim: 409 already_claimed."""
    info = access_information(user, information_id, for_update=True)
    if not is_receiver(user, info):
        raise NotAllowed(_("只有收件方可以签收。"))
    if not info.needs_claim:
        raise InvalidTransition(info, "claim", _("该信息无需签收。"), code="no_claim_needed")
    if info.is_claimed:
        raise InvalidTransition(info, "claim", _("该信息已签收。"), code="already_claimed")
    now = timezone.now()
    info.claimed_at, info.claimed_by = now, user
    info.claim_late = now > info.claim_deadline
    info.save(update_fields=["claimed_at", "claimed_by", "claim_late"])
    record_event(
        actor=user,
        obj=info,
        action="claim_information",
        before="unclaimed",
        after="claimed",
        note=_("逾期签收") if info.claim_late else "",
    )
    _publish("information.claimed", info)
    return info


@duty_flagger("information")
def flag_overdue_information(now: datetime.datetime) -> list[Flagged]:
    """Every item not signed for past its claim deadline and not flagged yet, flagged at `now` in
    one UPDATE (the partial index information_unclaimed). The late side is the receiver: the
    department for what the bureau sent, None for what went to the bureau."""
    rows = update_returning(
        Information.objects.filter(
            claimed_at__isnull=True, claim_deadline__lt=now, overdue_flagged_at__isnull=True
        ),
        values={"overdue_flagged_at": now},
        returning=["id", "claim_deadline", "department_id", "direction"],
    )
    return [
        (pk, deadline, department_id if direction == Direction.TO_DEPARTMENT else None)
        for pk, deadline, department_id, direction in rows
    ]


# --- inquiries --------------------------------------------------------------------------------


def _reply_days(errors, value) -> int:
    if value in (None, ""):
        return INQUIRY_REPLY_DAYS_DEFAULT
    if isinstance(value, bool):
        value = None
    try:
        days = int(str(value).strip())
    except (TypeError, ValueError):
        days = None
    if days is None or not INQUIRY_REPLY_DAYS_MIN <= days <= INQUIRY_REPLY_DAYS_MAX:
        errors["reply_days"] = [
            _("回复时限应为 %(min)d 至 %(max)d 个工作日。")
            % {"min": INQUIRY_REPLY_DAYS_MIN, "max": INQUIRY_REPLY_DAYS_MAX}
        ]
        return INQUIRY_REPLY_DAYS_DEFAULT
    return days


@transaction.atomic
def ask_inquiry(
    *,
    user,
    subject: str,
    question: str,
    reply_days=None,
    attachment=None,
    department_id=None,
    submission_key: str | None = None,
) -> Inquiry:
    """函询: the bureau asks a department (`department_id`), or a liaison asks the bureau for
    their department; the receiver replies by the end of the `reply_days`-th working day (1–30,
    default 5)."""
    direction, own = _sending_side(user, department_id)
    _once(user, INQUIRY_FORM, submission_key)
    attachment = _checked_attachment(attachment)
    errors: dict = {}
    subject = checked_text(
        errors, "subject", subject, max_length=INQUIRY_SUBJECT_MAX, required=True
    )
    question = checked_text(
        errors, "question", question, max_length=INQUIRY_BODY_MAX, required=True
    )
    days = _reply_days(errors, reply_days)
    if direction == Direction.TO_BUREAU and department_id in (None, "") and len(own) == 1:
        ids = own
    else:
        ids = _parse_ids(errors, "department", department_id, many=False)
        if direction == Direction.TO_BUREAU and ids and ids[0] not in own:
            errors["department"] = [_("请选择有效的部门。")]
    departments = _check_departments(errors, "department", ids) if ids else []
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    deadline = reply_deadline_from(now, days)
    inquiry = Inquiry(
        direction=direction,
        department=departments[0],
        subject=subject,
        question=question,
        reply_days=days,
        asked_at=now,
        asked_by=user,
        reply_deadline=deadline.at,
        deadline_provisional=deadline.provisional,
    )
    if attachment is not None:
        inquiry.attachment.save(attachment.name, attachment, save=False)
    inquiry.save()
    record_event(
        actor=user,
        obj=inquiry,
        action="ask_inquiry",
        after=inquiry.status,
        note=f"{inquiry.department.name} {days}",
    )
    _publish("inquiry.created", inquiry)
    _notify_receivers(
        inquiry,
        subject=_("收到函询:%(subject)s") % {"subject": subject[:100]},
        link=reverse("supervision:inquiry_detail", args=[inquiry.pk]),
    )
    return inquiry


@transaction.atomic
def reply_inquiry(*, user, inquiry_id, body: str) -> InquiryMessage:
    """One message in the thread: the receiver's reply (the first one answers the inquiry, late
    when after the deadline) or the asker's follow-up. Closed: 409; others in scope: 403."""
    inquiry = access_inquiry(user, inquiry_id, for_update=True)
    receiver = is_receiver(user, inquiry)
    if not receiver and not is_sender(user, inquiry):
        raise NotAllowed(_("只有函询双方可以回复。"))
    if inquiry.status == Inquiry.Status.CLOSED:
        raise InvalidTransition(inquiry, "reply", _("该函询已关闭。"), code="inquiry_closed")
    errors: dict = {}
    body = checked_text(errors, "body", body, max_length=INQUIRY_BODY_MAX, required=True)
    if errors:
        raise InvalidInput(fields=errors)
    now = timezone.now()
    message = InquiryMessage.objects.create(
        inquiry=inquiry, author=user, from_asker=not receiver, body=body, at=now
    )
    if receiver and inquiry.status == Inquiry.Status.OPEN:
        before = inquiry.status
        inquiry.status = Inquiry.Status.ANSWERED
        inquiry.answered_at, inquiry.answered_by = now, user
        inquiry.answer_late = now > inquiry.reply_deadline
        inquiry.save(update_fields=["status", "answered_at", "answered_by", "answer_late"])
        record_event(
            actor=user, obj=inquiry, action="answer_inquiry", before=before, after=inquiry.status
        )
        _publish("inquiry.answered", inquiry)
        notify(
            [inquiry.asked_by],
            subject=_("函询已回复:%(subject)s") % {"subject": inquiry.subject[:100]},
            body="",
            link=reverse("supervision:inquiry_detail", args=[inquiry.pk]),
        )
    else:
        record_event(
            actor=user,
            obj=inquiry,
            action="inquiry_message",
            note=_("回复") if receiver else _("追问"),
        )
    return message


@transaction.atomic
def close_inquiry(*, user, inquiry_id) -> Inquiry:
    """The asking side closes an answered inquiry (an unanswered one stays open: its deadline
    runs)."""
    inquiry = access_inquiry(user, inquiry_id, for_update=True)
    if not is_sender(user, inquiry):
        raise NotAllowed(_("只有询问方可以关闭函询。"))
    if inquiry.status != Inquiry.Status.ANSWERED:
        raise InvalidTransition(inquiry, "close")
    inquiry.status, inquiry.closed_at = Inquiry.Status.CLOSED, timezone.now()
    inquiry.save(update_fields=["status", "closed_at"])
    record_event(actor=user, obj=inquiry, action="close_inquiry", before="answered", after="closed")
    return inquiry


@duty_flagger("inquiry")
def flag_overdue_inquiries(now: datetime.datetime) -> list[Flagged]:
    """Every inquiry still unanswered past its reply deadline and not flagged yet, flagged at
    `now` in one UPDATE (partial index inquiry_unanswered). The late side is the receiver."""
    rows = update_returning(
        Inquiry.objects.filter(
            status=Inquiry.Status.OPEN, reply_deadline__lt=now, overdue_flagged_at__isnull=True
        ),
        values={"overdue_flagged_at": now},
        returning=["id", "reply_deadline", "department_id", "direction"],
    )
    return [
        (pk, deadline, department_id if direction == Direction.TO_DEPARTMENT else None)
        for pk, deadline, department_id, direction in rows
    ]
