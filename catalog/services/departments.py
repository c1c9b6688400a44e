"""Departments (部门): create and rename, each with its audit event. A department's code is
what the catalog file, the API filter and webhooks name it by, so a change is kept."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_event
from catalog.models import Department
from core.errors import InvalidInput
from core.roles import Role, require_role

_CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
FIELDS = ("code", "name", "feedback_limit_days")
_LIMIT = Department._meta.get_field("feedback_limit_days")


def _limit(value, errors) -> int:
    if value is None or value == "":
        return _LIMIT.default
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 365:
        errors["feedback_limit_days"] = [_("处置反馈时限为 1-365 个工作日。")]
    return days


def _clean(*, code, name, feedback_limit_days=None, exclude_pk=None) -> dict:
    code, name = (code or "").strip(), (name or "").strip()
    errors: dict[str, list[str]] = {}
    limit = _limit(feedback_limit_days, errors)
    code_max = Department._meta.get_field("code").max_length
    name_max = Department._meta.get_field("name").max_length
    if not code:
        errors["code"] = [_("请填写部门代码。")]
    elif len(code) > code_max or not _CODE_RE.match(code):
        errors["code"] = [_("部门代码为 1-%(n)s 位字母、数字、“-”或“_”。") % {"n": code_max}]
    if not name:
        errors["name"] = [_("请填写部门名称。")]
    elif len(name) > name_max:
        errors["name"] = [_("部门名称不能超过 %(n)s 个字。") % {"n": name_max}]
    others = Department.objects.exclude(pk=exclude_pk)
    if "code" not in errors and others.filter(code=code).exists():
        errors["code"] = [_("部门代码“%(code)s”已被使用。") % {"code": code}]
    if "name" not in errors and others.filter(name=name).exists():
        errors["name"] = [_("部门名称“%(name)s”已被使用。") % {"name": name}]
    if errors:
        raise InvalidInput(_("部门信息有误,请检查。"), code="invalid_department", fields=errors)
    return {"code": code, "name": name, "feedback_limit_days": limit}


@transaction.atomic
def create_department(
    *, code: str, name: str, actor, feedback_limit_days: int | None = None
) -> Department:
    """A new department, with a "create_department" audit event; the feedback limit (处置反馈时限)
    defaults to the model's."""
    require_role(actor, Role.CATALOG_ADMIN)
    cleaned = _clean(code=code, name=name, feedback_limit_days=feedback_limit_days)
    department = Department.objects.create(**cleaned)
    record_event(
        actor=actor,
        obj=department,
        action="create_department",
        after=f"{department.code} {department.name}",
        data={"after": cleaned},
    )
    return department


@transaction.atomic
def update_department(
    *, department_id: int, actor, code: str, name: str, feedback_limit_days: int | None = None
) -> Department:
    """Change a department's code, name or feedback limit under its row lock, with one
    "update_department" audit event holding both values; nothing changed, nothing written.
    A feedback limit left out keeps the one it has."""
    require_role(actor, Role.CATALOG_ADMIN)
    department = Department.objects.select_for_update().get(pk=department_id)
    if feedback_limit_days is None:
        feedback_limit_days = department.feedback_limit_days
    cleaned = _clean(
        code=code, name=name, feedback_limit_days=feedback_limit_days, exclude_pk=department.pk
    )
    before = {field: getattr(department, field) for field in FIELDS}
    if before == cleaned:
        return department
    for field, value in cleaned.items():
        setattr(department, field, value)
    department.save(update_fields=[f for f in FIELDS if before[f] != cleaned[f]])
    record_event(
        actor=actor,
        obj=department,
        action="update_department",
        before=f"{before['code']} {before['name']}",
        after=f"{department.code} {department.name}",
        data={"before": before, "after": cleaned},
    )
    return department
