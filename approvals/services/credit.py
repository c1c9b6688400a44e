"""失信记录 (issue 14, part "checks"): open (from a 告知承诺 check found 不属实), lift (the
approver, with a reason, audited), and the one rule the window reads: `standing_record(id)`."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.models import CREDIT_REASON_MAX, CreditRecord
from approvals.services._common import clean_text
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import Role, require_role
from core.text import describe, forbidden_character


def standing_records(id_number: str):
    """The records standing (not lifted) against an applicant's ID number."""
    if not id_number:
        return CreditRecord.objects.none()
    return CreditRecord.objects.filter(id_number=id_number, lifted_at__isnull=True)


def standing_record(id_number: str) -> CreditRecord | None:
    return standing_records(id_number).first()


def credit_warning(id_number: str) -> str:
    """The window's warning for an applicant with a standing record ("" when none)."""
    record = standing_record(id_number)
    if record is None:
        return ""
    return _(
        "该申请人有失信记录(%(reason)s,%(since)s 起):不得以告知承诺方式受理,不得容缺受理。"
    ) % {"reason": record.reason, "since": timezone.localdate(record.since).isoformat()}


def intake_warning(app) -> str:
    """The warning on an application still at intake (not accepted yet): what the window must
    see before 受理; "" once accepted (no query then)."""
    if app.accepted_at is not None:
        return ""
    return credit_warning(app.applicant.id_number)


def refuse_while_standing(id_number: str, *, commitment: bool, waivers: bool) -> None:
    """The intake rule: while a record stands, no 告知承诺 acceptance and no 容缺 (409)."""
    if not (commitment or waivers):
        return
    if standing_record(id_number) is None:
        return
    if commitment:
        message = _("该申请人有失信记录,不得以告知承诺方式受理。")
    else:
        message = _("该申请人有失信记录,不得容缺受理。")
    raise InvalidTransition(message=message, code="credit_record")


def open_credit_record(*, actor, id_number, holder_name, reason, source_ref="") -> CreditRecord:
    """Inside the caller's transaction (a check found 不属实)."""
    record = CreditRecord.objects.create(
        id_number=id_number,
        holder_name=holder_name,
        reason=reason[:CREDIT_REASON_MAX],
        source=CreditRecord.Source.COMMITMENT_CHECK,
        source_ref=source_ref[:60],
        since=timezone.now(),
    )
    record_event(actor=actor, obj=record, action="open_credit_record", note=holder_name)
    return record


@transaction.atomic
def lift_credit_record(*, user, record_id, reason) -> CreditRecord:
    require_role(user, Role.APPROVER)
    reason = clean_text(
        reason, field="reason", limit=CREDIT_REASON_MAX, required=_("请说明解除理由。")
    )
    bad = forbidden_character(reason)
    if bad:
        message = _("含有不允许的控制字符(%(c)s)。") % {"c": describe(bad)}
        raise InvalidInput(message, fields={"reason": [message]})
    try:
        record = CreditRecord.objects.select_for_update().get(pk=record_id)
    except (CreditRecord.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound() from None
    if record.lifted_at is not None:
        raise InvalidTransition(message=_("该失信记录已解除。"), code="credit_lifted")
    record.lifted_at, record.lifted_by, record.lift_reason = timezone.now(), user, reason
    record.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    record_event(actor=user, obj=record, action="lift_credit_record", note=reason[:200])
    return record


__all__ = [
    "credit_warning",
    "intake_warning",
    "lift_credit_record",
    "open_credit_record",
    "refuse_while_standing",
    "standing_record",
    "standing_records",
]
