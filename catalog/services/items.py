"""The item lifecycle: create, draft, edit, publish, withdraw, discard, and one row of the
catalog file. Each public function is one transaction with row locks and its audit event."""

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.services import record_event
from catalog.models import Fee, Item, ItemVersion, Material, ProcedureStep
from catalog.services.content import (
    CODE_RE,
    MATERIAL_KEYS,
    REQUIRED_TEXT,
    SCALAR_FIELDS,
    _text,
    clean_content,
    content_of,
    differs,
)
from catalog.services.step_rules import copy_steps, steps_problems
from core.errors import InvalidInput, InvalidTransition
from core.roles import Role, require_role

Status = ItemVersion.Status


# --- writing content ------------------------------------------------------------------------


def _save(obj, actor, reason: str = "", **kwargs):
    """save() with the acting user and reason recorded in simple_history."""
    if getattr(actor, "pk", None):
        obj._history_user = actor
    if reason:
        obj._change_reason = reason[:100]
    obj.save(**kwargs)


def _apply(version: ItemVersion, cleaned: dict, actor, reason: str) -> None:
    """Write cleaned content into a locked, editable (or new) version."""
    for field in SCALAR_FIELDS:
        if field in cleaned:
            setattr(version, field, cleaned[field])
    _save(version, actor, reason)
    _apply_relations(version, cleaned, actor, reason)


def _apply_relations(version: ItemVersion, cleaned: dict, actor, reason: str = "") -> None:
    if "supervising_departments" in cleaned:
        version.supervising_departments.set(cleaned["supervising_departments"])
    if "related_items" in cleaned:
        version.related_items.set(cleaned["related_items"])
    if "materials" in cleaned:
        _sync_children(
            version,
            list(version.materials.order_by("position", "pk")),
            cleaned["materials"],
            Material,
            actor,
            positions=True,
        )
    if "fees" in cleaned:
        _sync_children(version, list(version.fees.order_by("pk")), cleaned["fees"], Fee, actor)
    if "steps" in cleaned:
        # Renumbered 1, 2, … in ascending order: a row only ever moves down to a position no
        # other row holds, so the unique (version, position) constraint is never met half-way.
        _sync_children(
            version,
            list(version.steps.order_by("position", "pk")),
            cleaned["steps"],
            ProcedureStep,
            actor,
            positions=True,
            reason=reason,
        )


def _sync_children(version, existing, wanted, model, actor, positions=False, reason=""):
    """Make the version's materials (or fees, or steps) equal `wanted`, in order, touching
    only rows that change, so the history shows real edits."""
    for index, data in enumerate(wanted, 1):
        values = {**data, "position": index} if positions else dict(data)
        if index <= len(existing):
            row = existing[index - 1]
            if any(getattr(row, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                _save(row, actor, reason)
        else:
            _save(model(version=version, **values), actor, reason)
    for row in existing[len(wanted) :]:
        if getattr(actor, "pk", None):
            row._history_user = actor
        if reason:
            row._change_reason = reason[:100]
        row.delete()


def _copy_version(base: ItemVersion, actor) -> ItemVersion:
    draft = ItemVersion(item=base.item, status=Status.DRAFT)
    for field in SCALAR_FIELDS:  # the item's own contacts included
        setattr(draft, field, getattr(base, field))
    _save(draft, actor, _("基于第 %(n)s 版创建草稿") % {"n": base.number})
    draft.supervising_departments.set(base.supervising_departments.all())
    draft.related_items.set(base.related_items.all())
    for m in base.materials.order_by("position", "pk"):
        _save(
            Material(
                version=draft,
                position=m.position,
                **{key: getattr(m, key) for key in MATERIAL_KEYS},
            ),
            actor,
        )
    for f in base.fees.order_by("pk"):
        _save(Fee(version=draft, name=f.name, amount=f.amount, basis=f.basis), actor)
    copy_steps(base, draft, actor)
    return draft


def _lock_item(item_or_pk) -> Item:
    pk = getattr(item_or_pk, "pk", item_or_pk)
    return Item.objects.select_for_update().get(pk=pk)


def _lock_version(version_or_pk) -> ItemVersion:
    pk = getattr(version_or_pk, "pk", version_or_pk)
    return ItemVersion.objects.select_for_update().select_related("item").get(pk=pk)


def _require_admin(actor) -> None:
    require_role(actor, Role.CATALOG_ADMIN)


def _require_draft(version: ItemVersion, action: str) -> None:
    if version.status != Status.DRAFT:
        raise InvalidTransition(
            version,
            action,
            _("只有草稿可以%(action)s;该版本当前状态为“%(status)s”。")
            % {"action": _ACTION_LABELS[action], "status": version.get_status_display()},
            code="not_draft",
        )


_ACTION_LABELS = {
    "publish": gettext_lazy("发布"),
    "edit": gettext_lazy("修改"),
    "discard": gettext_lazy("删除"),
}


# --- item lifecycle -------------------------------------------------------------------------


@transaction.atomic
def create_item(*, code, actor, **fields) -> ItemVersion:
    """A new Item (事项) and its first draft. `fields` is version content: name, category,
    legal_basis, limits, contact_location / contact_hours / contact_phone … and
    supervising_departments / related_items (codes or objects), materials / fees / steps (lists
    of dicts; steps in order, positions numbered 1, 2, …)."""
    _require_admin(actor)
    code = _text(code)
    if not code or len(code) > 40 or not CODE_RE.match(code):
        raise InvalidInput(
            _("事项编码不合法。"),
            code="invalid",
            fields={"code": [_("事项编码为 1-40 位字母、数字、“-”“_”或“.”。")]},
        )
    cleaned = clean_content(fields, own_code=code)
    if Item.objects.filter(code=code).exists():
        raise InvalidInput(
            _("事项编码 %(code)s 已存在。") % {"code": code},
            code="code_taken",
            fields={"code": [_("该事项编码已存在。")]},
        )
    try:
        with transaction.atomic():
            item = Item.objects.create(code=code)
    except IntegrityError:  # a simultaneous create of the same code won
        raise InvalidInput(
            _("事项编码 %(code)s 已存在。") % {"code": code},
            code="code_taken",
            fields={"code": [_("该事项编码已存在。")]},
        ) from None
    version = ItemVersion(item=item, status=Status.DRAFT)
    _apply(version, cleaned, actor, _("新建事项"))
    record_event(actor=actor, obj=item, action="create_item", after=Status.DRAFT)
    return version


@transaction.atomic
def start_draft(*, item, actor) -> ItemVersion:
    """A draft copied from the published version (materials, fees, departments, related items
    included); for a withdrawn item, from its last version. One draft per item at a time."""
    _require_admin(actor)
    item = _lock_item(item)
    existing = item.versions.filter(status=Status.DRAFT).first()
    if existing is not None:
        raise InvalidTransition(
            existing,
            "start_draft",
            _("事项 %(code)s 已有未发布的草稿,请先编辑或发布该草稿。") % {"code": item.code},
            code="draft_exists",
        )
    base = item.published_version
    if base is None:
        base = item.versions.exclude(number=None).order_by("-number").first()
    if base is None:
        raise InvalidTransition(
            item, "start_draft", _("该事项没有可复制的版本。"), code="no_base_version"
        )
    draft = _copy_version(base, actor)
    record_event(
        actor=actor,
        obj=item,
        action="start_draft",
        before=base.status,
        after=Status.DRAFT,
        data={"from_version": base.number},
    )
    return draft


@transaction.atomic
def update_draft(*, version, actor, reason: str = "", **fields) -> ItemVersion:
    """Change content of a draft (the only editable kind of version)."""
    _require_admin(actor)
    _lock_item(version.item_id)
    version = _lock_version(version)
    _require_draft(version, "edit")
    cleaned = clean_content(fields, base=content_of(version), own_code=version.item.code)
    changed = differs(version, cleaned)
    if not changed:
        return version
    _apply(version, cleaned, actor, reason or _("修改草稿"))
    record_event(
        actor=actor, obj=version, action="edit_draft", after=Status.DRAFT, note=", ".join(changed)
    )
    return version


@transaction.atomic
def save_draft(*, version: ItemVersion, actor, changed_fields: Iterable[str] = ()) -> ItemVersion:
    """Save a draft edited in a form (the admin); the form already holds the new values.
    Refuses when the row is no longer a draft (published meanwhile)."""
    _require_admin(actor)
    locked = _lock_version(version.pk)
    _require_draft(locked, "edit")
    if version.committed_limit_days > version.statutory_limit_days:
        raise InvalidInput(
            _("承诺时限不能超过法定时限。"),
            fields={"committed_limit_days": [_("承诺时限不能超过法定时限。")]},
        )
    # Fields that only services set keep their stored values.
    version.status = Status.DRAFT
    version.number = None
    version.item_id = locked.item_id
    version.published_at = None
    version.published_by = None
    _save(version, actor, _("修改草稿"))
    record_event(
        actor=actor,
        obj=version,
        action="edit_draft",
        after=Status.DRAFT,
        note=", ".join(changed_fields),
    )
    return version


@transaction.atomic
def discard_draft(*, version, actor) -> None:
    """Delete a draft. A never-published item goes with its only draft, unless other items
    link to it (一链办理)."""
    _require_admin(actor)
    item = _lock_item(version.item_id)
    version = _lock_version(version)
    _require_draft(version, "discard")
    others = item.versions.exclude(pk=version.pk).exists()
    if not others and item.related_from.exists():
        raise InvalidTransition(
            version,
            "discard",
            _("其他事项把本事项列为关联事项,不能删除其唯一的草稿。"),
            code="item_referenced",
        )
    record_event(actor=actor, obj=item, action="discard_draft", before=Status.DRAFT)
    if getattr(actor, "pk", None):
        version._history_user = actor
    version.delete()
    if not others:
        item.delete()


def publication_problems(version: ItemVersion) -> dict[str, list[str]]:
    """Why a draft cannot be published yet ({field: [messages]}); empty when complete."""
    problems: dict[str, list[str]] = {}
    for field in REQUIRED_TEXT:
        if not _text(getattr(version, field)):
            problems[field] = [_("此项不能为空。")]
    if not version.materials.exists():
        problems["materials"] = [_("至少需要一项申请材料。")]
    if version.transferred and not version.supervising_departments.exists():
        problems["supervising_departments"] = [_("已划转事项必须指定至少一个监管部门。")]
    if not version.transferred and version.handling_department_id is None:
        problems["handling_department"] = [_("未划转事项必须指定承办部门。")]
    if version.committed_limit_days > version.statutory_limit_days:
        problems["committed_limit_days"] = [_("承诺时限不能超过法定时限。")]
    if version.notice_commitment and not _text(version.commitment_check_method):
        problems["commitment_check_method"] = [_("告知承诺制事项必须写明核查方式。")]
    # 告知承诺核查期限: blank on a 告知承诺 item means 免予核查 (the field says so); on any other
    # item there is no commitment to check.
    if not version.notice_commitment and version.commitment_check_days is not None:
        problems["commitment_check_days"] = [_("非告知承诺制事项不设核查期限,请留空。")]
    if version.related_items.filter(pk=version.item_id).exists():
        problems["related_items"] = [_("关联事项不能包含本事项。")]
    problems.update(steps_problems(version))
    return problems


def _make_published(
    item: Item, version: ItemVersion, actor, change_note: str
) -> ItemVersion | None:
    """Supersede the item's published version and publish `version` (locked draft, or a new
    unsaved version). Returns the status the previous published version had, if any."""
    previous = (
        ItemVersion.objects.select_for_update()
        .filter(item=item, status=Status.PUBLISHED)
        .exclude(pk=version.pk)
        .first()
    )
    if previous is not None:
        previous.status = Status.SUPERSEDED
        _save(previous, actor, _("被新版本替代"), update_fields=["status", "updated_at"])
    last = item.versions.aggregate(last=Max("number"))["last"] or 0
    version.item = item
    version.status = Status.PUBLISHED
    version.number = last + 1
    version.published_at = timezone.now()
    version.published_by = actor if getattr(actor, "pk", None) else None
    if change_note:
        version.change_note = _text(change_note)[:300]
    _save(version, actor, _("发布第 %(n)s 版") % {"n": version.number})
    item.published_version = version
    item.save(update_fields=["published_version"])
    return previous


@transaction.atomic
def publish(*, version, actor, change_note: str = "") -> ItemVersion:
    """Draft → published with the item's next version number; the previous published version
    becomes superseded (applications keep pointing at it) and intake offers the new one."""
    _require_admin(actor)
    item = _lock_item(version.item_id)
    version = _lock_version(version)
    _require_draft(version, "publish")
    problems = publication_problems(version)
    if problems:
        raise InvalidInput(
            _("草稿内容不完整,不能发布:%(fields)s。")
            % {
                "fields": "、".join(
                    str(ItemVersion._meta.get_field(f).verbose_name)
                    if f not in ("materials", "steps")
                    else (_("申请材料") if f == "materials" else _("办理环节"))
                    for f in problems
                )
            },
            code="incomplete",
            fields=problems,
        )
    previous = _make_published(item, version, actor, change_note)
    record_event(
        actor=actor,
        obj=version,
        action="publish",
        before=Status.DRAFT,
        after=Status.PUBLISHED,
        note=version.change_note,
        data={
            "item": item.code,
            "number": version.number,
            "superseded": previous.number if previous else None,
        },
    )
    return version


@transaction.atomic
def withdraw(*, item, actor, reason) -> Item:
    """Published → withdrawn: intake no longer offers the item; the version stays for the
    applications accepted under it. A new draft and publish brings the item back."""
    _require_admin(actor)
    reason = _text(reason)
    if not reason:
        raise InvalidInput(
            _("请填写停用原因。"), code="reason_required", fields={"reason": [_("此项不能为空。")]}
        )
    if len(reason) > 300:
        raise InvalidInput(
            _("停用原因不能超过 300 字。"), fields={"reason": [_("不能超过 300 字。")]}
        )
    item = _lock_item(item)
    if item.published_version_id is None:
        raise InvalidTransition(
            item,
            "withdraw",
            _("事项 %(code)s 没有已发布的版本,无需停用。") % {"code": item.code},
            code="not_published",
        )
    version = _lock_version(item.published_version_id)
    version.status = Status.WITHDRAWN
    version.withdrawn_at = timezone.now()
    version.withdrawn_by = actor
    version.withdrawal_reason = reason
    _save(
        version,
        actor,
        _("停用"),
        update_fields=["status", "withdrawn_at", "withdrawn_by", "withdrawal_reason", "updated_at"],
    )
    item.published_version = None
    item.save(update_fields=["published_version"])
    record_event(
        actor=actor,
        obj=item,
        action="withdraw",
        before=Status.PUBLISHED,
        after=Status.WITHDRAWN,
        note=reason,
        data={"number": version.number},
    )
    return item


# --- import ---------------------------------------------------------------------------------

IMPORT_UNCHANGED, IMPORT_CREATED, IMPORT_UPDATED = "unchanged", "created", "updated"


@transaction.atomic
def import_item(*, code, content: dict, actor) -> tuple[str, ItemVersion | None]:
    """Apply one row of a catalog file. Same content as the item's current version → nothing.
    A new code → a new item with a draft. Changed content → the item's draft (made from the
    published version when there is none) gets it. A published version is never edited; an
    admin publishes the draft afterwards. Returns (outcome, draft or None)."""
    _require_admin(actor)
    code = _text(code)
    item = Item.objects.select_for_update().filter(code=code).first()
    if item is None:
        return IMPORT_CREATED, create_item(code=code, actor=actor, **content)
    current = item.current_version()
    if current is None:
        raise InvalidTransition(item, "import", _("该事项没有版本。"), code="no_base_version")
    cleaned = clean_content(content, base=content_of(current), own_code=code)
    if not differs(current, cleaned):
        return IMPORT_UNCHANGED, None
    draft = item.versions.filter(status=Status.DRAFT).first()
    if draft is None:
        draft = start_draft(item=item, actor=actor)
    elif not differs(draft, clean_content(content, base=content_of(draft), own_code=code)):
        return IMPORT_UNCHANGED, None  # the draft already holds these changes
    draft = update_draft(version=draft, actor=actor, reason=_("导入修改"), **content)
    return IMPORT_UPDATED, draft
