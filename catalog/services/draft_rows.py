"""The rows of a draft edited one by one (the admin's material and fee tables): each call saves
the added, changed and deleted rows of one table under the version's lock and writes one audit
event naming them. A published, superseded or withdrawn version's rows never change."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_event
from catalog.models import Fee, ItemVersion, Material
from catalog.services.items import _lock_item, _lock_version, _require_admin, _require_draft, _save
from core.errors import InvalidInput


def _save_rows(*, version, actor, model, saved, deleted, action: str, reason: str):
    _require_admin(actor)
    _lock_item(version.item_id)
    locked = _lock_version(version.pk)
    _require_draft(locked, "edit")
    saved, deleted = list(saved), list(deleted)
    strangers = [row for row in saved + deleted if row.version_id != locked.pk]
    if strangers:
        raise InvalidInput(
            _("只能修改本版本的%(rows)s。") % {"rows": model._meta.verbose_name},
            code="not_this_version",
        )
    if model is Material:
        _number_new_materials(locked, saved, deleted)
    added = [row for row in saved if row.pk is None]
    changed = [row for row in saved if row.pk is not None]
    for row in saved:
        _save(row, actor, reason)
    for row in deleted:
        if getattr(actor, "pk", None):
            row._history_user = actor
        row._change_reason = reason[:100]
        row.delete()
    if not (added or changed or deleted):
        return []
    record_event(
        actor=actor,
        obj=locked,
        action=action,
        after=ItemVersion.Status.DRAFT,
        note=_("新增 %(a)s、修改 %(c)s、删除 %(d)s 项")
        % {
            "a": len(added),
            "c": len(changed),
            "d": len(deleted),
        },
        data={
            "added": [row.name for row in added],
            "changed": [row.name for row in changed],
            "deleted": [row.name for row in deleted],
        },
    )
    return saved


def _number_new_materials(version, saved, deleted) -> None:
    """A material added without a position goes to the end of the list."""
    gone = {row.pk for row in deleted}
    positions = {
        pk: position
        for pk, position in version.materials.values_list("pk", "position")
        if pk not in gone
    }
    positions.update({row.pk: row.position for row in saved if row.pk is not None})
    last = max([p for p in positions.values() if p] or [0])
    for row in saved:
        if row.pk is None and not row.position:
            last += 1
            row.position = last


@transaction.atomic
def save_draft_materials(
    *, version: ItemVersion, actor, saved: Iterable[Material] = (), deleted: Iterable[Material] = ()
) -> list[Material]:
    """Save the draft's added and changed materials (`saved`) and delete `deleted`, with one
    "edit_draft_materials" audit event; nothing changed, nothing written."""
    return _save_rows(
        version=version,
        actor=actor,
        model=Material,
        saved=saved,
        deleted=deleted,
        action="edit_draft_materials",
        reason=_("修改申请材料"),
    )


@transaction.atomic
def save_draft_fees(
    *, version: ItemVersion, actor, saved: Iterable[Fee] = (), deleted: Iterable[Fee] = ()
) -> list[Fee]:
    """Save the draft's added and changed fee lines and delete `deleted`, with one
    "edit_draft_fees" audit event; nothing changed, nothing written."""
    return _save_rows(
        version=version,
        actor=actor,
        model=Fee,
        saved=saved,
        deleted=deleted,
        action="edit_draft_fees",
        reason=_("修改收费项目"),
    )
