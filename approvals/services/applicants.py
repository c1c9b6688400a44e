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
from approvals.validators import validate_credit_code, validate_resident_id
from approvals.workflow import INTAKE_ROLES
from audit.services import record_event
from core.errors import InvalidInput
from core.roles import require_role
from core.text import normalize_text
from core.uploads import check_upload


class InvalidApplicant(InvalidInput):
    """The applicant's own data is wrong (ID number checksum, missing name): the API reports
    it under `applicant`, the page next to the applicant's fields."""


def clean_contact(name=None, phone=None, address=None) -> dict:
    """An applicant's name and contact details as we store them (core.text.normalize_text),
    each within its column; a name with nothing visible (empty, spaces or zero-width characters
    only) is refused. Only the arguments given are checked and returned."""
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
