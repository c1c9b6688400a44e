"""The CSV export of a department's pushes (the inbox's scope and tabs)."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from approvals.validators import mask_id_number
from core.text import looks_like_formula
from core.views import role_required
from supervision import selectors
from supervision.views._common import (
    _local,
    _person,
)
from supervision.views.inbox import _tabs
from supervision.workflow import PUSH_READERS

# --- CSV export -----------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    (gettext_lazy("监管部门"), lambda p, _now: p.department.name),
    (gettext_lazy("事项名称"), lambda p, _now: p.item_name),
    (gettext_lazy("决定类型"), lambda p, _now: p.decision_kind_label),
    (gettext_lazy("法律文书编号"), lambda p, _now: p.decision_number),
    # A denial has no permit and no validity: said in words, not an empty cell.
    (gettext_lazy("证件编号"), lambda p, _now: p.permit_number or _("无(未发证)")),
    (gettext_lazy("行政相对人"), lambda p, _now: p.holder_name),
    (
        gettext_lazy("身份证号码或统一社会信用代码"),
        lambda p, _now: mask_id_number(p.holder_id_number),
    ),
    (gettext_lazy("审批日期"), lambda p, _now: p.decision_date),
    (gettext_lazy("有效期自"), lambda p, _now: p.valid_from or ""),
    (gettext_lazy("有效期至"), lambda p, _now: p.valid_until or ""),
    (gettext_lazy("推送时间"), lambda p, _now: _local(p.pushed_at)),
    (gettext_lazy("认领期限"), lambda p, _now: _local(p.claim_deadline)),
    (gettext_lazy("状态"), lambda p, _now: p.get_status_display()),
    (gettext_lazy("认领时间"), lambda p, _now: _local(p.claimed_at)),
    (gettext_lazy("认领人"), lambda p, _now: _person(p.claimed_by)),
    (gettext_lazy("逾期"), lambda p, now: _("是") if p.is_overdue_at(now) else ""),
    (gettext_lazy("处置结果"), lambda p, _now: p.feedback),
    (gettext_lazy("退回理由"), lambda p, _now: p.return_reason),
    (gettext_lazy("退回处理"), lambda p, _now: p.get_return_answer_display()),
    (gettext_lazy("退回处理理由"), lambda p, _now: p.return_answer_reason),
]


def _cell(value) -> str:
    """Text as Excel should show it: a leading = + - @ would be read as a formula."""
    text = str(value)
    return "'" + text if looks_like_formula(text) else text


class _Echo:
    def write(self, value):
        return value


@role_required(*PUSH_READERS)
def export(request):
    """The department's pushes as CSV (UTF-8 with BOM, so Excel reads the Chinese), through the
    same scoping selector as the inbox; ID numbers masked. `?tab=` narrows like the inbox."""
    now = timezone.now()
    pushes = selectors.pushes_for(request.user)
    tab = request.GET.get("tab")
    condition = next((q for key, _label, q in _tabs(now) if key == tab), None)
    if condition is not None:
        pushes = pushes.filter(condition)
    pushes = pushes.order_by("-pushed_at", "-pk")
    writer = csv.writer(_Echo())

    def rows():
        yield "\ufeff"
        yield writer.writerow([str(title) for title, _get in EXPORT_COLUMNS])
        for push in pushes.iterator(chunk_size=500):
            yield writer.writerow([_cell(get(push, now)) for _title, get in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"pushes-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
