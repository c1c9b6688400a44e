"""The supervision pages: the liaison's inbox, push detail and CSV export; the bureau's returned
pushes and supervision reports; everyone's notifications.

Pages parse input, call a service or a selector and render. Department scoping comes from
supervision.selectors only; a record outside the caller's scope is the same 404 as a missing one.
Refused actions (DomainError) become a Chinese message on the page."""

import csv
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from approvals.validators import mask_id_number
from audit.services import events_for
from catalog.models import Department
from catalog.selectors import liaison_department
from core.errors import DomainError, InvalidInput, NotFound
from core.roles import Role, has_role
from core.uploads import check_upload
from core.views import role_required
from supervision import selectors, services
from supervision.api import push_for_detail, record_id_number_view
from supervision.forms import FeedbackForm, FollowUpForm, ReportForm, RerouteForm, ReturnForm
from supervision.models import Push, SupervisionReport
from supervision.services import push_allows
from workdays import services as workdays

P = Push.Status
PAGE_SIZE = 25
PUSH_READERS = (Role.LIAISON, Role.INSPECTOR)
BUREAU = (Role.APPROVER, Role.WINDOW_CLERK)
REPORT_READERS = (Role.LIAISON, Role.WINDOW_CLERK, Role.APPROVER, Role.INSPECTOR)


# --- shared helpers -------------------------------------------------------------------------------


def _tabs(now) -> list[tuple[str, str, Q]]:
    """The inbox tabs: key, label, condition. 待认领 holds every unclaimed push (overdue ones
    too: they still need claiming); 已逾期 is the unclaimed ones past their deadline."""
    return [
        ("to_claim", gettext_lazy("待认领"), Q(status=P.PUSHED)),
        ("claimed", gettext_lazy("已认领"), Q(status=P.CLAIMED)),
        ("feedback", gettext_lazy("已反馈"), Q(status__in=[P.FEEDBACK_GIVEN, P.CLOSED])),
        ("overdue", gettext_lazy("已逾期"), selectors.overdue_pushes_q(now)),
        ("returned", gettext_lazy("已退回"), Q(status=P.RETURNED)),
    ]


def _context(request, **extra) -> dict:
    """What every supervision page needs for its sub-navigation and buttons."""
    user = request.user
    return {
        "can_read_pushes": has_role(user, *PUSH_READERS),
        "can_act_on_pushes": has_role(user, Role.LIAISON),
        "is_bureau": has_role(user, *BUREAU),
        "is_approver": has_role(user, Role.APPROVER),
        "can_read_reports": has_role(user, *REPORT_READERS),
        "can_report": has_role(user, Role.LIAISON),
        **extra,
    }


EVENT_LABELS = {
    "push": gettext_lazy("推送"),
    "claim": gettext_lazy("认领"),
    "feedback": gettext_lazy("反馈处置结果"),
    "return": gettext_lazy("退回"),
    "reroute": gettext_lazy("改派"),
    "recompute_deadline": gettext_lazy("重新计算认领期限"),
    "report": gettext_lazy("推送监管信息"),
    "follow_up": gettext_lazy("作出后续决定"),
}


def _timeline(obj) -> list:
    """The object's audit trail for its page, labelled in Chinese. Looks at ID numbers are
    audited too but left out here: they are not steps of the work."""
    events = list(events_for(obj).exclude(action="view_id_number"))
    for event in events:
        event.label = EVENT_LABELS.get(event.action, event.action)
    return events


def _page(request, queryset, size=PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def _next_or(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _refused(request, exc: DomainError) -> None:
    """A refused action: a missing or out-of-scope record is 404; the rest a Chinese message."""
    if isinstance(exc, NotFound):
        raise Http404 from exc
    messages.error(request, str(exc.message))


def _form_errors(form, exc: InvalidInput, rename: dict | None = None) -> None:
    rename = rename or {}
    if not exc.fields:
        form.add_error(None, str(exc.message))
    for field, errors in exc.fields.items():
        name = rename.get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, str(error))


def working_days_from(today: datetime.date, dates) -> dict[datetime.date, int]:
    """Signed working days from `today` to each date, counted as
    workdays.services.working_days_between counts them (days d with start < d <= end; negative
    for a date before today), for a whole page with one load of the working-day calendar (two
    queries, whatever the number of rows and dates)."""
    dates = set(dates)
    if not dates:
        return {}
    first = min(min(dates), today) + datetime.timedelta(days=1)
    last = max(max(dates), today)
    # The calendar service's own loader, so every count follows its one set of rules.
    calendar = workdays.calendar_span(first, last)
    cumulative, day, count = {first - datetime.timedelta(days=1): 0}, first, 0
    while day <= last:
        count += calendar.is_workday(day)
        cumulative[day] = count
        day += datetime.timedelta(days=1)
    return {d: cumulative[d] - cumulative[today] for d in dates}


def _countdown(push: Push, now, distance: dict) -> dict | None:
    """The claim countdown of an unclaimed push: 剩余 N 个工作日 / 今日到期 / 已逾期 N 个工作日."""
    if push.status != P.PUSHED:
        return None
    deadline = timezone.localtime(push.claim_deadline).date()
    if now > push.claim_deadline:
        days = -distance[deadline]
        text = _("已逾期 %(n)s 个工作日") % {"n": days} if days > 0 else _("已逾期")
        return {"text": text, "css": "late"}
    if deadline == timezone.localtime(now).date():
        return {"text": _("今日到期"), "css": "warn"}
    days = distance[deadline]
    return {"text": _("剩余 %(n)s 个工作日") % {"n": days}, "css": "warn" if days <= 1 else "ok"}


def _with_countdowns(pushes: list[Push], now) -> list[Push]:
    today = timezone.localtime(now).date()
    distance = working_days_from(
        today,
        {timezone.localtime(p.claim_deadline).date() for p in pushes if p.status == P.PUSHED},
    )
    for push in pushes:
        push.countdown = _countdown(push, now, distance)
        push.masked_id_number = mask_id_number(push.holder_id_number)
    return pushes


# --- the liaison's inbox --------------------------------------------------------------------------


@role_required(*PUSH_READERS)
def inbox(request):
    now = timezone.now()
    tabs = _tabs(now)
    current = request.GET.get("tab")
    if current not in {key for key, _label, _q in tabs}:
        current = "to_claim"
    pushes = selectors.pushes_for(request.user)
    counts = pushes.aggregate(**{key: Count("pk", filter=q) for key, _label, q in tabs})
    condition = next(q for key, _label, q in tabs if key == current)
    ordering = (
        ["claim_deadline", "pk"] if current in ("to_claim", "overdue") else ["-pushed_at", "-pk"]
    )
    page = _page(request, pushes.filter(condition).order_by(*ordering))
    rows = _with_countdowns(list(page.object_list), now)
    return render(
        request,
        "supervision/inbox.html",
        _context(
            request,
            department=liaison_department(request.user),
            tabs=[(key, label, counts[key]) for key, label, _q in tabs],
            current=current,
            page=page,
            rows=rows,
            claimable={P.PUSHED},
        ),
    )


@role_required(*PUSH_READERS)
def push_detail(request, pk, feedback_form=None, return_form=None, status=200):
    try:
        push = push_for_detail(request.user, pk)
    except NotFound:
        raise Http404 from None
    # The only page with the full ID number: every look is audited (design rule 6).
    record_id_number_view(request.user, push, "page")
    can_act = has_role(request.user, Role.LIAISON)
    now = timezone.now()
    _with_countdowns([push], now)
    response = render(
        request,
        "supervision/push_detail.html",
        _context(
            request,
            push=push,
            can_claim=can_act and push_allows(push, "claim"),
            feedback_form=(feedback_form or FeedbackForm())
            if can_act and push_allows(push, "feedback")
            else None,
            return_form=(return_form or ReturnForm())
            if can_act and push_allows(push, "return")
            else None,
            events=_timeline(push),
            rerouted_to=Push.objects.filter(rerouted_from=push)
            .select_related("department")
            .first(),
        ),
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@role_required(Role.LIAISON)
def push_claim(request, pk):
    try:
        push = services.claim_push(push_id=pk, user=request.user)
    except DomainError as exc:
        _refused(request, exc)
    else:
        if push.late:
            messages.warning(request, _("已认领(逾期认领,已记录)。处置后请反馈处置结果。"))
        else:
            messages.success(request, _("已认领。处置后请反馈处置结果。"))
    return redirect(_next_or(request, reverse("supervision:push_detail", args=[pk])))


@require_POST
@role_required(Role.LIAISON)
def push_feedback(request, pk):
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(push_id=pk, user=request.user, note=form.cleaned_data["note"])
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:push_detail", pk=pk)
        else:
            messages.success(request, _("处置结果已反馈。"))
            return redirect("supervision:push_detail", pk=pk)
    messages.error(request, _("请填写处置结果。"))
    return push_detail(request, pk, feedback_form=form, status=400)


@require_POST
@role_required(Role.LIAISON)
def push_return(request, pk):
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_push(push_id=pk, user=request.user, reason=form.cleaned_data["reason"])
        except InvalidInput as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            _refused(request, exc)
            return redirect("supervision:push_detail", pk=pk)
        else:
            messages.success(request, _("已退回,审批局将改派到正确的部门。"))
            return redirect(reverse("supervision:inbox") + "?tab=returned")
    messages.error(request, _("退回必须说明理由。"))
    return push_detail(request, pk, return_form=form, status=400)


# --- CSV export -----------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    (gettext_lazy("监管部门"), lambda p: p.department.name),
    (gettext_lazy("事项名称"), lambda p: p.item_name),
    (gettext_lazy("法律文书编号"), lambda p: p.decision_number),
    (gettext_lazy("证件编号"), lambda p: p.permit_number),
    (gettext_lazy("行政相对人"), lambda p: p.holder_name),
    (gettext_lazy("身份证号码或统一社会信用代码"), lambda p: mask_id_number(p.holder_id_number)),
    (gettext_lazy("审批日期"), lambda p: p.decision_date),
    (gettext_lazy("有效期自"), lambda p: p.valid_from or ""),
    (gettext_lazy("有效期至"), lambda p: p.valid_until or ""),
    (gettext_lazy("推送时间"), lambda p: _local(p.pushed_at)),
    (gettext_lazy("认领期限"), lambda p: _local(p.claim_deadline)),
    (gettext_lazy("状态"), lambda p: p.get_status_display()),
    (gettext_lazy("认领时间"), lambda p: _local(p.claimed_at)),
    (gettext_lazy("认领人"), lambda p: _person(p.claimed_by)),
    (gettext_lazy("逾期"), lambda p: _("是") if p.late or p.overdue_flagged_at else ""),
    (gettext_lazy("处置结果"), lambda p: p.feedback),
    (gettext_lazy("退回理由"), lambda p: p.return_reason),
]


def _local(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def _cell(value) -> str:
    """Text as Excel should show it: a leading = + - @ would be read as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
            yield writer.writerow([_cell(get(push)) for _title, get in EXPORT_COLUMNS])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    filename = f"pushes-{timezone.localdate():%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


# --- the bureau: returned pushes ------------------------------------------------------------------


def _returned_pushes():
    """Returned pushes still waiting to be re-routed (every department: the bureau's queue)."""
    return (
        Push.objects.filter(status=P.RETURNED, rerouted_to__isnull=True)
        .select_related("department", "returned_by")
        .order_by("returned_at", "pk")
    )


@role_required(*BUREAU)
def returned(request):
    page = _page(request, _returned_pushes())
    rows = list(page.object_list)
    for push in rows:
        push.masked_id_number = mask_id_number(push.holder_id_number)
    return render(
        request,
        "supervision/returned.html",
        _context(
            request,
            page=page,
            rows=rows,
            departments=list(Department.objects.order_by("code").only("pk", "code", "name")),
        ),
    )


@require_POST
@role_required(*BUREAU)
def push_reroute(request, pk):
    form = RerouteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择改派到的监管部门。"))
        return redirect("supervision:returned")
    department = form.cleaned_data["department"]
    try:
        new = services.reroute_push(push_id=pk, actor=request.user, department=department)
    except DomainError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("已改派到 %(dept)s,认领期限 %(deadline)s。")
            % {"dept": department.name, "deadline": _local(new.claim_deadline)},
        )
    return redirect("supervision:returned")


# --- supervision reports --------------------------------------------------------------------------


@role_required(*REPORT_READERS)
def reports(request):
    qs = selectors.reports_for(request.user)
    status = request.GET.get("status")
    if status in SupervisionReport.Status.values:
        qs = qs.filter(status=status)
    page = _page(request, qs)
    return render(
        request,
        "supervision/reports.html",
        _context(
            request,
            page=page,
            rows=list(page.object_list),
            status=status if status in SupervisionReport.Status.values else "",
            statuses=SupervisionReport.Status.choices,
        ),
    )


@role_required(Role.LIAISON)
def report_new(request):
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            attachment = None
            if data.get("attachment"):
                content, _type = check_upload(data["attachment"])
                attachment = ContentFile(content, name=data["attachment"].name[:100])
            report = services.create_report(
                user=request.user,
                permit_number=data["permit_number"].strip(),
                kind=data["kind"],
                decision_number=data["decision_number"],
                decision_date=data["decision_date"],
                summary=data["summary"],
                attachment=attachment,
            )
        except NotFound:
            form.add_error("permit_number", _("未找到该证件,或该证件不属于本部门监管的事项。"))
        except InvalidInput as exc:
            _form_errors(form, exc, rename={"file": "attachment", "permit": "permit_number"})
        except DomainError as exc:
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
def report_detail(request, pk, follow_up_form=None, status=200):
    try:
        report = selectors.access_report(request.user, pk)
    except NotFound:
        raise Http404 from None
    is_bureau = has_role(request.user, *BUREAU)
    is_approver = has_role(request.user, Role.APPROVER)
    claimed = report.status == SupervisionReport.Status.CLAIMED
    return render(
        request,
        "supervision/report_detail.html",
        _context(
            request,
            report=report,
            can_claim=is_bureau and report.status == SupervisionReport.Status.PUSHED,
            follow_up_form=(follow_up_form or FollowUpForm()) if is_approver and claimed else None,
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
    head = handle.read(8)
    handle.seek(0)
    content_type, extension = "application/octet-stream", ""
    for ctype, magic, ext in (
        ("application/pdf", b"%PDF", "pdf"),
        ("image/jpeg", b"\xff\xd8\xff", "jpg"),
        ("image/png", b"\x89PNG\r\n\x1a\n", "png"),
    ):
        if head.startswith(magic):
            content_type, extension = ctype, ext
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=True,
        filename=f"report-{report.pk}.{extension}" if extension else f"report-{report.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@role_required(*BUREAU)
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
@role_required(Role.APPROVER)
def report_follow_up(request, pk):
    form = FollowUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.follow_up_report(
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
                _("已作出后续决定 %(number)s,并已推送监管部门。") % {"number": decision.number},
            )
            return redirect("supervision:report_detail", pk=pk)
    messages.error(request, _("请检查后续决定的内容。"))
    return report_detail(request, pk, follow_up_form=form, status=400)


# --- notifications --------------------------------------------------------------------------------


@login_required
def notifications(request):
    """站内通知: GET lists them; POST marks one (`id`) or all unread as read."""
    if request.method == "POST":
        ids = None
        if request.POST.get("id"):
            try:
                ids = [int(request.POST["id"])]
            except ValueError:
                ids = []
        count = services.mark_notifications_read(user=request.user, ids=ids)
        messages.success(request, _("已将 %(n)s 条通知标为已读。") % {"n": count})
        return redirect(_next_or(request, reverse("supervision:notifications")))
    page = _page(request, request.user.notifications.all(), size=30)
    return render(
        request,
        "supervision/notifications.html",
        _context(
            request,
            page=page,
            rows=list(page.object_list),
            unread_here=selectors.unread_count(request.user),
        ),
    )
