"""Supervision report pages (监管信息推送): the list, the liaison's form, the detail with claim and
follow-up, the attachment download."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.selectors import liaison_department
from core.errors import DomainError, InvalidInput, NotFound
from core.uploads import sniff_type
from core.views import role_required
from supervision import formkeys, selectors, services
from supervision.forms import FollowUpForm, ReportCloseForm, ReportForm
from supervision.models import SupervisionReport
from supervision.services.submissions import REPORT_FORM
from supervision.views._common import (
    _context,
    _form_errors,
    _next_or,
    _page,
    _refused,
    _timeline,
)
from supervision.workflow import (
    REPORT_READERS,
    REPORT_ROLES,
    ReportAction,
    report_actions_for,
)

# --- supervision reports --------------------------------------------------------------------------


@role_required(*REPORT_READERS)
def reports(request):
    qs = selectors.reports_for(request.user)
    status = request.GET.get("status")
    if status in SupervisionReport.Status.values:
        qs = qs.filter(status=status)
    page = _page(request, qs)
    rows = list(page.object_list)
    now = timezone.now()
    for report in rows:  # the model's one overdue rule, as in the API's `overdue`
        report.overdue = report.is_overdue_at(now)
        report.actions = report_actions_for(request.user, report)
    return render(
        request,
        "supervision/reports.html",
        _context(
            request,
            page=page,
            rows=rows,
            status=status if status in SupervisionReport.Status.values else "",
            statuses=SupervisionReport.Status.choices,
        ),
    )


def _report_form(request) -> ReportForm:
    """The report form; a fresh one-time key on GET and whenever the posted one is unusable."""
    if request.method != "POST":
        return ReportForm(initial={"once": formkeys.issue(request.user, REPORT_FORM)})
    form = ReportForm(request.POST, request.FILES or None)
    if formkeys.key_of(request.POST.get("once", ""), request.user, REPORT_FORM) is None:
        data = request.POST.copy()
        data["once"] = formkeys.issue(request.user, REPORT_FORM)
        form = ReportForm(data, request.FILES or None)
        form.key_refused = True
    return form


@role_required(*REPORT_ROLES[ReportAction.CREATE])
def report_new(request):
    form = _report_form(request)
    if getattr(form, "key_refused", False):
        form.is_valid()
        form.add_error(None, formkeys.EXPIRED)
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.create_report(
                user=request.user,
                permit_number=data["permit_number"],
                kind=data["kind"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                summary=data["summary"],
                attachment=data.get("attachment"),
                submission_key=formkeys.key_of(data["once"], request.user, REPORT_FORM),
            )
        except NotFound:
            form.add_error("permit_number", _("未找到该证件,或该证件不属于本部门监管的事项。"))
        except InvalidInput as exc:
            _form_errors(form, exc, rename={"file": "attachment", "permit": "permit_number"})
        except DomainError as exc:
            if exc.code == "already_submitted":  # the first submit made the report
                messages.warning(request, str(exc.message))
                return redirect("supervision:reports")
            form.add_error(None, str(exc.message))
        else:
            if report.late:
                messages.warning(
                    request,
                    _("监管信息已推送。晚于处罚决定后第 7 个工作日,已记为逾期推送。"),
                )
            else:
                messages.success(request, _("监管信息已推送,审批局将在 3 个工作日内认领。"))
            return redirect("supervision:report_detail", pk=report.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "supervision/report_new.html",
        _context(request, form=form, department=liaison_department(request.user)),
        status=status,
    )


@role_required(*REPORT_READERS)
def report_detail(request, pk, follow_up_form=None, status=200, close_form=None):
    try:
        report = selectors.access_report(request.user, pk)
    except NotFound:
        raise Http404 from None
    actions = report_actions_for(request.user, report)
    return render(
        request,
        "supervision/report_detail.html",
        _context(
            request,
            report=report,
            overdue=report.is_overdue_at(timezone.now()),
            can_claim=ReportAction.CLAIM in actions,
            follow_up_form=(
                follow_up_form
                or FollowUpForm(initial={"kind": services.SUGGESTED_KIND.get(report.kind)})
            )
            if ReportAction.FOLLOW_UP in actions
            else None,
            # issue 14, feedback: 已知悉 / 已办结 (views.feedback.report_close).
            close_form=(close_form or ReportCloseForm()) if ReportAction.CLOSE in actions else None,
            events=_timeline(report),
        ),
        status=status,
    )


@role_required(*REPORT_READERS)
def report_attachment(request, pk):
    """The report's attachment, to those who may read the report (never a public media URL)."""
    try:
        report = selectors.access_report(request.user, pk)
    except NotFound:
        raise Http404 from None
    if not report.attachment:
        raise Http404
    handle = report.attachment.open("rb")
    sniffed = sniff_type(handle.read(16))  # the upload check's own table of types
    handle.seek(0)
    content_type, extension = sniffed or ("application/octet-stream", "")
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=True,
        filename=f"report-{report.pk}.{extension}" if extension else f"report-{report.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@role_required(*REPORT_ROLES[ReportAction.CLAIM])
def report_claim(request, pk):
    try:
        report = services.claim_report(report_id=pk, user=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        if report.claim_late:
            messages.warning(request, _("已认领(逾期认领,已记录)。"))
        else:
            messages.success(request, _("已认领该监管信息。"))
    return redirect(_next_or(request, reverse("supervision:report_detail", args=[pk])))


@require_POST
@role_required(*REPORT_ROLES[ReportAction.FOLLOW_UP])
def report_follow_up(request, pk):
    form = FollowUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            procedure = services.follow_up_report(
                report_id=pk,
                approver=request.user,
                kind=data["kind"],
                reason=data["reason"],
                content=data["content"],
                valid_until=data["valid_until"],
            )
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:report_detail", pk=pk)
        else:
            messages.success(
                request,
                _(
                    "已启动后续程序(编号 %(pk)s):经审查、审批后作出决定,"
                    "决定将推送给该证件当前的监管部门。"
                )
                % {"pk": procedure.pk},
            )
            return redirect("supervision:report_detail", pk=pk)
    messages.error(request, _("请检查后续程序的内容。"))
    return report_detail(request, pk, follow_up_form=form, status=400)
