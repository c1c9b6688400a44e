"""The statistics as an xlsx workbook (openpyxl): the summary, the targets, and the two tables.
Every text cell that a spreadsheet would read as a formula is written with a leading apostrophe
(core.text.looks_like_formula, the rule every export follows)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.text import looks_like_formula

APPLICATION_COLUMNS = (
    ("accepted", "受理件数"),
    ("decided", "办结件数"),
    ("decided_on_time", "按承诺时限办结"),
    ("on_time_rate", "按时办结率"),
    ("avg_working_days", "平均办理工作日"),
    ("p90_working_days", "办理工作日第90百分位"),
    ("refused", "不予受理"),
    ("corrections", "补正"),
    ("instant_decided", "即办件办结"),
    ("instant_on_the_spot", "即办件当场办结"),
    ("window_approval_rate", "窗口审批率"),
    ("on_the_spot_rate", "现场办结率"),
)
PUSH_COLUMNS = (
    ("pushed", "推送件数"),
    ("claimed", "已认领"),
    ("claimed_on_time", "按时认领"),
    ("claimed_on_time_rate", "按时认领率"),
    ("median_claim_working_days", "认领用时中位数(工作日)"),
    ("overdue", "逾期"),
    ("returned", "退回"),
    ("feedback_given", "已反馈"),
)
TARGET_LABELS = (
    ("stationed_rate", "入驻率"),
    ("window_approval_rate", "窗口审批率"),
    ("on_the_spot_rate", "现场办结率"),
)


def safe(value):
    if isinstance(value, str) and looks_like_formula(value):
        return "'" + value
    return "—" if value is None else value


def _sheet(book, title, header, rows, *, first=False):
    sheet = book.active if first else book.create_sheet()
    sheet.title = title
    sheet.append([_(h) for h in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe(v) for v in row])
    return sheet


def workbook(summary: dict, table: dict | None, *, title: str) -> bytes:
    book = Workbook()
    apps, pushes, reports = summary["applications"], summary["pushes"], summary["reports"]
    rows = [
        (_("统计期"), f"{summary['from']} — {summary['to']}"),
        (_("统计截止"), summary["as_of"]),
    ]
    rows.append((_("部门"), summary["department"] or _("全部部门")))
    rows += [(_(label), apps[name]) for name, label in APPLICATION_COLUMNS]
    rows += [(_(label), pushes[name]) for name, label in PUSH_COLUMNS]
    rows += [
        (_("监管信息推送"), reports["pushed"]),
        (_("监管信息迟报"), reports["pushed_late"]),
        (_("好差评满意率"), summary["satisfaction"]["satisfaction_rate"]),
    ]
    sheet = _sheet(book, _("汇总"), (title, ""), rows, first=True)
    sheet.column_dimensions["A"].width = 28
    sheet.column_dimensions["B"].width = 28
    _sheet(
        book,
        _("目标对照"),
        ("指标", "目标", "实际"),
        [
            (_(label), summary["targets"][name]["target"], summary["targets"][name]["actual"])
            for name, label in TARGET_LABELS
        ],
    )
    if table is not None:
        _sheet(
            book,
            _("办件明细"),
            ("分组", *(label for _n, label in APPLICATION_COLUMNS)),
            [[r["label"], *(r[n] for n, _l in APPLICATION_COLUMNS)] for r in table["applications"]],
        )
        _sheet(
            book,
            _("推送按部门"),
            ("部门", *(label for _n, label in PUSH_COLUMNS)),
            [[r["label"], *(r[n] for n, _l in PUSH_COLUMNS)] for r in table["pushes"]],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
