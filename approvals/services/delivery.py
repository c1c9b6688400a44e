"""Delivery at the window (统一出件) and waived materials supplied later."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from approvals.limits import COLLECTOR_MAX
from approvals.models import (
    Application,
    ApplicationMaterial,
    StoredFile,
)
from approvals.services._common import (
    S,
    _lock,
    _require,
    _set_status,
    clean_text,
)
from approvals.services.applicants import store_uploads
from approvals.services.fees import UNPAID, fee_status
from approvals.workflow import ROLES, Action
from audit.services import record_event
from core.errors import InvalidInput, InvalidTransition
from core.roles import require_role


@transaction.atomic
def supply_waived(
    *,
    application_id,
    clerk,
    material_ids: list[int],
    files: dict[int, StoredFile] | None = None,
    uploads: dict | None = None,
) -> Application:
    """The applicant brings a waived material (容缺补交); files as for record_materials, and a
    material with a file counts as supplied."""
    require_role(clerk, *ROLES[Action.SUPPLY_WAIVED])
    app = _lock(application_id)
    _require(app, Action.SUPPLY_WAIVED)
    files = {
        **(files or {}),
        **store_uploads(actor=clerk, applicant=app.applicant, uploads=uploads or {}),
    }
    if not material_ids and not files:
        raise InvalidInput(_("请勾选或上传补交的容缺材料。"), code="nothing_selected")
    material_ids = sorted(set(material_ids) | set(files))
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
    require_role(clerk, *ROLES[Action.DELIVER])
    app = _lock(application_id)
    _require(app, Action.DELIVER)
    collected_by = clean_text(
        collected_by,
        field="collected_by",
        limit=COLLECTOR_MAX,
        required=_("请填写领取人。"),
        code="collector_required",
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
    if app.status == S.APPROVED and fee_status(app) == UNPAID:  # 缴费 before the permit
        raise InvalidTransition(message=_("尚未缴费,不能出件:请先登记缴费。"), code="fees_unpaid")
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
