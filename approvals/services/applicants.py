"""Applicants and their material library (电子要件库)."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from approvals.limits import ADDRESS_MAX, NAME_MAX, PHONE_MAX
from approvals.models import (
    Applicant,
    StoredFile,
)
from approvals.validators import validate_credit_code, validate_phone, validate_resident_id
from approvals.workflow import INTAKE_ROLES
from audit.services import record_event
from core.errors import InvalidInput
from core.roles import require_role
from core.text import describe, forbidden_character, normalize_text
from core.uploads import check_upload


class InvalidApplicant(InvalidInput):
    """The applicant's own data is wrong (ID number checksum, missing name): the API reports
    it under `applicant`, the page next to the applicant's fields."""


def clean_contact(name=None, phone=None, address=None) -> dict:
    """An applicant's name and contact details as we store them (core.text.normalize_text),
    each within its column, the phone as validate_phone stores it; a name with nothing visible
    (empty, spaces or zero-width characters only) is refused. Only the arguments given are
    checked and returned."""
    given = {"name": name, "phone": phone, "address": address}
    limits = {"name": NAME_MAX, "phone": PHONE_MAX, "address": ADDRESS_MAX}
    cleaned, errors = {}, {}
    for field, value in given.items():
        if value is None:
            continue
        value = normalize_text(value)
        if len(value) > limits[field]:
            errors[field] = [
                _("最多 %(limit)s 个字符,当前 %(n)s 个。")
                % {"limit": limits[field], "n": len(value)}
            ]
        elif field == "phone":
            try:
                value = validate_phone(value)
            except ValidationError as exc:
                errors[field] = exc.messages
        cleaned[field] = value
    if "name" in cleaned and not cleaned["name"] and "name" not in errors:
        errors["name"] = [_("必填。")]
    if errors:
        message = (
            _("请填写申请人姓名或名称。")
            if errors.get("name") == [_("必填。")]
            else next(iter(errors.values()))[0]
        )
        raise InvalidApplicant(message, fields=errors)
    return cleaned


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
    require_role(actor, *INTAKE_ROLES)
    try:
        id_number = validate_id_number(kind, id_number)
    except ValidationError as exc:
        raise InvalidApplicant(
            exc.messages[0], code="invalid_applicant", fields={"id_number": exc.messages}
        ) from None
    contact = clean_contact(name=name or "", phone=phone or "", address=address or "")
    name, phone, address = contact["name"], contact["phone"], contact["address"]
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


@transaction.atomic
def store_file(*, actor, applicant: Applicant, uploaded) -> StoredFile:
    """Put a file into the applicant's library once (by SHA-256); the same content uploaded
    again returns the stored one (一件多用)."""
    require_role(actor, *INTAKE_ROLES)
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


@transaction.atomic
def store_uploads(*, actor, applicant: Applicant, uploads: dict) -> dict[int, StoredFile]:
    """store_file() for each upload of a form (material id -> uploaded file); a refused one
    names its field `file_<material id>`, as the pages show it."""
    stored = {}
    for material_id, upload in uploads.items():
        try:
            stored[material_id] = store_file(actor=actor, applicant=applicant, uploaded=upload)
        except InvalidInput as exc:
            exc.fields = {f"file_{material_id}": exc.fields.get("file", [exc.message])}
            raise
    return stored


@transaction.atomic
def update_applicant_contact(*, actor, applicant_id, **changes) -> Applicant:
    """An admin's correction of an applicant's name or contact details (never the kind or
    the ID number), audited with what changed from what."""
    editable = {"name", "phone", "address"}
    if set(changes) - editable:
        raise InvalidInput(_("只能修改姓名或名称、联系电话和地址。"), code="not_editable")
    changes = clean_contact(**{f: v or "" for f, v in changes.items()})
    applicant = Applicant.objects.select_for_update().get(pk=applicant_id)
    changed = {f: v for f, v in changes.items() if getattr(applicant, f) != v}
    if not changed:
        return applicant
    before = {f: getattr(applicant, f) for f in changed}
    for field, value in changed.items():
        setattr(applicant, field, value)
    applicant.save(update_fields=[*changed, "updated_at"])
    record_event(
        actor=actor,
        obj=applicant,
        action="update_applicant",
        note=", ".join(sorted(changed)),
        data={"before": before, "after": changed},
    )
    return applicant


# --- 当事人: the agent (经办人) and the legal representative (法定代表人) ---------------------


class InvalidParty(InvalidInput):
    """An agent's or a legal representative's data is wrong: its fields are named
    `agent_<field>` / `legal_rep_<field>` (the intake form's fields; the API puts them under
    `agent` / `legal_representative`)."""


PARTY_PREFIX = {"agent": "agent_", "legal_representative": "legal_rep_"}


def _party_error(message, field, code="invalid_party"):
    return InvalidParty(message, code=code, fields={field: [message]})


def clean_party(role: str, data: dict, *, applicant_kind: str, applicant_id_number: str) -> dict:
    """One party as we store it (name, id_number, phone), or InvalidParty naming its field.

    Agent (委托代理人办理): name, 身份证号码 and phone required — they are who the bureau deals
    with — and not the applicant themself. Legal representative: organisations only; name
    required, the ID number and the phone checked when given."""
    prefix = PARTY_PREFIX[role]
    agent = role == "agent"
    if not agent and applicant_kind != Applicant.Kind.ORGANIZATION:
        raise _party_error(
            _("只有法人或其他组织申请人才登记法定代表人。"),
            f"{prefix}name",
            code="legal_representative_for_person",
        )
    cleaned = {}
    for field, raw in (
        ("name", data.get("name")),
        ("id_number", data.get("id_number")),
        ("phone", data.get("phone")),
    ):
        value = raw if isinstance(raw, str) else ""
        limit = NAME_MAX if field == "name" else 40
        if len(value) > 4 * limit:  # refused before normalising megabytes
            raise _party_error(
                _("最多 %(limit)s 个字符,当前 %(n)s 个。") % {"limit": limit, "n": len(value)},
                f"{prefix}{field}",
            )
        bad = forbidden_character(value)
        if bad:
            raise _party_error(
                _("含有不允许的控制字符(%(c)s)。") % {"c": describe(bad)}, f"{prefix}{field}"
            )
        value = normalize_text(value)
        cleaned[field] = value
    if len(cleaned["name"]) > NAME_MAX:
        raise _party_error(
            _("最多 %(limit)s 个字符,当前 %(n)s 个。")
            % {"limit": NAME_MAX, "n": len(cleaned["name"])},
            f"{prefix}name",
        )
    if not cleaned["name"]:
        message = _("请填写经办人姓名。") if agent else _("请填写法定代表人姓名。")
        raise _party_error(message, f"{prefix}name", code="party_required")
    if cleaned["id_number"] or agent:
        if not cleaned["id_number"]:
            raise _party_error(
                _("请填写经办人身份证号码。"), f"{prefix}id_number", code="party_required"
            )
        try:
            cleaned["id_number"] = validate_resident_id(cleaned["id_number"])
        except ValidationError as exc:
            raise _party_error(exc.messages[0], f"{prefix}id_number") from None
    if agent and not cleaned["phone"]:
        raise _party_error(_("请填写经办人联系电话。"), f"{prefix}phone", code="party_required")
    try:
        cleaned["phone"] = validate_phone(cleaned["phone"])
    except ValidationError as exc:
        raise _party_error(exc.messages[0], f"{prefix}phone") from None
    if (
        agent
        and applicant_kind == Applicant.Kind.PERSON
        and cleaned["id_number"] == applicant_id_number
    ):
        raise _party_error(
            _("经办人就是申请人本人时,请选择“本人办理”。"),
            f"{prefix}id_number",
            code="agent_is_applicant",
        )
    return cleaned


def clean_parties(
    *, applicant_kind: str, applicant_id_number: str, agent=None, legal_representative=None
) -> dict[str, dict]:
    """The parties given (role -> cleaned data); see clean_party."""
    parties = {}
    for role, data in (("agent", agent), ("legal_representative", legal_representative)):
        if data is not None:
            parties[role] = clean_party(
                role,
                data,
                applicant_kind=applicant_kind,
                applicant_id_number=applicant_id_number,
            )
    return parties


def authorization_letter(*, actor, applicant: Applicant, agent: dict) -> dict:
    """授权委托书 of an agent: an upload (`letter`, stored in the applicant's library like a
    material), a file of that library (`letter_file`), or, where no file can be sent (the API),
    the clerk's word that the paper original was checked (`letter_checked`). One is required.
    Returns the model's fields (authorization_letter, letter_checked_on_paper)."""
    upload, stored = agent.get("letter"), agent.get("letter_file")
    if upload is not None:
        try:
            stored = store_file(actor=actor, applicant=applicant, uploaded=upload)
        except InvalidInput as exc:
            exc.fields = {"agent_letter": exc.fields.get("file", [exc.message])}
            raise
    if stored is not None:
        if stored.applicant_id != applicant.pk:
            raise _party_error(
                _("只能使用本申请人的电子要件。"), "agent_letter", code="foreign_file"
            )
        return {"authorization_letter": stored, "letter_checked_on_paper": False}
    if agent.get("letter_checked") is True:
        return {"authorization_letter": None, "letter_checked_on_paper": True}
    raise _party_error(
        _("委托代理人办理须提交申请人签署的授权委托书。"),
        "agent_letter",
        code="authorization_letter_required",
    )
