"""Pages of the monthly 通报: the list, a report (a liaison sees their own department's part),
the archived PDF and xlsx, the print view, and the inspectors' regeneration."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accountability.models import MonthlyReport
from accountability.reports import services
from catalog.selectors import liaison_departments
from core.errors import DomainError
from core.roles import Role, has_role
from core.views import role_required

ROLES = (Role.INSPECTOR, Role.LIAISON)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _department_id(request) -> int | None:
    """None for an inspector (everything); a liaison's department (404 without one)."""
    if has_role(request.user, Role.INSPECTOR):
        return None
    department = liaison_departments(request.user).order_by("code").first()
    if department is None:
        raise Http404
    return department.pk


def _report(pk) -> MonthlyReport:
    return get_object_or_404(MonthlyReport.objects.select_related("seal", "generated_by"), pk=pk)


@require_GET
@role_required(*ROLES)
def monthly_reports(request):
    reports = MonthlyReport.objects.defer("pdf", "xlsx", "figures").order_by("-month", "-revision")
    page = Paginator(reports, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "accountability/reports/list.html",
        {"page": page, "inspector": has_role(request.user, Role.INSPECTOR)},
    )


@require_GET
@role_required(*ROLES)
def monthly_report_detail(request, pk):
    department_id = _department_id(request)
    report = _report(pk)
    figures = (
        report.figures
        if department_id is None
        else services.part_for(report.figures, department_id)
    )
    context = services._context(
        {"number": report.number, "revision": report.revision, "audit_head": figures["audit_head"]},
        figures,
        report.seal,
    )
    context.update(report=report, inspector=department_id is None, intact=report.intact())
    return render(request, "accountability/reports/detail.html", context)


@require_GET
@role_required(Role.INSPECTOR)
def monthly_report_pdf(request, pk):
    report = _report(pk)
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="monthly-report-{report.figures["month"]}-{report.revision}.pdf"'
    )
    response["X-Content-SHA256"] = report.pdf_sha256
    return response


@require_GET
@role_required(*ROLES)
def monthly_report_xlsx(request, pk):
    department_id = _department_id(request)
    report = _report(pk)
    if department_id is None:
        body, digest = bytes(report.xlsx), report.xlsx_sha256
    else:
        # A liaison's part, from the archived figures (the same numbers), made on request.
        body = services.render_xlsx(
            services.part_for(report.figures, department_id), number=report.number
        )
        digest = MonthlyReport.digest(body)
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="monthly-report-{report.figures["month"]}-{report.revision}.xlsx"'
    )
    response["X-Content-SHA256"] = digest
    return response


@require_GET
@role_required(Role.INSPECTOR)
def monthly_report_print(request, pk):
    report = _report(pk)
    context = services._context(
        {
            "number": report.number,
            "revision": report.revision,
            "issued_on": report.generated_at.astimezone(services.workdays.TZ).date(),
            "audit_head": report.figures["audit_head"],
        },
        report.figures,
        report.seal,
    )
    context.update(
        back_url=reverse("accountability:monthly_report_detail", args=[report.pk]),
        pdf_url=reverse("accountability:monthly_report_pdf", args=[report.pk]),
    )
    return HttpResponse(services.render_html(context))


@require_POST
@role_required(Role.INSPECTOR)
def monthly_report_generate(request):
    """An inspector makes (or regenerates) the report of a past month."""
    try:
        month = services.parse_month(request.POST.get("month", ""))
        report, created = services.produce_monthly_report(
            month=month, actor=request.user, regenerate=request.POST.get("regenerate") == "1"
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("accountability:monthly_reports")
    if created:
        messages.success(request, _("已生成 %(n)s。") % {"n": report.number})
    else:
        messages.info(request, _("该月通报已存在:%(n)s。") % {"n": report.number})
    return redirect("accountability:monthly_report_detail", pk=report.pk)
