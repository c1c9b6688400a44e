"""The monthly 通报 (000 "定期通报"; 001 第十九条): the previous month's figures as of the month's
end, an A4 PDF sealed and numbered like the other documents, an xlsx, both archived with their
SHA-256 in the MonthlyReport row, and the audit chain's head hash of the month on the paper.

One way in: produce_monthly_report(). Everything (the number, the row, the audit event, the
in-app notifications) is written in ONE transaction, so a run that dies halfway leaves nothing
and the next run does it all once; the e-mails of the notifications go after commit
(supervision.services.notify). A second run for a month that has its report does nothing.
Regenerating (an inspector, or the command with --regenerate) writes the next revision from the
same data as of the month's end: the same numbers.
"""

import datetime as dt
import io

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accountability import selectors
from accountability.models import MonthlyReport, OverdueRecord
from accountability.statistics import export as statistics_export
from accountability.statistics import services as statistics
from approvals import statistics as application_stats
from approvals.numbering import next_serial
from approvals.services import active_seal
from audit import chain
from audit.actions import register_actions
from audit.services import record_event
from catalog.models import Department
from catalog.selectors import liaisons_of
from core.errors import InvalidInput
from core.roles import Role, require_role
from supervision import statistics as push_stats
from supervision.services import notify, users_with_role
from workdays import services as workdays

SERIES = "monthly_report"
# The overdue list kept in the figures and the xlsx; the PDF lists the first PDF_OVERDUE_ROWS.
OVERDUE_ROWS_KEPT = 5000
PDF_OVERDUE_ROWS = 200

register_actions(
    {
        "produce_monthly_report": gettext_lazy("生成月度通报"),
        "regenerate_monthly_report": gettext_lazy("重新生成月度通报"),
    }
)


def parse_month(text: str) -> dt.date:
    """'YYYY-MM' → the first day of that month; a past month only."""
    try:
        month = dt.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError as exc:
        raise InvalidInput(_("月份格式应为 YYYY-MM。"), code="invalid_month") from exc
    if not (statistics.MIN_YEAR <= month.year <= statistics.MAX_YEAR):
        raise InvalidInput(_("月份超出范围。"), code="invalid_month")
    if month >= workdays.today().replace(day=1):
        raise InvalidInput(_("只能生成已结束月份的通报。"), code="invalid_month")
    return month


def previous_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def first_working_day(month: dt.date) -> dt.date:
    """The first working day of `month` (the working-day calendar decides)."""
    return workdays.add_working_days(month - dt.timedelta(days=1), 1).date


def month_end(month: dt.date) -> dt.datetime:
    """The first instant after the month (Asia/Shanghai): figures are as of this moment."""
    _first, last = statistics.month_range(month)
    return dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=workdays.TZ)


def compute_figures(month: dt.date) -> dict:
    """The numbers of the month as of its end, from the data alone (nothing of 'now'): the
    summary, per department push and report timeliness, the overdue records flagged in the
    month, the audit chain's head at the end."""
    first, last = statistics.month_range(month)
    end = month_end(month)
    query = statistics.Query(date_from=first, date_to=last)
    summary = statistics.summary(query, now=end)
    scope = application_stats.Scope(start=query.start, end=query.end, as_of=end)
    pushes = {row["k"]: row for row in push_stats.push_rows(scope, by_department=True)}
    reports = {row["k"]: row for row in push_stats.report_rows(scope, by_department=True)}
    departments = []
    for department in Department.objects.order_by("code"):
        push = statistics._pushes(pushes[department.pk]) if department.pk in pushes else None
        report = reports.get(department.pk)
        departments.append(
            {
                "id": department.pk,
                "code": department.code,
                "name": department.name,
                "pushes": push or statistics._pushes(_empty_push()),
                "reports": {
                    "pushed": report["pushed"] if report else 0,
                    "pushed_late": report["pushed_late"] if report else 0,
                },
            }
        )
    records = (
        selectors.overdue_records()
        .filter(flagged_at__gte=query.start, flagged_at__lt=end)
        .order_by("department__name", "kind", "deadline", "pk")
    )
    overdue_total = records.count()
    overdue = [_overdue_row(r) for r in records[:OVERDUE_ROWS_KEPT]]
    head = chain.head_at(end)
    return {
        "month": month.strftime("%Y-%m"),
        "from": first.isoformat(),
        "to": last.isoformat(),
        "as_of": end.isoformat(),
        "summary": summary,
        "departments": departments,
        "overdue": overdue,
        "overdue_total": overdue_total,
        "audit_head": {"id": head[0], "hash": head[1]} if head else None,
    }


def _empty_push() -> dict:
    return {
        "pushed": 0,
        "claimed": 0,
        "claimed_on_time": 0,
        "claim_due": 0,
        "returned": 0,
        "overdue": 0,
        "feedback_given": 0,
        "median_claim_working_days": None,
    }


def _overdue_row(record: OverdueRecord) -> dict:
    obj = record.push or record.report or record.application
    number = getattr(obj, "decision_number", "") or getattr(obj, "receipt_number", "") or ""
    return {
        "kind": record.kind,
        "kind_label": str(record.get_kind_display()),
        "number": number,
        "department_id": record.department_id,
        "department": record.department.name if record.department else "",
        "deadline": record.deadline.astimezone(workdays.TZ).date().isoformat(),
        "flagged_at": record.flagged_at.astimezone(workdays.TZ).date().isoformat(),
    }


def part_for(figures: dict, department_id: int) -> dict:
    """A department's part of a report (what its liaisons see)."""
    return {
        **figures,
        "departments": [d for d in figures["departments"] if d["id"] == department_id],
        "overdue": [r for r in figures["overdue"] if r["department_id"] == department_id],
        "overdue_total": None,
    }


def report_number(prefix: str, year: int, serial: int) -> str:
    return f"{prefix}通〔{year}〕{serial}号"


def _context(report_fields: dict, figures: dict, seal) -> dict:
    month = dt.date.fromisoformat(figures["from"])
    summary = figures["summary"]
    return {
        **report_fields,
        "figures": figures,
        "summary": summary,
        "seal": seal,
        "bureau": seal.bureau_name,
        "title": _("%(y)s年%(m)s月审批监管工作通报") % {"y": month.year, "m": month.month},
        "application_rows": [
            (_(label), statistics_export.safe(summary["applications"][name]))
            for name, label in statistics_export.APPLICATION_COLUMNS
        ],
        "target_rows": [
            (
                _(label),
                _pct(summary["targets"][name]["target"]),
                _pct(summary["targets"][name]["actual"]),
            )
            for name, label in statistics_export.TARGET_LABELS
        ],
        "departments": [
            {
                **d,
                "on_time_rate": _pct(d["pushes"]["claimed_on_time_rate"]),
            }
            for d in figures["departments"]
        ],
        "overdue_rows": figures["overdue"][:PDF_OVERDUE_ROWS],
        "overdue_more": max(0, (figures["overdue_total"] or 0) - PDF_OVERDUE_ROWS),
    }


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def render_html(context: dict, *, pdf: bool = False) -> str:
    return render_to_string("accountability/reports/document.html", {**context, "pdf": pdf})


def render_pdf(context: dict) -> bytes:
    """A4 through WeasyPrint, as approvals/documents.py does (CJK font, only data: URLs)."""
    from weasyprint import HTML, URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(
        string=render_html(context, pdf=True), base_url=None, url_fetcher=fetcher
    ).write_pdf()


def render_xlsx(figures: dict, *, number: str) -> bytes:
    """The workbook: the statistics sheets, per department timeliness, the overdue list."""
    from openpyxl import load_workbook

    table = {
        "applications": [],
        "pushes": [{"label": d["name"], **d["pushes"]} for d in figures["departments"]],
    }
    book = load_workbook(
        io.BytesIO(statistics_export.workbook(figures["summary"], table, title=number))
    )
    del book[_("办件明细")]
    sheet = book.create_sheet(_("逾期清单"))
    sheet.append([_("类型"), _("编号"), _("责任部门"), _("期限"), _("标记日期")])
    for row in figures["overdue"]:
        sheet.append(
            [
                statistics_export.safe(v)
                for v in (
                    row["kind_label"],
                    row["number"],
                    row["department"],
                    row["deadline"],
                    row["flagged_at"],
                )
            ]
        )
    head = figures["audit_head"]
    info = book[_("汇总")]
    info.append([_("通报编号"), number])
    info.append([_("审计链末条哈希"), head["hash"] if head else "—"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def produce_monthly_report(
    *, month: dt.date, actor=None, regenerate: bool = False
) -> tuple[MonthlyReport, bool]:
    """Make the report of `month` (its first day). Returns (report, created). Without
    `regenerate`, an existing report is returned untouched (idempotent); with it (inspectors),
    the next revision is written from the same data."""
    if actor is not None:
        require_role(actor, Role.INSPECTOR)
    if not regenerate:
        existing = MonthlyReport.objects.filter(month=month).order_by("revision").first()
        if existing is not None:
            return existing, False
    try:
        return _produce(month=month, actor=actor, regenerate=regenerate), True
    except IntegrityError:
        # A concurrent run wrote this revision first: theirs stands, ours rolled back whole.
        if regenerate:
            raise
        return MonthlyReport.objects.get(month=month, revision=1), False


@transaction.atomic
def _produce(*, month: dt.date, actor, regenerate: bool) -> MonthlyReport:
    seal = active_seal()
    figures = compute_figures(month)
    last = MonthlyReport.objects.filter(month=month).order_by("-revision").first()
    revision = (last.revision + 1) if (regenerate and last) else 1
    now = timezone.now()
    year = month.year
    serial = next_serial(SERIES, year)
    number = report_number(seal.document_prefix, year, serial)
    if revision > 1:
        number = f"{number}({_('第%(n)s版') % {'n': revision}})"
    fields = {
        "number": number,
        "revision": revision,
        "issued_on": now.astimezone(workdays.TZ).date(),
        "audit_head": figures["audit_head"],
    }
    pdf = render_pdf(_context(fields, figures, seal))
    xlsx = render_xlsx(figures, number=number)
    report = MonthlyReport(
        month=month,
        revision=revision,
        number=number,
        serial=serial,
        seal=seal,
        figures=figures,
        audit_head_id=figures["audit_head"]["id"] if figures["audit_head"] else None,
        audit_head_hash=figures["audit_head"]["hash"] if figures["audit_head"] else "",
        pdf=pdf,
        pdf_sha256=MonthlyReport.digest(pdf),
        xlsx=xlsx,
        xlsx_sha256=MonthlyReport.digest(xlsx),
        generated_at=now,
        generated_by=actor,
    )
    with transaction.atomic():  # a savepoint: a concurrent duplicate fails here, cleanly
        report.save(force_insert=True)
    record_event(
        actor=actor,
        obj=report,
        action="regenerate_monthly_report" if revision > 1 else "produce_monthly_report",
        after=number,
        note=figures["month"],
        data={"pdf_sha256": report.pdf_sha256, "xlsx_sha256": report.xlsx_sha256},
    )
    _notify(report)
    return report


def _notify(report: MonthlyReport) -> None:
    link = reverse("accountability:monthly_report_detail", args=[report.pk])
    subject = _("月度通报:%(month)s(%(number)s)") % {
        "month": report.figures["month"],
        "number": report.number,
    }
    body = _("%(month)s 的审批监管工作通报已生成,请登录查看:%(url)s") % {
        "month": report.figures["month"],
        "url": settings.SITE_URL + link,
    }
    recipients = {u.pk: u for u in users_with_role(Role.INSPECTOR)}
    department_ids = [d["id"] for d in report.figures["departments"]]
    for user in liaisons_of(department_ids):
        recipients.setdefault(user.pk, user)
    notify(list(recipients.values()), subject=subject, body=body, link=link)


def due_report(today: dt.date | None = None) -> dt.date | None:
    """The month the beat should report on now: the previous month, once its first working
    day has come (a beat that missed the day catches up the next hour)."""
    today = today or workdays.today()
    if today < first_working_day(today.replace(day=1)):
        return None
    return previous_month(today)


def run_monthly_report(today: dt.date | None = None) -> MonthlyReport | None:
    """The beat job: the previous month's report, once (idempotent)."""
    month = due_report(today)
    if month is None:
        return None
    report, _created = produce_monthly_report(month=month)
    return report
