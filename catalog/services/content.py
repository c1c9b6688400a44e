"""Version content as plain values: the fields a version holds, how input (forms, files, JSON)
is checked and normalised, and the canonical form two contents are compared in. No writes."""

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.models import Department, Item, ItemVersion, ProcedureStep
from catalog.services.contacts import CONTACT_FIELDS
from catalog.services.step_rules import STEP_KEYS, step_limits_problem
from core.errors import InvalidInput
from core.text import describe, forbidden_character, normalize_text

TEXT_FIELDS = (
    "name",
    "category",
    "legal_basis",
    "conditions",
    "review_standard",
    "procedure",
    "commitment_check_method",
    "responsible_post",
    # 审管职责边界: what the bureau approves, what the department supervises and answers for
    "approval_duty",
    "supervision_matters",
    "supervision_duty",
)
DUTY_FIELDS = ("approval_duty", "supervision_matters", "supervision_duty")
# Optional working-day counts (blank = none / the default): the 告知承诺 check period from the
# push (blank = 免予核查) and the 处置反馈 limit after the claim (blank = the department's).
OPTIONAL_DAYS_FIELDS = ("commitment_check_days", "feedback_limit_days")
REQUIRED_TEXT = ("name", "category", "legal_basis")
LIMIT_FIELDS = ("statutory_limit_days", "committed_limit_days")
BOOL_FIELDS = ("instant", "notice_commitment", "site_inspection", "transferred")
# The content of a version: what the guide shows, the import file carries and a draft copies.
SCALAR_FIELDS = (
    *TEXT_FIELDS[:6],
    *LIMIT_FIELDS,
    "instant",
    "notice_commitment",
    "commitment_check_method",
    "commitment_check_days",
    "site_inspection",
    "permit_validity_years",
    "responsible_post",
    "transferred",
    "handling_department",
    *DUTY_FIELDS,
    "feedback_limit_days",
    # 办理地点 / 办公时间 / 咨询电话 of this item (blank = the bureau's: selectors.contact_for)
    *CONTACT_FIELDS,
)
# The procedure as steps (程序清单): a list like materials, in order (positions 1, 2, …).
RELATION_FIELDS = ("supervising_departments", "related_items", "materials", "fees", "steps")
CONTENT_FIELDS = (*SCALAR_FIELDS, *RELATION_FIELDS)
MATERIAL_KEYS = ("name", "required", "waivable", "original_count", "copy_count", "note")
FEE_KEYS = ("name", "amount", "basis")
# A step as content: its place is its index in the list (the position is renumbered 1, 2, …).
STEP_CONTENT_KEYS = tuple(key for key in STEP_KEYS if key != "position")
MAX_STEPS = 100
# Working-day counts are typed, not computed: ASCII digits, or the full-width ones a Chinese
# input method gives; any other digit (Arabic-Indic, superscript …) is refused.
_DAYS_RE = re.compile(r"[0-9]{1,4}")
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
SMALLINT_MAX = 32767
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
TRUE_WORDS = {"1", "true", "t", "yes", "y", "是", "√", "✓"}
FALSE_WORDS = {"0", "false", "f", "no", "n", "否", "×", "✗", ""}


# --- cleaning content -----------------------------------------------------------------------


def _max_length(field: str) -> int | None:
    return ItemVersion._meta.get_field(field).max_length


def _text(value) -> str:
    if value is None:
        return ""
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _forbidden_in(value) -> str | None:
    """The first character no text may hold anywhere in a field's value (a text, a list of
    codes, material or fee rows), or None. A file or a script can carry one past the request
    checks; PostgreSQL refuses NUL outright."""
    if isinstance(value, str):
        return forbidden_character(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return next((c for c in map(_forbidden_in, value) if c is not None), None)
    return None


def to_bool(value) -> bool:
    """A flag from a form, a file or JSON: bool, 1/0, 是/否, true/false, yes/no."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float | Decimal) and value in (0, 1):
        return bool(value)
    word = _text(value).lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(_("应为“是”或“否”(1 或 0)。"))


def _to_int(value, *, minimum: int = 0, maximum: int = SMALLINT_MAX, allow_none=False):
    if value is None or (isinstance(value, str) and not value.strip()):
        if allow_none:
            return None
        raise ValueError(_("此项不能为空。"))
    if isinstance(value, bool):
        raise ValueError(_("应为整数。"))
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(_("应为整数。")) from None
    if number != number.to_integral_value():
        raise ValueError(_("应为整数。"))
    number = int(number)
    if number < minimum or number > maximum:
        raise ValueError(_("应在 %(min)s 到 %(max)s 之间。") % {"min": minimum, "max": maximum})
    return number


def _to_amount(value) -> Decimal:
    try:
        amount = Decimal(_text(value))
    except InvalidOperation:
        raise ValueError(_("金额应为数字,例如 100 或 12.50。")) from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(_("金额不能为负数。"))
    if amount != amount.quantize(Decimal("0.01")):
        raise ValueError(_("金额最多两位小数。"))
    if amount >= Decimal("100000000"):
        raise ValueError(_("金额过大。"))
    return amount.quantize(Decimal("0.01"))


def _department_for(value) -> Department | None:
    if value is None or isinstance(value, Department):
        return value
    code = _text(value)
    if not code:
        return None
    department = Department.objects.filter(code=code).first()
    if department is None:
        raise ValueError(_("部门代码不存在:%(codes)s。") % {"codes": code})
    return department


def _clean_departments(values, errors, field):
    if isinstance(values, str | Department):
        values = [values]
    codes, given = [], []
    for value in values or []:
        if isinstance(value, Department):
            given.append(value)
        elif _text(value):
            codes.append(_text(value))
    found = {d.code: d for d in Department.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        errors[field] = [_("部门代码不存在:%(codes)s。") % {"codes": "、".join(unknown)}]
        return []
    result = {d.code: d for d in given}
    result.update(found)
    return [result[code] for code in sorted(result)]


def _clean_related(values, errors, own_code):
    if isinstance(values, str | Item):
        values = [values]
    codes, given = [], []
    for value in values or []:
        if isinstance(value, Item):
            given.append(value)
        elif _text(value):
            codes.append(_text(value))
    found = {i.code: i for i in Item.objects.filter(code__in=codes)}
    unknown = [c for c in codes if c not in found]
    if unknown:
        errors["related_items"] = [_("事项编码不存在:%(codes)s。") % {"codes": "、".join(unknown)}]
        return []
    result = {i.code: i for i in given}
    result.update(found)
    if own_code and own_code in result:
        errors["related_items"] = [_("关联事项不能包含本事项。")]
        return []
    return [result[code] for code in sorted(result)]


def _as_dict(entry, keys) -> dict:
    if isinstance(entry, dict):
        return entry
    return {key: getattr(entry, key) for key in keys if hasattr(entry, key)}


def _clean_materials(values, errors) -> list[dict]:
    cleaned, problems = [], []
    for index, entry in enumerate(values or [], 1):
        data = _as_dict(entry, MATERIAL_KEYS)
        extra = set(data) - set(MATERIAL_KEYS) - {"id", "position", "version", "version_id"}
        try:
            if extra:
                raise ValueError(_("未知的项目:%(keys)s。") % {"keys": "、".join(sorted(extra))})
            name = _text(data.get("name"))
            if not name:
                raise ValueError(_("材料名称不能为空。"))
            if len(name) > 300 or len(_text(data.get("note"))) > 300:
                raise ValueError(_("材料名称和填报说明不能超过 300 字。"))
            required = to_bool(data.get("required", True))
            waivable = to_bool(data.get("waivable", False))
            cleaned.append(
                {
                    "name": name,
                    "required": required,
                    "waivable": waivable,
                    "original_count": _to_int(data.get("original_count", 0)),
                    "copy_count": _to_int(data.get("copy_count", 1)),
                    "note": _text(data.get("note")),
                }
            )
        except ValueError as exc:
            problems.append(_("第 %(n)s 项:%(msg)s") % {"n": index, "msg": exc})
    if problems:
        errors["materials"] = problems
    return cleaned


def _clean_fees(values, errors) -> list[dict]:
    cleaned, problems = [], []
    for index, entry in enumerate(values or [], 1):
        data = _as_dict(entry, FEE_KEYS)
        try:
            name = _text(data.get("name"))
            if not name:
                raise ValueError(_("收费项目名称不能为空。"))
            if len(name) > 200 or len(_text(data.get("basis"))) > 300:
                raise ValueError(_("收费项目不能超过 200 字,收费依据不能超过 300 字。"))
            cleaned.append(
                {
                    "name": name,
                    "amount": _to_amount(data.get("amount")),
                    "basis": _text(data.get("basis")),
                }
            )
        except ValueError as exc:
            problems.append(_("第 %(n)s 项:%(msg)s") % {"n": index, "msg": exc})
    if problems:
        errors["fees"] = problems
    return cleaned


def _step_text(data: dict, key: str, *, required: bool) -> str:
    text = normalize_text(_text(data.get(key)))
    field = ProcedureStep._meta.get_field(key)
    if required and not text:
        raise ValueError(_("%(f)s不能为空。") % {"f": field.verbose_name})
    if len(text) > field.max_length:
        raise ValueError(
            _("%(f)s不能超过 %(n)s 字。") % {"f": field.verbose_name, "n": field.max_length}
        )
    return text


def step_stage(value) -> str:
    """A step's stage from a code (intake …) or its Chinese label (受理 …)."""
    if isinstance(value, ProcedureStep.Stage):
        return value.value
    word = unicodedata.normalize("NFKC", _text(value)).casefold()
    for stage in ProcedureStep.Stage:
        if word and word in (stage.value, str(stage.label).casefold()):
            return stage.value
    raise ValueError(
        _("办理阶段应为:%(stages)s。")
        % {"stages": "、".join(str(label) for label in ProcedureStep.Stage.labels)}
    )


def step_days(value) -> int:
    """A step's limit in working days, 0 (当场) to ProcedureStep.POSITION_MAX."""
    limit = ProcedureStep.POSITION_MAX
    problem = _("办理时限应为 0 到 %(max)s 之间的整数(工作日)。") % {"max": limit}
    if isinstance(value, bool):
        raise ValueError(problem)
    if isinstance(value, int):
        number = value
    else:
        text = _text(value).translate(_FULL_WIDTH_DIGITS)
        if not _DAYS_RE.fullmatch(text):
            raise ValueError(problem)
        number = int(text)
    if not 0 <= number <= limit:
        raise ValueError(problem)
    return number


def _clean_steps(values, errors) -> list[dict]:
    if isinstance(values, str | dict):
        errors["steps"] = [_("办理环节应为环节的列表。")]
        return []
    values = list(values or [])
    if len(values) > MAX_STEPS:
        errors["steps"] = [_("办理环节不能超过 %(n)s 个。") % {"n": MAX_STEPS}]
        return []
    cleaned, problems = [], []
    for index, entry in enumerate(values, 1):
        data = _as_dict(entry, STEP_KEYS)
        extra = set(data) - set(STEP_KEYS) - {"id", "version", "version_id"}
        try:
            if extra:
                raise ValueError(_("未知的项目:%(keys)s。") % {"keys": "、".join(sorted(extra))})
            cleaned.append(
                {
                    "name": _step_text(data, "name", required=True),
                    "stage": step_stage(data.get("stage")),
                    "post": _step_text(data, "post", required=True),
                    "requirements": _step_text(data, "requirements", required=False),
                    "limit_days": step_days(data.get("limit_days", 0)),
                }
            )
        except ValueError as exc:
            problems.append(_("第 %(n)s 项:%(msg)s") % {"n": index, "msg": exc})
    if problems:
        errors["steps"] = problems
    return cleaned


def _clean_contact(field: str, value) -> str:
    """An item's own 办理地点 / 办公时间 / 咨询电话 with the model field's validators (length,
    a phone that holds a number); blank = the bureau's."""
    text = normalize_text(_text(value))
    model_field = ItemVersion._meta.get_field(field)
    if len(text) > model_field.max_length:
        raise ValueError(_("不能超过 %(n)s 字。") % {"n": model_field.max_length})
    if text:
        try:
            model_field.run_validators(text)
        except ValidationError as exc:
            raise ValueError(" ".join(str(m) for m in exc.messages)) from None
    return text


def clean_content(fields: dict, *, base: dict | None = None, own_code: str = "") -> dict:
    """Check and normalise version content given as plain values (codes for departments and
    items, dicts for materials, fees and steps) or objects. `base` is the canonical content the
    fields change (for the committed ≤ statutory check); without it every required field
    must be given. Raises InvalidInput with per-field Chinese messages."""
    unknown = set(fields) - set(CONTENT_FIELDS)
    if unknown:
        raise InvalidInput(
            _("未知的字段:%(f)s。") % {"f": "、".join(sorted(unknown))},
            code="unknown_field",
            fields={f: [_("未知的字段。")] for f in sorted(unknown)},
        )
    errors: dict[str, list[str]] = {}
    for field, value in fields.items():
        char = _forbidden_in(value)
        if char is not None:
            errors[field] = [
                _("含有不允许的控制字符(%(c)s),请删除后重试。") % {"c": describe(char)}
            ]
    fields = {field: value for field, value in fields.items() if field not in errors}
    cleaned: dict = {}
    for field, value in fields.items():
        try:
            if field in TEXT_FIELDS:
                text = _text(value)
                limit = _max_length(field)
                if field in REQUIRED_TEXT and not text:
                    raise ValueError(_("此项不能为空。"))
                if limit and len(text) > limit:
                    raise ValueError(_("不能超过 %(n)s 字。") % {"n": limit})
                cleaned[field] = text
            elif field in LIMIT_FIELDS:
                cleaned[field] = _to_int(value)
            elif field == "permit_validity_years":
                cleaned[field] = _to_int(value, minimum=1, maximum=100, allow_none=True)
            elif field in OPTIONAL_DAYS_FIELDS:
                cleaned[field] = _to_int(value, minimum=1, maximum=365, allow_none=True)
            elif field in BOOL_FIELDS:
                cleaned[field] = to_bool(value)
            elif field == "handling_department":
                cleaned[field] = _department_for(value)
            elif field in CONTACT_FIELDS:
                cleaned[field] = _clean_contact(field, value)
        except ValueError as exc:
            errors[field] = [str(exc)]
    if "supervising_departments" in fields:
        cleaned["supervising_departments"] = _clean_departments(
            fields["supervising_departments"], errors, "supervising_departments"
        )
    if "related_items" in fields:
        cleaned["related_items"] = _clean_related(fields["related_items"], errors, own_code)
    if "materials" in fields:
        cleaned["materials"] = _clean_materials(fields["materials"], errors)
    if "fees" in fields:
        cleaned["fees"] = _clean_fees(fields["fees"], errors)
    if "steps" in fields:
        cleaned["steps"] = _clean_steps(fields["steps"], errors)

    if base is None:
        for field in (*REQUIRED_TEXT, *LIMIT_FIELDS):
            if field not in fields and field not in errors:
                errors[field] = [_("此项不能为空。")]
    merged = {**(base or {}), **cleaned}
    statutory, committed = merged.get("statutory_limit_days"), merged.get("committed_limit_days")
    if (
        isinstance(statutory, int)
        and isinstance(committed, int)
        and committed > statutory
        and "committed_limit_days" not in errors
    ):
        errors["committed_limit_days"] = [_("承诺时限不能超过法定时限。")]
    # Steps given: their limits fit in the committed limit (step_rules). A change of the
    # committed limit alone may leave the stored steps over it: publication refuses that draft
    # (step_rules.steps_problems), as it does one edited that way in the admin.
    if (
        "steps" in cleaned
        and isinstance(committed, int)
        and not {"steps", "committed_limit_days"} & set(errors)
    ):
        problem = step_limits_problem(committed, (step["limit_days"] for step in cleaned["steps"]))
        if problem:
            errors["steps"] = [problem]
    if errors:
        raise InvalidInput(_("事项内容有误,请检查标出的字段。"), fields=errors)
    return cleaned


def content_of(version: ItemVersion) -> dict:
    """The canonical content of a version: plain values, codes for relations. Two versions
    (or a version and an import row) are the same when their contents are equal."""
    content = {
        field: getattr(version, field) for field in SCALAR_FIELDS if field != "handling_department"
    }
    content["handling_department"] = (
        version.handling_department.code if version.handling_department_id else ""
    )
    content["supervising_departments"] = sorted(
        d.code for d in version.supervising_departments.all()
    )
    content["related_items"] = sorted(i.code for i in version.related_items.all())
    content["materials"] = [
        {key: getattr(m, key) for key in MATERIAL_KEYS}
        for m in sorted(version.materials.all(), key=lambda m: (m.position, m.pk))
    ]
    content["fees"] = [
        {"name": f.name, "amount": f.amount.quantize(Decimal("0.01")), "basis": f.basis}
        for f in sorted(version.fees.all(), key=lambda f: f.pk)
    ]
    content["steps"] = [
        {key: getattr(s, key) for key in STEP_CONTENT_KEYS}
        for s in sorted(version.steps.all(), key=lambda s: (s.position, s.pk))
    ]
    return content


def _canonical(cleaned: dict) -> dict:
    """clean_content() output in content_of() shape."""
    out = dict(cleaned)
    if "handling_department" in out:
        out["handling_department"] = (
            out["handling_department"].code if out["handling_department"] else ""
        )
    if "supervising_departments" in out:
        out["supervising_departments"] = sorted(d.code for d in out["supervising_departments"])
    if "related_items" in out:
        out["related_items"] = sorted(i.code for i in out["related_items"])
    return out


def differs(version: ItemVersion, cleaned: dict) -> list[str]:
    """The content fields whose cleaned value differs from the version's."""
    current = content_of(version)
    new = _canonical(cleaned)
    return [field for field in CONTENT_FIELDS if field in new and new[field] != current[field]]
