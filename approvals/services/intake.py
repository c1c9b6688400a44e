"""Intake at the window: take in (register + store + submit), record materials, accept (受理),
correction (补正), refusal."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals import archive, numbering
from approvals.limits import CONTENT_MAX, REASON_MAX
from approvals.models import (
    Applicant,
    Application,
    ApplicationMaterial,
    ApplicationParty,
    StoredFile,
)
from approvals.services import branches
from approvals.services._common import (
    S,
    _lock,
    _require,
    _set_status,
    clean_text,
)
from approvals.services.applicants import (
    authorization_letter,
    clean_parties,
    register_applicant,
    store_uploads,
)
from approvals.services.credit import refuse_while_standing
from approvals.services.deadlines import due_for
from approvals.workflow import INTAKE_ROLES, ROLES, Action
from audit.services import record_event
from catalog.models import ItemVersion
from core.errors import InvalidInput
from core.roles import require_role


def refuse_not_transferred(item_version: ItemVersion) -> None:
    """An item not transferred to the bureau (transferred = False) is not taken in here: the
    message names the department that still handles it (page and API, code not_transferred)."""
    if item_version.transferred:
        return
    department = item_version.handling_department
    if department is not None:
        message = _("“%(item)s”未划转审批局,由%(department)s办理,请到%(department)s申请。") % {
            "item": item_version.name,
            "department": department.name,
        }
    else:
        message = _("“%(item)s”未划转审批局,请申请人到原主管部门办理。") % {
            "item": item_version.name
        }
    raise InvalidInput(message, code="not_transferred", fields={"item": [message]})


@transaction.atomic
def submit(
    *,
    clerk,
    item_version: ItemVersion,
    applicant: Applicant,
    provided: dict[int, bool],
    content: str = "",
    files: dict[int, StoredFile] | None = None,
    parties: list[ApplicationParty] | None = None,
) -> Application:
    """登记: the application with its checklist from the item's published version, and its
    parties (unsaved ApplicationParty rows, cleaned by take_in) in the same audit event."""
    require_role(clerk, *INTAKE_ROLES)
    content = clean_text(content, field="content", limit=CONTENT_MAX)
    if item_version.status != ItemVersion.Status.PUBLISHED:
        raise InvalidInput(
            _("该事项版本未发布,不能受理。"),
            code="item_not_published",
            fields={"item": [_("事项未发布。")]},
        )
    refuse_not_transferred(item_version)
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
    for party in parties or ():
        party.application = app
    ApplicationParty.objects.bulk_create(parties or ())
    record_event(
        actor=clerk,
        obj=app,
        action="submit",
        after=S.SUBMITTED,
        note=item_version.name,
        data={"parties": [_party_audit(p) for p in parties]} if parties else None,
    )
    return app


def _party_audit(party: ApplicationParty) -> dict:
    """What the audit trail keeps of a party: the ID number masked, as on every page."""
    row = {"role": party.role, "name": party.name, "id_number": party.masked_id_number}
    if party.role == ApplicationParty.Role.AGENT:
        row["letter"] = party.authorization_letter.sha256 if party.authorization_letter else "paper"
    return row


@transaction.atomic
def take_in(
    *,
    clerk,
    item_version: ItemVersion,
    applicant: dict,
    provided: dict[int, bool],
    content: str = "",
    uploads: dict | None = None,
    reused: dict[int, StoredFile] | None = None,
    agent: dict | None = None,
    legal_representative: dict | None = None,
) -> Application:
    """受理窗口登记, the one way an application comes in (the workbench page and the API both
    call it): register or find the applicant (`applicant`: kind, name, id_number, phone,
    address), put each upload into their library (`uploads`: material id -> uploaded file),
    and submit with the files picked from the library (`reused`), all in one transaction, so a
    refusal at any step leaves no applicant and no file row behind.

    `agent` (委托代理人办理; None = 本人办理): name, id_number, phone and the authorisation
    letter (`letter` upload, `letter_file` from the library, or `letter_checked` on paper);
    `legal_representative` (organisations): name, id_number, phone (see applicants.clean_party).

    An error about the applicant is an InvalidApplicant, about a party an InvalidParty; an
    upload refused by the upload check names its field `file_<material id>`."""
    require_role(clerk, *INTAKE_ROLES)
    refuse_not_transferred(item_version)  # before anything is registered or stored
    person = register_applicant(actor=clerk, **applicant)
    cleaned = clean_parties(
        applicant_kind=person.kind,
        applicant_id_number=person.id_number,
        agent=agent,
        legal_representative=legal_representative,
    )
    parties = [
        ApplicationParty(
            role=role,
            **data,
            **(
                authorization_letter(actor=clerk, applicant=person, agent=agent)
                if role == ApplicationParty.Role.AGENT
                else {}
            ),
        )
        for role, data in cleaned.items()
    ]
    files = {
        **(reused or {}),
        **store_uploads(actor=clerk, applicant=person, uploads=uploads or {}),
    }
    return submit(
        clerk=clerk,
        item_version=item_version,
        applicant=person,
        provided=provided,
        content=content,
        files=files,
        parties=parties,
    )


@transaction.atomic
def record_materials(
    *,
    application_id,
    clerk,
    provided: list[int],
    files: dict[int, StoredFile] | None = None,
    uploads: dict | None = None,
) -> Application:
    """Mark materials as now provided (e.g. after a correction notice), with files picked from
    the applicant's library (`files`) or uploaded now (`uploads`, stored in the library in the
    same transaction); a material with a file counts as provided."""
    require_role(clerk, *ROLES[Action.RECORD_MATERIALS])
    app = _lock(application_id)
    _require(app, Action.RECORD_MATERIALS)
    files = {
        **(files or {}),
        **store_uploads(actor=clerk, applicant=app.applicant, uploads=uploads or {}),
    }
    if not provided and not files:
        raise InvalidInput(_("请勾选或上传至少一项材料。"), code="nothing_selected")
    lines = {line.material_id: line for line in app.materials.select_related("material")}
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
    branches.stop_correction_clock_if_supplied(app, lines.values(), timezone.now())
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
    require_role(clerk, *ROLES[Action.ACCEPT])
    app = _lock(application_id)
    _require(app, Action.ACCEPT)
    waived = set(waived or [])
    # issue 14, checks: while a 失信记录 stands, no 告知承诺 acceptance and no 容缺 (the one rule).
    refuse_while_standing(
        app.applicant.id_number,
        commitment=app.item_version.notice_commitment,
        waivers=bool(waived),
    )
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
    deadline = due_for(version=app.item_version, accepted_at=now)
    due_date, due_at, provisional = deadline.date, deadline.at, deadline.provisional
    if supply_by is not None and supply_by < timezone.localdate(now):
        raise InvalidInput(
            _("容缺材料补交期限不能早于今天。"),
            code="invalid_supply_by",
            fields={"supply_by": [_("不能早于今天。")]},
        )
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
    archive.issue_notice("receipt", application=app, actor=clerk)
    return app


@transaction.atomic
def request_correction(*, application_id, clerk, missing: list[int], note: str = "") -> Application:
    """一次性告知: one notice listing EVERY missing material."""
    require_role(clerk, *ROLES[Action.REQUEST_CORRECTION])
    app = _lock(application_id)
    _require(app, Action.REQUEST_CORRECTION)
    note = clean_text(note, field="note", limit=REASON_MAX)
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
    clock = branches.start_correction_clock(app, timezone.now())
    _set_status(
        app,
        clerk,
        "request_correction",
        S.CORRECTION_REQUESTED,
        note=note,
        fields=("correction_note", *clock),
        data={"missing": all_missing, "correction_deadline": app.correction_deadline.isoformat()},
    )
    archive.issue_notice("correction", application=app, actor=clerk)
    return app


@transaction.atomic
def refuse(*, application_id, clerk, reason: str) -> Application:
    """不予受理, with the reason the decision letter states."""
    require_role(clerk, *ROLES[Action.REFUSE])
    app = _lock(application_id)
    _require(app, Action.REFUSE)
    reason = clean_text(
        reason,
        field="reason",
        limit=REASON_MAX,
        required=_("不予受理必须说明理由。"),
        code="reason_required",
    )
    app.refusal_reason = reason
    _set_status(app, clerk, "refuse", S.REFUSED, note=reason, fields=("refusal_reason",))
    archive.issue_notice("refusal", application=app, actor=clerk)
    return app
