"""The one way in for every state change of the public side: a rating (好差评) and its
follow-up (回访、整改), a complaint (投诉) and its handling. Each service checks role and state,
writes the change and its audit event in one transaction; notifications are rows in the same
transaction (supervision.services.notify), their e-mails go after commit.

The applicant is not a user: their acts are recorded with actor None (系统) and
`data={"by": "申请人", "channel": ...}`."""

import datetime as dt
import re
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accountability.models import Complaint, Rating, RatingFollowUp
from accountability.models.public import (
    COMMENT_MAX,
    COMPLAINT_TEXT_MAX,
    CONTACT_NAME_MAX,
    HANDLING_TEXT_MAX,
)
from accountability.public.lookup import normalize_receipt
from accountability.public.workflow import (
    COMPLAINT_ALLOWED,
    FOLLOWUP_ALLOWED,
    HANDLERS,
    ComplaintAction,
    FollowUpAction,
)
from approvals import disclosure
from approvals.numbering import next_serial
from audit.actions import register_actions
from audit.services import record_event
from core.errors import DomainError, InvalidInput, InvalidTransition, NotFound
from core.roles import Role, has_role, require_role
from core.text import forbidden_character, normalize_text
from supervision.services import notify, users_with_role
from workdays import services as workdays

APPLICANT = "申请人"
COMPLAINANT = "投诉人"
COMPLAINT_SERIES = "complaint"

register_actions(
    {
        "rate": gettext_lazy("好差评"),
        "open_rating_followup": gettext_lazy("差评转回访整改"),
        "followup_contact": gettext_lazy("差评回访"),
        "followup_close": gettext_lazy("差评整改办结"),
        "complaint_submit": gettext_lazy("提交投诉"),
        "complaint_accept": gettext_lazy("受理投诉"),
        "complaint_reply": gettext_lazy("答复投诉"),
        "complaint_close": gettext_lazy("投诉办结"),
    }
)


class AlreadyRated(DomainError):
    code = "already_rated"
    status = 409
    default_message = gettext_lazy("该办件已评价,每件只能评价一次(一次一评)。")


class NotDelivered(DomainError):
    code = "not_delivered"
    status = 409
    default_message = gettext_lazy("办件出件后才能评价。")


def followup_working_days() -> int:
    return settings.RATING_FOLLOWUP_WORKING_DAYS


def complaint_working_days() -> int:
    return settings.COMPLAINT_WORKING_DAYS


def _text(value, *, field: str, limit: int, required: str | None = None) -> str:
    """A typed text as we store it: normalised, no control characters, bounded, not empty when
    `required` (its message)."""
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    value = normalize_text(value)
    bad = forbidden_character(value)
    if bad:
        raise InvalidInput(_("包含不允许的字符。"), fields={field: [_("包含不允许的字符。")]})
    if required and not value:
        raise InvalidInput(required, fields={field: [required]})
    if len(value) > limit:
        message = _("不能超过 %(n)s 个字。") % {"n": limit}
        raise InvalidInput(message, fields={field: [message]})
    return value


# --- 好差评 ---------------------------------------------------------------------------------------


def _level(value) -> int:
    """A level 1..5 from a form (ASCII digits only: "５" or "٣" is not a level) or an int."""
    if isinstance(value, str):
        value = value.strip()
        value = int(value) if value.isascii() and value.isdigit() and len(value) < 3 else None
    if isinstance(value, bool) or value not in Rating.Level.values:
        raise InvalidInput(_("请选择评价等级。"), fields={"level": [_("请选择评价等级。")]})
    return int(value)


@transaction.atomic
def rate(*, application_id: int, level, comment: str = "", channel: str, clerk=None) -> Rating:
    """好差评, once per application (一次一评), after delivery. Online: the applicant (no user;
    the caller has proved the lookup with a signed token). At the window: a window clerk hands
    over the rating screen and is recorded as such. 不满意 or worse opens a follow-up."""
    if channel == Rating.Channel.WINDOW:
        require_role(clerk, Role.WINDOW_CLERK)
    elif channel == Rating.Channel.ONLINE:
        clerk = None
    else:
        raise InvalidInput(_("评价渠道无效。"), fields={"channel": [_("无效的选项。")]})
    level = _level(level)
    comment = _text(comment, field="comment", limit=COMMENT_MAX)
    try:
        application = disclosure.application_by_id(application_id)
    except (disclosure.Application.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    if not disclosure.is_delivered(application):
        raise NotDelivered()
    now = timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                application=application,
                level=level,
                comment=comment,
                channel=channel,
                recorded_by=clerk,
                rated_at=now,
            )
    except IntegrityError:
        raise AlreadyRated() from None
    record_event(
        actor=clerk,
        obj=rating,
        action="rate",
        after=str(level),
        note=rating.get_level_display(),
        data={
            "by": APPLICANT,
            "channel": channel,
            "application": application.receipt_number or application.pk,
        },
    )
    if rating.is_bad:
        _open_followup(rating, application, now)
    return rating


def _open_followup(rating: Rating, application, now) -> RatingFollowUp:
    deadline = workdays.deadline_after(now, followup_working_days())
    followup = RatingFollowUp.objects.create(
        rating=rating,
        opened_at=now,
        due_date=deadline.date,
        due_at=deadline.at,
        due_provisional=deadline.provisional,
    )
    record_event(
        actor=None,
        obj=followup,
        action="open_rating_followup",
        after=followup.status,
        data={"rating": rating.pk, "level": rating.level, "due": deadline.date.isoformat()},
    )
    notify(
        users_with_role(Role.INSPECTOR),
        subject=_("差评待回访:%(receipt)s(%(level)s)")
        % {"receipt": application.receipt_number, "level": rating.get_level_display()},
        body=_("办件 %(receipt)s(%(item)s)收到“%(level)s”评价,请于 %(due)s 前回访并整改。")
        % {
            "receipt": application.receipt_number,
            "item": application.item_version.name,
            "level": rating.get_level_display(),
            "due": deadline.date.isoformat(),
        },
        link=reverse("public:followup_detail", args=[followup.pk]),
    )
    return followup


def _lock_followup(followup_id) -> RatingFollowUp:
    try:
        return RatingFollowUp.objects.select_for_update(of=("self",)).get(pk=followup_id)
    except (RatingFollowUp.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _require_followup(followup: RatingFollowUp, action: str) -> None:
    if followup.status not in FOLLOWUP_ALLOWED[action]:
        raise InvalidTransition(followup, action)


def _advance(obj, *, actor, action: str, before: str, status: str, note: str = "", **fields):
    """One handling step of a follow-up or a complaint, on the row its caller has locked and
    checked: the new status, the step's fields and its "<step>_at / <step>_by" pair, saved, and
    the audit event with before and after."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.status = status
    obj.save(update_fields=["status", *fields])
    record_event(actor=actor, obj=obj, action=action, before=before, after=status, note=note[:200])
    return obj


@transaction.atomic
def record_followup_contact(*, followup_id: int, inspector, result: str) -> RatingFollowUp:
    """回访: what the applicant said when the bureau called back."""
    require_role(inspector, *HANDLERS)
    result = _text(
        result, field="contact_result", limit=HANDLING_TEXT_MAX, required=_("请填写回访情况。")
    )
    followup = _lock_followup(followup_id)
    _require_followup(followup, FollowUpAction.CONTACT)
    return _advance(
        followup,
        actor=inspector,
        action="followup_contact",
        before=followup.status,
        status=RatingFollowUp.Status.CONTACTED,
        note=result,
        contact_result=result,
        contacted_at=timezone.now(),
        contacted_by=inspector,
    )


@transaction.atomic
def close_followup(*, followup_id: int, inspector, outcome: str) -> RatingFollowUp:
    """整改 outcome, and the follow-up is closed; the rater sees the outcome after a lookup."""
    require_role(inspector, *HANDLERS)
    outcome = _text(
        outcome, field="outcome", limit=HANDLING_TEXT_MAX, required=_("请填写整改结果。")
    )
    followup = _lock_followup(followup_id)
    _require_followup(followup, FollowUpAction.CLOSE)
    return _advance(
        followup,
        actor=inspector,
        action="followup_close",
        before=followup.status,
        status=RatingFollowUp.Status.CLOSED,
        note=outcome,
        outcome=outcome,
        closed_at=timezone.now(),
        closed_by=inspector,
    )


# --- 投诉 -----------------------------------------------------------------------------------------

_PHONE = re.compile(r"(?:\+?86[- ]?)?(?:1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})")
_RECEIPT = re.compile(r"SL[0-9]{10}")


def _phone(value: str) -> str:
    value = unicodedata.normalize("NFKC", normalize_text(value or ""))
    value = re.sub(r"[\s()]", "", value)
    if value and (not value.isascii() or not _PHONE.fullmatch(value)):
        message = _("请填写正确的手机号码或固定电话(如 13812345678、0755-12345678)。")
        raise InvalidInput(message, fields={"phone": [message]})
    return value


def _email(value: str) -> str:
    value = normalize_text(value or "")
    if value:
        try:
            validate_email(value)
        except ValidationError:
            message = _("请填写正确的电子邮箱。")
            raise InvalidInput(message, fields={"email": [message]}) from None
    return value


# The same complaint (same contact and text) again within this window is a double submit: the
# complainant gets the first one's number, nothing new is written or sent.
DUPLICATE_WINDOW = dt.timedelta(minutes=10)


class _Duplicate(Exception):
    """A double submit noticed under the counter's lock: the transaction rolls back (the number
    taken goes back) and the first complaint is answered."""


def _duplicate_of(*, name, phone, email, text, now) -> Complaint | None:
    return (
        Complaint.objects.filter(
            name=name,
            phone=phone,
            email=email,
            text=text,
            submitted_at__gte=now - DUPLICATE_WINDOW,
        )
        .order_by("pk")
        .first()
    )


def submit_complaint(
    *, name: str, text: str, phone: str = "", email: str = "", receipt_number: str = ""
) -> Complaint:
    """投诉 from the public form: contact (name and a phone or an e-mail), the text, an optional
    receipt number. Numbered gap-free per year (TS2026000001); due in COMPLAINT_WORKING_DAYS.

    A double submit (the same contact and text within DUPLICATE_WINDOW) answers the first
    complaint: checked under the counter's lock, which every submission takes, so two
    simultaneous copies also make one; the number the copy took goes back with its rollback."""
    try:
        return _submit_complaint(
            name=name, text=text, phone=phone, email=email, receipt_number=receipt_number
        )
    except _Duplicate as duplicate:
        return duplicate.args[0]


@transaction.atomic
def _submit_complaint(*, name, text, phone, email, receipt_number) -> Complaint:
    name = _text(name, field="name", limit=CONTACT_NAME_MAX, required=_("请填写姓名。"))
    text = _text(text, field="text", limit=COMPLAINT_TEXT_MAX, required=_("请填写投诉内容。"))
    phone, email = _phone(phone), _email(email)
    if not phone and not email:
        message = _("请至少填写联系电话或电子邮箱中的一项。")
        raise InvalidInput(message, fields={"phone": [message]})
    receipt = normalize_receipt(receipt_number)
    if receipt and not (receipt.isascii() and _RECEIPT.fullmatch(receipt)):
        message = _("受理编号格式不正确(如 SL2026000001),不清楚可不填。")
        raise InvalidInput(message, fields={"receipt_number": [message]})
    now = timezone.now()
    same = {"name": name, "phone": phone, "email": email, "text": text, "now": now}
    year = timezone.localtime(now).year
    serial = next_serial(COMPLAINT_SERIES, year)  # locks the counter: submitters queue here
    if first := _duplicate_of(**same):
        raise _Duplicate(first)
    deadline = workdays.deadline_after(now, complaint_working_days())
    complaint = Complaint.objects.create(
        number=f"TS{year}{serial:06d}",
        name=name,
        phone=phone,
        email=email,
        text=text,
        receipt_number=receipt,
        application=disclosure.application_by_receipt(receipt),
        submitted_at=now,
        due_date=deadline.date,
        due_at=deadline.at,
        due_provisional=deadline.provisional,
    )
    record_event(
        actor=None,
        obj=complaint,
        action="complaint_submit",
        after=complaint.status,
        data={"by": COMPLAINANT, "channel": "online", "due": deadline.date.isoformat()},
    )
    notify(
        users_with_role(Role.INSPECTOR),
        subject=_("新投诉:%(number)s") % {"number": complaint.number},
        body=_("收到投诉 %(number)s,请于 %(due)s 前办结。")
        % {"number": complaint.number, "due": deadline.date.isoformat()},
        link=reverse("public:complaint_detail", args=[complaint.pk]),
    )
    return complaint


def _lock_complaint(complaint_id) -> Complaint:
    try:
        return Complaint.objects.select_for_update(of=("self",)).get(pk=complaint_id)
    except (Complaint.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _step(complaint: Complaint, action: str) -> str:
    if complaint.status not in COMPLAINT_ALLOWED[action]:
        raise InvalidTransition(complaint, action)
    return complaint.status


@transaction.atomic
def accept_complaint(*, complaint_id: int, inspector) -> Complaint:
    require_role(inspector, *HANDLERS)
    complaint = _lock_complaint(complaint_id)
    return _advance(
        complaint,
        actor=inspector,
        action="complaint_accept",
        before=_step(complaint, ComplaintAction.ACCEPT),
        status=Complaint.Status.ACCEPTED,
        accepted_at=timezone.now(),
        accepted_by=inspector,
    )


@transaction.atomic
def reply_complaint(*, complaint_id: int, inspector, reply: str) -> Complaint:
    """答复: the reply given to the complainant and what was done (处理结果)."""
    require_role(inspector, *HANDLERS)
    reply = _text(reply, field="reply", limit=HANDLING_TEXT_MAX, required=_("请填写答复内容。"))
    complaint = _lock_complaint(complaint_id)
    return _advance(
        complaint,
        actor=inspector,
        action="complaint_reply",
        before=_step(complaint, ComplaintAction.REPLY),
        status=Complaint.Status.REPLIED,
        note=reply,
        reply=reply,
        replied_at=timezone.now(),
        replied_by=inspector,
    )


@transaction.atomic
def close_complaint(*, complaint_id: int, inspector) -> Complaint:
    require_role(inspector, *HANDLERS)
    complaint = _lock_complaint(complaint_id)
    return _advance(
        complaint,
        actor=inspector,
        action="complaint_close",
        before=_step(complaint, ComplaintAction.CLOSE),
        status=Complaint.Status.CLOSED,
        closed_at=timezone.now(),
        closed_by=inspector,
    )


def may_handle(user) -> bool:
    return has_role(user, *HANDLERS)


__all__ = [
    "AlreadyRated",
    "NotDelivered",
    "accept_complaint",
    "close_complaint",
    "close_followup",
    "complaint_working_days",
    "followup_working_days",
    "may_handle",
    "normalize_receipt",
    "rate",
    "record_followup_contact",
    "reply_complaint",
    "submit_complaint",
]
