"""The procedure as steps (程序清单) of a draft: the admin's step table saved row by row under
the version's lock (the rules are in step_rules). Published versions' steps never change."""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.actions import register_actions
from audit.services import record_event
from catalog.models import ItemVersion, ProcedureStep
from catalog.services.items import _lock_item, _lock_version, _require_admin, _require_draft, _save
from catalog.services.step_rules import step_limits_problem
from core.errors import InvalidInput

# Rows being renumbered pass through positions above any real one (POSITION_MAX), so a swap
# of two positions never meets the unique (version, position) constraint half-way.
_PARKING = ProcedureStep.POSITION_MAX + 1

register_actions({"edit_draft_steps": gettext_lazy("修改办理环节")})


@transaction.atomic
def save_draft_steps(
    *,
    version: ItemVersion,
    actor,
    saved: Iterable[ProcedureStep] = (),
    deleted: Iterable[ProcedureStep] = (),
) -> list[ProcedureStep]:
    """Save the draft's added and changed steps (`saved`) and delete `deleted`, with one
    "edit_draft_steps" audit event; refuses (InvalidInput) when the steps' limits would exceed
    the committed limit or two steps would share a position. Nothing changed, nothing written."""
    _require_admin(actor)
    _lock_item(version.item_id)
    locked = _lock_version(version.pk)
    _require_draft(locked, "edit")
    saved, deleted = list(saved), list(deleted)
    if any(row.version_id != locked.pk for row in saved + deleted):
        raise InvalidInput(_("只能修改本版本的办理环节。"), code="not_this_version")
    gone = {row.pk for row in deleted}
    kept = {
        row.pk: row
        for row in locked.steps.all()
        if row.pk not in gone and row.pk not in {s.pk for s in saved}
    }
    final = list(kept.values()) + saved
    positions = [row.position for row in final]
    if len(positions) != len(set(positions)):
        raise InvalidInput(
            _("同一版本中环节序号不能重复。"),
            code="step_position_taken",
            fields={"steps": [_("同一版本中环节序号不能重复。")]},
        )
    # The committed limit of the version as it will be saved (the admin form's new value).
    problem = step_limits_problem(version.committed_limit_days, (r.limit_days for r in final))
    if problem:
        raise InvalidInput(problem, code="steps_over_limit", fields={"steps": [problem]})
    reason = _("修改办理环节")
    for row in deleted:
        if getattr(actor, "pk", None):
            row._history_user = actor
        row._change_reason = reason
        row.delete()
    moved = [row for row in saved if row.pk is not None]
    if moved:  # park the changed rows first: positions may be swapped among them
        for offset, row in enumerate(moved):
            ProcedureStep.objects.filter(pk=row.pk).update(position=_PARKING + offset)
    for row in saved:
        _save(row, actor, reason)
    added = [row for row in saved if row not in moved]
    if not (saved or deleted):
        return []
    record_event(
        actor=actor,
        obj=locked,
        action="edit_draft_steps",
        after=ItemVersion.Status.DRAFT,
        note=_("新增 %(a)s、修改 %(c)s、删除 %(d)s 个环节")
        % {"a": len(added), "c": len(moved), "d": len(deleted)},
        data={
            "added": [row.name for row in added],
            "changed": [row.name for row in moved],
            "deleted": [row.name for row in deleted],
        },
    )
    return saved
