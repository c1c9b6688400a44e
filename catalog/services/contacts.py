"""The bureau-wide 办理地点, 办公时间 and 咨询/投诉电话 (BureauProfile): the one way to change
them (catalog admin, audited, history kept), and the sample values the demo loads. The per-item
overrides are ItemVersion fields edited with the draft (CONTACT_FIELDS, copied into a new draft
by catalog.services.items)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_event
from catalog.models import BureauProfile, no_forbidden_characters
from core.errors import InvalidInput
from core.roles import Role, require_role
from core.text import normalize_text

# The item version's own contact fields (blank = the bureau's): copied into a new draft.
CONTACT_FIELDS = ("contact_location", "contact_hours", "contact_phone")
# The bureau's fields, in the order the admin shows them.
PROFILE_FIELDS = ("name", "address", "office_hours", "phone", "complaint_phone", "website", "email")
# A guide without them tells an applicant nothing: the service refuses to blank them.
REQUIRED_FIELDS = ("name", "address", "office_hours", "phone", "complaint_phone")

# What seed_demo shows (a fictional county; real-looking, not real numbers).
SAMPLE_PROFILE = {
    "name": "县行政审批服务局",
    "address": "县政务服务中心一楼综合受理区(人民路 88 号)",
    "office_hours": "周一至周五 上午 9:00–12:00,下午 13:30–17:30(法定节假日除外)",
    "phone": "0571-8888 1234",
    "complaint_phone": "0571-8888 1200(监督投诉);12345 政务服务便民热线",
    "website": "",
    "email": "",
}


def clean_profile(fields: dict) -> dict:
    """Check and normalise the bureau's fields with the model's own validators (length,
    control characters, a phone that holds a number, URL, e-mail); InvalidInput with a Chinese
    message per field."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("未知的字段:%(f)s。") % {"f": "、".join(sorted(unknown))},
            code="unknown_field",
            fields={f: [_("未知的字段。")] for f in sorted(unknown)},
        )
    cleaned, errors = {}, {}
    for name, value in fields.items():
        field = BureauProfile._meta.get_field(name)
        text = "" if value is None else str(value)
        try:
            # Control characters first: normalising must not hide one from the check.
            if no_forbidden_characters in field.validators:
                no_forbidden_characters(text)
            text = normalize_text(text.replace("\r\n", "\n").replace("\r", "\n"))
            if name in REQUIRED_FIELDS and not text:
                raise ValidationError(_("此项不能为空。"))
            if len(text) > field.max_length:
                raise ValidationError(_("不能超过 %(n)s 字。") % {"n": field.max_length})
            if text:
                field.run_validators(text)
        except ValidationError as exc:
            errors[name] = [str(m) for m in exc.messages]
            continue
        cleaned[name] = text
    if errors:
        raise InvalidInput(
            _("办事大厅信息有误,请检查标出的字段。"), code="invalid_profile", fields=errors
        )
    return cleaned


def _save_profile(cleaned: dict, actor, reason: str) -> tuple[BureauProfile, dict, dict]:
    """Under the row's lock: write what changed; (profile, before, after) of the changes."""
    profile = BureauProfile.objects.select_for_update().filter(pk=BureauProfile.SINGLETON_PK)
    profile = profile.first()
    created = profile is None
    if created:
        profile = BureauProfile(pk=BureauProfile.SINGLETON_PK)
    before = {f: getattr(profile, f) for f in PROFILE_FIELDS}
    changed = {f: v for f, v in cleaned.items() if created or before[f] != v}
    if not changed and not created:
        return profile, {}, {}
    for name, value in changed.items():
        setattr(profile, name, value)
    if getattr(actor, "pk", None):
        profile._history_user = actor
    profile._change_reason = reason[:100]
    if created:
        profile.save(force_insert=True)
    else:
        profile.save(update_fields=[*changed, "updated_at"])
    return profile, {f: before[f] for f in changed}, changed


@transaction.atomic
def update_bureau_profile(*, actor, **fields) -> BureauProfile:
    """Change the bureau-wide 办理地点 / 办公时间 / 咨询投诉电话 (catalog admin only), with one
    "update_bureau_profile" audit event holding what changed; nothing changed, nothing
    written. The first save creates the one row."""
    require_role(actor, Role.CATALOG_ADMIN)
    cleaned = clean_profile(fields)
    profile, before, after = _save_profile(cleaned, actor, _("修改办事大厅信息"))
    if after:
        record_event(
            actor=actor,
            obj=profile,
            action="update_bureau_profile",
            note="、".join(str(BureauProfile._meta.get_field(f).verbose_name) for f in after),
            data={"before": before, "after": after},
        )
    return profile


@transaction.atomic
def load_sample_profile() -> BureauProfile | None:
    """The demo's bureau settings (a system action): written once, when nobody saved any yet;
    a second load changes nothing. Returns the row it made, or None."""
    if BureauProfile.objects.filter(pk=BureauProfile.SINGLETON_PK).exists():
        return None
    profile, _before, after = _save_profile(clean_profile(SAMPLE_PROFILE), None, _("示例数据"))
    record_event(
        actor=None,
        obj=profile,
        action="update_bureau_profile",
        note=_("示例数据"),
        data={"before": {}, "after": after},
    )
    return profile
