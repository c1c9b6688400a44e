"""The one way in for every state change of applications, decisions and permits.

Each service checks role and state, writes the change and its audit event in one transaction,
and schedules side effects with transaction.on_commit. Later decisions hand their outbox rows to
other apps through `signals.decision_recorded`, sent inside the same transaction."""

import datetime
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability.audit import record_event
from approvals import numbering, signals
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    Decision,
    Permit,
    ReviewOpinion,
    Seal,
    SealUse,
    SpecialProcedure,
    StoredFile,
)
from approvals.validators import validate_credit_code, validate_resident_id
from approvals.workflow import Action, allowed
from catalog.models import ItemVersion
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import Role, require_role
from workdays import services as workdays

S = Application.Status
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
ALLOWED_UPLOAD_TYPES = {
    "application/pdf": b"%PDF",
    "image/jpeg": b"\xff\xd8\xff",
    "image/png": b"\x89PNG\r\n\x1a\n",
}


# --- helpers -----------------------------------------------------------------------------------


def _lock(application_id) -> Application:
    try:
        return (
            Application.objects.select_for_update(no_key=True)
            .select_related("item_version", "applicant")
            .get(pk=application_id)
        )
    except (Application.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None


def _require(application: Application, action: str) -> None:
    if not allowed(application, action):
        if application.paused and action in (Action.REVIEW, Action.DECIDE):
            raise InvalidTransition(
                application, action, _("特别程序进行中,计时已暂停,不能执行此操作。"), code="paused"
            )
        raise InvalidTransition(application, action)


def _set_status(
    app: Application,
    actor,
    action: str,
    new_status: str,
    note: str = "",
    fields: tuple[str, ...] = (),
    data: dict | None = None,
) -> None:
    before = app.status
    app.status = new_status
    app.save(update_fields=["status", "updated_at", *fields])
    record_event(
        actor=actor, obj=app, action=action, before=before, after=new_status, note=note, data=data
    )


def _today() -> datetime.date:
    return timezone.localdate()


def active_seal() -> Seal:
    seal = Seal.objects.filter(active=True).first()
    if seal is None:
        raise InvalidTransition(
            message=_("没有启用的审批专用章,请联系管理员。"), code="no_active_seal"
        )
    return seal


# --- applicants and the material library -------------------------------------------------------


def validate_id_number(kind: str, id_number: str) -> str:
    if kind == Applicant.Kind.PERSON:
        return validate_resident_id(id_number)
    if kind == Applicant.Kind.ORGANIZATION:
        return validate_credit_code(id_number)
    raise ValidationError(_("申请人类型无效。"), code="invalid_kind")


@transaction.atomic
def register_applicant(
    *, actor, kind: str, name: str, id_number: str, phone: str = "", address: str = ""
) -> Applicant:
    """Find the applicant by ID number, or register them; contact details are updated."""
    require_role(actor, Role.WINDOW_CLERK)
    try:
        id_number = validate_id_number(kind, id_number)
    except ValidationError as exc:
        raise InvalidInput(
            exc.messages[0], code="invalid_applicant", fields={"id_number": exc.messages}
        ) from None
    name = (name or "").strip()
    if not name:
        raise InvalidInput(_("请填写申请人姓名或名称。"), fields={"name": [_("必填。")]})
    applicant, created = Applicant.objects.select_for_update().get_or_create(
        kind=kind,
        id_number=id_number,
        defaults={"name": name, "phone": phone, "address": address},
    )
    if created:
        record_event(actor=actor, obj=applicant, action="register_applicant", after=kind)
    else:
        changed = {
            f: v
            for f, v in (("name", name), ("phone", phone), ("address", address))
            if v and getattr(applicant, f) != v
        }
        if changed:
            for field, value in changed.items():
                setattr(applicant, field, value)
            applicant.save(update_fields=[*changed, "updated_at"])
            record_event(
                actor=actor,
                obj=applicant,
                action="update_applicant",
                note=", ".join(sorted(changed)),
            )
    return applicant


def check_upload(uploaded) -> tuple[bytes, str]:
    """Size and type limits; the type is read from the file's first bytes, not its name."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise InvalidInput(
            _("文件过大:单个文件不能超过 10 MB。"),
            code="file_too_large",
            fields={"file": [_("文件不能超过 10 MB。")]},
        )
    data = uploaded.read()
    for content_type, magic in ALLOWED_UPLOAD_TYPES.items():
        if data.startswith(magic):
            return data, content_type
    raise InvalidInput(
        _("只能上传 PDF、JPEG 或 PNG 文件。"),
        code="file_type",
        fields={"file": [_("只能上传 PDF、JPEG 或 PNG 文件。")]},
    )


@transaction.atomic
def store_file(*, actor, applicant: Applicant, uploaded) -> StoredFile:
    """Put a file into the applicant's library once (by SHA-256); the same content uploaded
    again returns the stored one (一件多用)."""
    require_role(actor, Role.WINDOW_CLERK)
    data, content_type = check_upload(uploaded)
    digest = hashlib.sha256(data).hexdigest()
    existing = StoredFile.objects.filter(applicant=applicant, sha256=digest).first()
    if existing:
        return existing
    stored = StoredFile(
        applicant=applicant,
        sha256=digest,
        size=len(data),
        content_type=content_type,
        uploaded_by=actor,
        original_name=(getattr(uploaded, "name", "") or digest)[:255],
    )
    stored.file.save(digest, ContentFile(data), save=False)
    try:
        with transaction.atomic():  # a double submit of the same file: keep the first
            stored.save()
    except IntegrityError:
        return StoredFile.objects.get(applicant=applicant, sha256=digest)
    record_event(
        actor=actor,
        obj=applicant,
        action="store_file",
        note=stored.original_name,
        data={"sha256": digest},
    )
    return stored


# --- intake ------------------------------------------------------------------------------------


@transaction.atomic
def submit(
    *,
    clerk,
    item_version: ItemVersion,
    applicant: Applicant,
    provided: dict[int, bool],
    content: str = "",
    files: dict[int, StoredFile] | None = None,
) -> Application:
    """登记: the application with its checklist from the item's published version."""
    require_role(clerk, Role.WINDOW_CLERK)
    if item_version.status != ItemVersion.Status.PUBLISHED:
        raise InvalidInput(
            _("该事项版本未发布,不能受理。"),
            code="item_not_published",
            fields={"item": [_("事项未发布。")]},
        )
    materials = list(item_version.materials.all())
    known = {m.pk for m in materials}
    unknown = (set(provided) | set(files or {})) - known
    if unknown:
        raise InvalidInput(
            _("材料不属于该事项:%(ids)s。") % {"ids": sorted(unknown)},
            code="unknown_material",
            fields={"materials": [_("材料编号无效。")]},
        )
    files = files or {}
    for stored in files.values():
        if stored.applicant_id != applicant.pk:
            raise InvalidInput(
                _("只能使用本申请人的电子要件。"),
                code="foreign_file",
                fields={"materials": [_("文件不属于该申请人。")]},
            )
    app = Application.objects.create(
        item_version=item_version, applicant=applicant, content=content, submitted_by=clerk
    )
    ApplicationMaterial.objects.bulk_create(
        [
            ApplicationMaterial(
                application=app,
                material=m,
                file=files.get(m.pk),
                state=ApplicationMaterial.State.PROVIDED
                if provided.get(m.pk) or m.pk in files
                else ApplicationMaterial.State.MISSING,
            )
            for m in materials
        ]
    )
    record_event(actor=clerk, obj=app, action="submit", after=S.SUBMITTED, note=item_version.name)
    return app


@transaction.atomic
def record_materials(
    *, application_id, clerk, provided: list[int], files: dict[int, StoredFile] | None = None
) -> Application:
    """Mark materials as now provided (e.g. after a correction notice)."""
    require_role(clerk, Role.WINDOW_CLERK)
    app = _lock(application_id)
    _require(app, Action.RECORD_MATERIALS)
    files = files or {}
    lines = {line.material_id: line for line in app.materials.all()}
    unknown = (set(provided) | set(files)) - set(lines)
    if unknown:
        raise InvalidInput(
            _("材料不属于该办件。"),
            code="unknown_material",
            fields={"materials": [_("材料编号无效。")]},
        )
    for material_id in set(provided) | set(files):
        line = lines[material_id]
        line.state = ApplicationMaterial.State.PROVIDED
        if material_id in files:
            line.file = files[material_id]
        line.save(update_fields=["state", "file"])
    record_event(
        actor=clerk,
        obj=app,
        action="record_materials",
        before=app.status,
        after=app.status,
        data={"provided": sorted(set(provided) | set(files))},
    )
    return app


@transaction.atomic
def accept(
    *,
    application_id,
    clerk,
    waived: list[int] | None = None,
    supply_by: datetime.date | None = None,
) -> Application:
    """受理: every required material is provided or waived (容缺, waivable ones only).
    Takes a receipt number and starts the clock: due = committed limit in working days."""
    require_role(clerk, Role.WINDOW_CLERK)
    app = _lock(application_id)
    _require(app, Action.ACCEPT)
    waived = set(waived or [])
    lines = list(app.materials.select_related("material"))
    by_id = {line.material_id: line for line in lines}
    if waived - set(by_id):
        raise InvalidInput(
            _("容缺材料不属于该办件。"),
            code="unknown_material",
            fields={"waived": [_("材料编号无效。")]},
        )
    not_waivable = [by_id[i].material.name for i in waived if not by_id[i].material.waivable]
    if not_waivable:
        raise InvalidInput(
            _("以下材料不可容缺:%(names)s。") % {"names": "、".join(not_waivable)},
            code="not_waivable",
            fields={"waived": not_waivable},
        )
    missing = [
        line.material.name
        for line in lines
        if line.material.required
        and line.state != ApplicationMaterial.State.PROVIDED
        and line.material_id not in waived
    ]
    if missing:
        raise InvalidInput(
            _("缺少必须提交的材料:%(names)s。") % {"names": "、".join(missing)},
            code="materials_missing",
            fields={"materials": missing},
        )

    now = timezone.now()
    version = app.item_version
    if version.instant:
        due_date, provisional = timezone.localdate(now), False
        due_at = workdays.end_of_day(due_date)
    else:
        deadline = workdays.deadline_after(now, version.committed_limit_days)
        due_date, due_at, provisional = deadline.date, deadline.at, deadline.provisional
    supply_by = supply_by or due_date
    for material_id in waived:
        line = by_id[material_id]
        if line.state != ApplicationMaterial.State.PROVIDED:
            line.state = ApplicationMaterial.State.WAIVED
            line.supply_by = supply_by
            line.save(update_fields=["state", "supply_by"])

    year = timezone.localdate(now).year
    app.receipt_number = numbering.receipt_number(
        year, numbering.next_serial(numbering.RECEIPT, year)
    )
    app.accepted_at, app.accepted_by = now, clerk
    app.due_date, app.due_at, app.due_provisional = due_date, due_at, provisional
    _set_status(
        app,
        clerk,
        "accept",
        S.ACCEPTED,
        fields=(
            "receipt_number",
            "accepted_at",
            "accepted_by",
            "due_date",
            "due_at",
            "due_provisional",
        ),
        data={"waived": sorted(waived)} if waived else None,
    )
    return app


@transaction.atomic
def request_correction(*, application_id, clerk, missing: list[int], note: str = "") -> Application:
    """一次性告知: one notice listing EVERY missing material."""
    require_role(clerk, Role.WINDOW_CLERK)
    app = _lock(application_id)
    _require(app, Action.REQUEST_CORRECTION)
    lines = {line.material_id: line for line in app.materials.all()}
    if not missing:
        raise InvalidInput(
            _("请至少选择一项需补正的材料。"),
            code="nothing_missing",
            fields={"missing": [_("必填。")]},
        )
    if set(missing) - set(lines):
        raise InvalidInput(
            _("材料不属于该办件。"),
            code="unknown_material",
            fields={"missing": [_("材料编号无效。")]},
        )
    for material_id in missing:
        line = lines[material_id]
        line.state = ApplicationMaterial.State.MISSING
        line.save(update_fields=["state"])
    # Anything else still missing belongs in the same notice: one notice, every material.
    all_missing = sorted(
        set(missing)
        | {i for i, line in lines.items() if line.state == ApplicationMaterial.State.MISSING}
    )
    app.correction_note = note
    _set_status(
        app,
        clerk,
        "request_correction",
        S.CORRECTION_REQUESTED,
        note=note,
        fields=("correction_note",),
        data={"missing": all_missing},
    )
    return app


@transaction.atomic
def refuse(*, application_id, clerk, reason: str) -> Application:
    """不予受理, with the reason the decision letter states."""
    require_role(clerk, Role.WINDOW_CLERK)
    app = _lock(application_id)
    _require(app, Action.REFUSE)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("不予受理必须说明理由。"), code="reason_required", fields={"reason": [_("必填。")]}
        )
    app.refusal_reason = reason
    _set_status(app, clerk, "refuse", S.REFUSED, note=reason, fields=("refusal_reason",))
    return app


# --- review and the clock ----------------------------------------------------------------------


@transaction.atomic
def start_review(*, application_id, reviewer) -> Application:
    require_role(reviewer, Role.REVIEWER)
    app = _lock(application_id)
    _require(app, Action.START_REVIEW)
    app.reviewed_by = reviewer
    _set_status(app, reviewer, "start_review", S.UNDER_REVIEW, fields=("reviewed_by",))
    return app


@transaction.atomic
def review(
    *, application_id, reviewer, opinion: str, recommendation: str, site_inspection: str = ""
) -> ReviewOpinion:
    require_role(reviewer, Role.REVIEWER)
    app = _lock(application_id)
    _require(app, Action.REVIEW)
    errors = {}
    if not (opinion or "").strip():
        errors["opinion"] = [_("请填写审查意见。")]
    if recommendation not in ReviewOpinion.Recommendation.values:
        errors["recommendation"] = [_("审查建议应为 approve 或 deny。")]
    if app.item_version.site_inspection and not (site_inspection or "").strip():
        errors["site_inspection"] = [_("该事项需现场踏勘,请填写踏勘记录。")]
    if errors:
        code = "site_inspection_required" if list(errors) == ["site_inspection"] else "invalid"
        raise InvalidInput(next(iter(errors.values()))[0], code=code, fields=errors)
    if app.reviewed_by_id and app.reviewed_by_id != reviewer.pk and app.status == S.UNDER_REVIEW:
        raise NotAllowed(_("该办件由其他审查人员审查中。"), code="not_your_case")
    opinion_row = ReviewOpinion.objects.create(
        application=app,
        reviewer=reviewer,
        opinion=opinion.strip(),
        recommendation=recommendation,
        site_inspection=(site_inspection or "").strip(),
    )
    app.reviewed_by = reviewer
    _set_status(
        app,
        reviewer,
        "review",
        S.REVIEWED,
        note=opinion.strip(),
        fields=("reviewed_by",),
        data={"recommendation": recommendation},
    )
    return opinion_row


@transaction.atomic
def start_special_procedure(
    *, application_id, actor, kind: str, note: str = ""
) -> SpecialProcedure:
    """听证、检验检测、专家评审、公示: the clock stops until the procedure ends."""
    require_role(actor, Role.REVIEWER, Role.APPROVER)
    app = _lock(application_id)
    _require(app, Action.PAUSE)
    if kind not in SpecialProcedure.Kind.values:
        raise InvalidInput(_("特别程序类型无效。"), fields={"kind": [_("无效的选项。")]})
    procedure = SpecialProcedure.objects.create(
        application=app, kind=kind, note=note, started_at=timezone.now(), started_by=actor
    )
    app.paused = True
    app.save(update_fields=["paused", "updated_at"])
    record_event(
        actor=actor,
        obj=app,
        action="pause",
        before=app.status,
        after=app.status,
        note=f"{procedure.get_kind_display()} {note}".strip(),
    )
    return procedure


@transaction.atomic
def end_special_procedure(*, application_id, actor, note: str = "") -> SpecialProcedure:
    """Ends the open procedure; the due date moves by the working days it took."""
    require_role(actor, Role.REVIEWER, Role.APPROVER)
    app = _lock(application_id)
    _require(app, Action.RESUME)
    procedure = app.special_procedures.select_for_update().get(ended_at__isnull=True)
    now = timezone.now()
    started = timezone.localdate(procedure.started_at)
    days = workdays.working_days_between(started, timezone.localdate(now))
    procedure.ended_at, procedure.ended_by, procedure.working_days = now, actor, days
    if note:
        procedure.note = f"{procedure.note}\n{note}".strip()
    procedure.save(update_fields=["ended_at", "ended_by", "working_days", "note"])
    before_due = app.due_date
    if days and app.due_date:
        moved = workdays.add_working_days(app.due_date, days)
        app.due_date, app.due_at = moved.date, workdays.end_of_day(moved.date)
        app.due_provisional = app.due_provisional or moved.provisional
    app.paused = False
    app.paused_working_days += days
    app.save(
        update_fields=[
            "paused",
            "paused_working_days",
            "due_date",
            "due_at",
            "due_provisional",
            "updated_at",
        ]
    )
    record_event(
        actor=actor,
        obj=app,
        action="resume",
        before=app.status,
        after=app.status,
        note=_("%(kind)s结束,占用 %(days)s 个工作日,办结期限 %(old)s → %(new)s")
        % {
            "kind": procedure.get_kind_display(),
            "days": days,
            "old": before_due,
            "new": app.due_date,
        },
    )
    return procedure


# --- decision under the seal -------------------------------------------------------------------


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
    SealUse.objects.create(seal=seal, decision=decision, used_by=actor, used_at=now)
    return decision


def _validity(version: ItemVersion, valid_from: datetime.date) -> datetime.date | None:
    years = version.permit_validity_years
    if not years:
        return None
    try:
        end = valid_from.replace(year=valid_from.year + years)
    except ValueError:  # 29 Feb
        end = valid_from.replace(year=valid_from.year + years, day=28)
    return end - datetime.timedelta(days=1)


def _issue_permit(
    *, application, version, holder, valid_from, valid_until, content="", replaces=None
) -> Permit:
    year = valid_from.year
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


@transaction.atomic
def decide(
    *,
    application_id,
    approver,
    approve: bool,
    reason: str = "",
    valid_until: datetime.date | None = None,
) -> Decision:
    """准予 / 不予许可 under the bureau's one active seal (一枚印章管审批). The approver may
    not be the reviewer of the same case (一审一核)."""
    require_role(approver, Role.APPROVER)
    app = _lock(application_id)
    _require(app, Action.DECIDE)
    if app.reviewed_by_id == approver.pk:
        raise NotAllowed(_("审查人与审批人不能为同一人(一审一核)。"), code="same_person")
    reason = (reason or "").strip()
    if not approve and not reason:
        raise InvalidInput(
            _("不予许可必须说明理由。"), code="reason_required", fields={"reason": [_("必填。")]}
        )
    today = _today()
    if valid_until is not None and valid_until < today:
        raise InvalidInput(
            _("有效期截止日不能早于今天。"),
            code="invalid_valid_until",
            fields={"valid_until": [_("不能早于今天。")]},
        )

    decision = _seal_decision(
        kind=Decision.Kind.APPROVE if approve else Decision.Kind.DENY,
        actor=approver,
        application=app,
        reason=reason,
        content=app.content,
    )
    if approve:
        decision.permit = _issue_permit(
            application=app,
            version=app.item_version,
            holder=app.applicant,
            valid_from=today,
            valid_until=valid_until or _validity(app.item_version, today),
            content=app.content,
        )
        decision.save(update_fields=["permit"])
    app.decided_by, app.decided_at = approver, decision.decided_at
    _set_status(
        app,
        approver,
        "decide",
        S.APPROVED if approve else S.DENIED,
        note=f"{decision.number} {reason}".strip(),
        fields=("decided_by", "decided_at"),
        data={"decision": decision.number},
    )
    signals.decision_recorded.send(sender=Decision, decision=decision)
    return decision


# --- delivery ----------------------------------------------------------------------------------


@transaction.atomic
def supply_waived(
    *, application_id, clerk, material_ids: list[int], files: dict[int, StoredFile] | None = None
) -> Application:
    """The applicant brings a waived material (容缺补交)."""
    require_role(clerk, Role.WINDOW_CLERK)
    app = _lock(application_id)
    _require(app, Action.SUPPLY_WAIVED)
    files = files or {}
    lines = {
        line.material_id: line
        for line in app.materials.filter(
            state=ApplicationMaterial.State.WAIVED, supplied_at__isnull=True
        )
    }
    if not material_ids or set(material_ids) - set(lines):
        raise InvalidInput(
            _("所选材料不是待补交的容缺材料。"),
            code="not_outstanding",
            fields={"materials": [_("材料编号无效。")]},
        )
    now = timezone.now()
    for material_id in material_ids:
        line = lines[material_id]
        line.supplied_at = now
        if material_id in files:
            line.file = files[material_id]
        line.save(update_fields=["supplied_at", "file"])
    record_event(
        actor=clerk,
        obj=app,
        action="supply_waived",
        before=app.status,
        after=app.status,
        data={"materials": sorted(material_ids)},
    )
    return app


@transaction.atomic
def deliver(*, application_id, clerk, collected_by: str) -> Application:
    """统一出件: who collected the result, and when. Not before every waived material is in."""
    require_role(clerk, Role.WINDOW_CLERK)
    app = _lock(application_id)
    _require(app, Action.DELIVER)
    collected_by = (collected_by or "").strip()
    if not collected_by:
        raise InvalidInput(
            _("请填写领取人。"), code="collector_required", fields={"collected_by": [_("必填。")]}
        )
    # The permit waits for every waived material (容缺); a denial letter does not.
    outstanding = [
        line.material.name for line in app.materials.select_related("material") if line.outstanding
    ]
    if outstanding and app.status == S.APPROVED:
        raise InvalidTransition(
            message=_("容缺材料尚未补齐,不能出件:%(names)s。") % {"names": "、".join(outstanding)},
            code="waived_materials_outstanding",
        )
    app.delivered_at, app.delivered_by, app.collected_by = timezone.now(), clerk, collected_by
    _set_status(
        app,
        clerk,
        "deliver",
        S.DELIVERED,
        note=collected_by,
        fields=("delivered_at", "delivered_by", "collected_by"),
    )
    return app


# --- later decisions on a permit ---------------------------------------------------------------

_PERMIT_ACTIONS = {
    Decision.Kind.WITHDRAW: Permit.Status.WITHDRAWN,
    Decision.Kind.REVOKE: Permit.Status.REVOKED,
    Decision.Kind.CANCEL: Permit.Status.CANCELLED,
    Decision.Kind.CHANGE: Permit.Status.CHANGED,
    Decision.Kind.RENEW: Permit.Status.CHANGED,
}


@transaction.atomic
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
    """变更 / 延续 / 撤回 / 撤销 / 注销: each a sealed Decision with its own number. A change
    or renewal issues a new permit that replaces this one."""
    require_role(approver, Role.APPROVER)
    if kind not in _PERMIT_ACTIONS:
        raise InvalidInput(_("决定类型无效。"), fields={"kind": [_("无效的选项。")]})
    try:
        permit = (
            Permit.objects.select_for_update(no_key=True)
            .select_related("item_version", "holder", "application")
            .get(number=permit_number)
        )
    except Permit.DoesNotExist:
        raise NotFound() from None
    if permit.status != Permit.Status.VALID:
        raise InvalidTransition(permit, kind)
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(
            _("请说明理由。"), code="reason_required", fields={"reason": [_("必填。")]}
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
    permit.status = _PERMIT_ACTIONS[kind]
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
    if kind in (Decision.Kind.CHANGE, Decision.Kind.RENEW):
        today = _today()
        if kind == Decision.Kind.RENEW:
            start = max(today, (permit.valid_until or today) + datetime.timedelta(days=1))
            until = valid_until or _validity(permit.item_version, start)
        else:
            start, until = permit.valid_from, valid_until or permit.valid_until
        if holder_name:
            permit.holder.name = holder_name
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
    """Valid permits past valid_until become expired: one set-based UPDATE, idempotent."""
    as_of = as_of or _today()
    expiring = list(
        Permit.objects.select_for_update(skip_locked=True)
        .filter(status=Permit.Status.VALID, valid_until__lt=as_of)
        .values_list("pk", "number")
    )
    if not expiring:
        return 0
    Permit.objects.filter(pk__in=[pk for pk, _n in expiring]).update(
        status=Permit.Status.EXPIRED, updated_at=timezone.now()
    )
    for pk, number in expiring:
        record_event(
            actor=None,
            obj=Permit(pk=pk, number=number),
            action="expire",
            before=Permit.Status.VALID,
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
