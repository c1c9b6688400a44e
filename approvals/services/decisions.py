"""Decisions under the one seal, permits, later decisions on a permit, expiry."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import archive, numbering, signals
from approvals import procedures as procedure_rules
from approvals.limits import CONTENT_MAX, NAME_MAX, REASON_MAX
from approvals.models import (
    Decision,
    Permit,
    Seal,
    SealUse,
)
from approvals.services._common import (
    S,
    _lock,
    _require,
    _set_status,
    _today,
    active_seal,
    clean_text,
)
from approvals.services.validity import check_valid_until, item_validity, renewal_start
from approvals.workflow import PERMIT_DECISION_ROLES, ROLES, Action, require_other_person
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition, NotFound
from core.roles import require_role
from core.text import normalize_text
from workdays import services as workdays


def _take_decision_number(seal: Seal, when: datetime.datetime) -> tuple[str, int, int]:
    year = timezone.localdate(when).year
    serial = numbering.next_serial(numbering.DECISION, year)
    return numbering.decision_number(seal.document_prefix, year, serial), year, serial


def _seal_decision(
    *, kind, actor, application=None, permit=None, reason="", content=""
) -> Decision:
    seal = active_seal()
    now = timezone.now()
    number, year, serial = _take_decision_number(seal, now)
    decision = Decision.objects.create(
        number=number,
        year=year,
        serial=serial,
        kind=kind,
        application=application,
        permit=permit,
        reason=reason,
        content=content,
        decided_by=actor,
        decided_at=now,
        seal=seal,
    )
    SealUse.objects.create(
        seal=seal, decision=decision, kind="decision", number=number, used_by=actor, used_at=now
    )
    archive.issue_decision_letter(decision, actor=actor)  # the frozen letter (电子档案)
    return decision


def _issue_permit(
    *, application, version, holder, valid_from, valid_until, content="", replaces=None
) -> Permit:
    # Numbered by the year of issue: a renewal issued in 2026 that starts in 2031 is XK2026...
    year = _today().year
    number = numbering.permit_number(year, numbering.next_serial(numbering.PERMIT, year))
    return Permit.objects.create(
        number=number,
        application=application,
        item_version=version,
        holder=holder,
        holder_name=holder.name,
        valid_from=valid_from,
        valid_until=valid_until,
        content=content,
        replaces=replaces,
    )


# The decision path owns its transaction (durable: it may not run inside another one), so the
# decision, its number, the seal log, the audit rows and the outbox rows are committed when it
# returns, and the on-commit side effects it schedules run then.
@transaction.atomic(durable=True)
def decide(
    *,
    application_id,
    approver,
    approve: bool,
    reason: str = "",
    valid_until: datetime.date | None = None,
    content: str | None = None,
) -> Decision:
    """准予 / 不予许可 under the bureau's one active seal (一枚印章管审批). The approver may
    not be the reviewer of the same case (一审一核). `content` is what the approver approves
    (审批内容; default: the application's content): the decision, its letter, its push and the
    permit carry it, not the applicant's own text."""
    require_role(approver, *ROLES[Action.DECIDE])
    app = _lock(application_id)
    _require(app, Action.DECIDE)
    require_other_person(app, approver)  # 一审一核 (reviewer; 即办件: the accepting clerk)
    reason = clean_text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=None if approve else _("不予许可必须说明理由。"),
        code="reason_required",
    )
    # None (not given) is the application's content; a typed text with nothing visible is a
    # mistake, not "approve what was asked".
    approved_content = clean_text(
        app.content if content is None else content, field="content", limit=CONTENT_MAX
    )
    if content is not None and not approved_content:
        raise InvalidInput(
            _("审批内容不能只含空白或不可见字符。"),
            code="content_required",
            fields={"content": [_("请填写审批内容,或留空以沿用申请内容。")]},
        )
    today = _today()
    check_valid_until(valid_until, version=app.item_version, valid_from=today, today=today)

    decision = _seal_decision(
        kind=Decision.Kind.APPROVE if approve else Decision.Kind.DENY,
        actor=approver,
        application=app,
        reason=reason,
        content=approved_content,
    )
    if approve:
        decision.permit = _issue_permit(
            application=app,
            version=app.item_version,
            holder=app.applicant,
            valid_from=today,
            valid_until=valid_until or item_validity(app.item_version, today),
            content=approved_content,
        )
        decision.save(update_fields=["permit"])
    app.decided_by, app.decided_at = approver, decision.decided_at
    app.decide_working_days = workdays.working_days_between(
        app.accepted_at.astimezone(workdays.TZ).date(),
        decision.decided_at.astimezone(workdays.TZ).date(),
    )
    _set_status(
        app,
        approver,
        "decide",
        S.APPROVED if approve else S.DENIED,
        note=f"{decision.number} {reason}".strip(),
        fields=("decided_by", "decided_at", "decide_working_days"),
        data={"decision": decision.number},
    )
    signals.decision_recorded.send(sender=Decision, decision=decision)
    return decision


@transaction.atomic(durable=True)
def act_on_permit(
    *,
    permit_number: str,
    approver,
    kind: str,
    reason: str,
    content: str = "",
    valid_until: datetime.date | None = None,
    holder_name: str = "",
) -> Decision:
    """The bare "write a later decision" step, durable. Not a way in for pages, the API or
    other apps: a later decision is a procedure (approvals.services.start_procedure, reviewed,
    then decide_procedure, 一审一核). Kept for tests that need a decided permit quickly."""
    require_role(approver, *PERMIT_DECISION_ROLES)
    if kind not in procedure_rules.PERMIT_RESULT:
        raise InvalidInput(_("决定类型无效。"), fields={"kind": [_("无效的选项。")]})
    return write_permit_decision(
        permit=lock_permit(permit_number),
        approver=approver,
        kind=kind,
        reason=reason,
        content=content,
        valid_until=valid_until,
        holder_name=holder_name,
    )


def is_permit_number_shaped(number) -> bool:
    """A string that could be a permit number: 1-30 printable characters (PostgreSQL refuses a
    NUL in a query with an error, not "no row"; such a number is simply not found)."""
    return (
        isinstance(number, str) and 0 < len(number) <= 30 and all(ch.isprintable() for ch in number)
    )


def lock_permit(permit_number) -> Permit:
    """The permit by number, row-locked (no key: pushes and procedures referencing it may still
    be inserted); NotFound for a missing or malformed number."""
    if not is_permit_number_shaped(permit_number):
        raise NotFound()
    try:
        return (
            Permit.objects.select_for_update(no_key=True, of=("self",))
            .select_related("item_version", "holder", "application")
            .get(number=permit_number)
        )
    except Permit.DoesNotExist:
        raise NotFound() from None


def check_permit_allows(permit: Permit, kind: str) -> None:
    """The one check that `kind` may act on the permit as it stands now (approvals.procedures
    PERMIT_STATUSES over current_status): 409 code permit_status otherwise."""
    if not procedure_rules.kind_allowed_on(permit, kind):
        raise InvalidTransition(
            message=_("证件当前状态为“%(status)s”,不能作出“%(kind)s”决定。")
            % {
                "status": Permit.Status(permit.current_status).label,
                "kind": Decision.Kind(kind).label,
            },
            code="permit_status",
        )


def clean_permit_request(*, permit, kind, content, valid_until, holder_name):
    """The requested content / validity / holder name of a later decision, as stored: checked
    the same way when a procedure starts and when it is decided. Returns (content, holder_name,
    valid_from of a replacing permit or None)."""
    today = _today()
    start = None
    if kind in procedure_rules.REPLACING:
        start = (
            renewal_start(permit.valid_until, today)
            if kind == Decision.Kind.RENEW
            else permit.valid_from
        )
        check_valid_until(valid_until, version=permit.item_version, valid_from=start, today=today)
    elif valid_until is not None:
        message = _("只有变更、延续决定可以填写有效期。")
        raise InvalidInput(message, code="invalid_valid_until", fields={"valid_until": [message]})
    content = clean_text(content, field="content", limit=CONTENT_MAX)
    typed_name = holder_name or ""
    holder_name = clean_text(holder_name, field="holder_name", limit=NAME_MAX)
    if typed_name and not holder_name:  # typed, but nothing visible: not "keep the name"
        raise InvalidInput(
            _("持证人名称不能只含空白或不可见字符。"),
            fields={"holder_name": [_("请填写可见的名称。")]},
        )
    if holder_name and kind != Decision.Kind.CHANGE:
        message = _("只有变更决定可以更改持证人名称。")
        raise InvalidInput(message, fields={"holder_name": [message]})
    return content, holder_name, start


def write_permit_decision(
    *,
    permit: Permit,
    approver,
    kind: str,
    reason: str,
    content: str = "",
    valid_until: datetime.date | None = None,
    holder_name: str = "",
) -> Decision:
    """The write step of every later decision, on a permit the caller has locked, inside the
    caller's transaction: the checks, the sealed Decision (through _seal_decision, so it gets
    its number, seal log and letter), the permit's new status, the replacing permit of a change
    or renewal, the audit rows, and the decision_recorded signal (the pushes)."""
    check_permit_allows(permit, kind)
    content, holder_name, start = clean_permit_request(
        permit=permit, kind=kind, content=content, valid_until=valid_until, holder_name=holder_name
    )
    reason = clean_text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("请说明理由。"),
        code="reason_required",
    )
    decision = _seal_decision(
        kind=kind,
        actor=approver,
        application=permit.application,
        permit=permit,
        reason=reason,
        content=content,
    )
    before = permit.status
    permit.status = procedure_rules.PERMIT_RESULT[kind]
    permit.save(update_fields=["status", "updated_at"])
    record_event(
        actor=approver,
        obj=permit,
        action=kind,
        before=before,
        after=permit.status,
        note=f"{decision.number} {reason}",
        data={"decision": decision.number},
    )
    if kind in procedure_rules.REPLACING:
        if kind == Decision.Kind.RENEW:
            until = valid_until or item_validity(permit.item_version, start)
        else:
            until = valid_until or permit.valid_until
        new = _issue_permit(
            application=permit.application,
            version=permit.item_version,
            holder=permit.holder,
            valid_from=start,
            valid_until=until,
            content=content or permit.content,
            replaces=permit,
        )
        if holder_name:
            new.holder_name = holder_name
            new.save(update_fields=["holder_name"])
        decision.permit = new
        decision.save(update_fields=["permit"])
        record_event(
            actor=approver,
            obj=new,
            action="issue",
            after=new.status,
            note=f"{decision.number} {_('替代')} {permit.number}",
        )
    signals.decision_recorded.send(sender=Decision, decision=decision)
    return decision


@transaction.atomic
def expire_permits(*, as_of: datetime.date | None = None) -> int:
    """Valid (and suspended: a suspension does not stop the validity's clock) permits past
    valid_until become expired: one set-based UPDATE, idempotent."""
    as_of = as_of or _today()
    expiring = list(
        Permit.objects.select_for_update(skip_locked=True)
        .filter(status__in=Permit.EXPIRING, valid_until__lt=as_of)
        .values_list("pk", "number", "status")
    )
    if not expiring:
        return 0
    Permit.objects.filter(pk__in=[pk for pk, _n, _s in expiring]).update(
        status=Permit.Status.EXPIRED, updated_at=timezone.now()
    )
    for pk, number, before in expiring:
        record_event(
            actor=None,
            obj=Permit(pk=pk, number=number),
            action="expire",
            before=before,
            after=Permit.Status.EXPIRED,
        )
    return len(expiring)


@transaction.atomic
def install_seal(
    *, name: str, code: str, document_prefix: str, bureau_name: str, actor=None
) -> Seal:
    """Make this the one active approval seal (the previous one, if any, is retired)."""
    existing = Seal.objects.filter(code=code).first()
    if existing and existing.active:
        return existing
    Seal.objects.filter(active=True).update(active=False)
    seal, _created = Seal.objects.update_or_create(
        code=code,
        defaults={
            "name": name,
            "document_prefix": document_prefix,
            "bureau_name": bureau_name,
            "active": True,
        },
    )
    record_event(actor=actor, obj=seal, action="install_seal", after="active")
    return seal


@transaction.atomic
def update_seal(*, actor, seal_id, **changes) -> Seal:
    """An admin's edit of the seal's wording: its name, the bureau's name and the document
    prefix that every later decision number carries (示审批〔2026〕1号). Which seal is active
    stays install_seal()'s business. Audited with what changed from what."""
    editable = {"name", "document_prefix", "bureau_name"}
    if set(changes) - editable:
        raise InvalidInput(_("只能修改印章名称、机关名称和文书字号前缀。"), code="not_editable")
    changes = {f: normalize_text(v or "") for f, v in changes.items()}
    blank = [f for f, v in changes.items() if not v]
    if blank:
        raise InvalidInput(_("不能为空。"), fields={f: [_("必填。")] for f in blank})
    too_long = {
        f: [_("最多 %(limit)s 个字符。") % {"limit": Seal._meta.get_field(f).max_length}]
        for f, v in changes.items()
        if len(v) > Seal._meta.get_field(f).max_length
    }
    if too_long:
        raise InvalidInput(next(iter(too_long.values()))[0], fields=too_long)
    return archive.save_seal_changes(actor=actor, seal_id=seal_id, cleaned=changes)
