"""Pages of the oversight part: monitoring, overdue records (and export), cases, case-file
review. They parse input with forms and hand it to the services."""

import datetime as dt
import io

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accountability.models import Case, OverdueRecord, ReviewDraw
from accountability.oversight import cases as case_services
from accountability.oversight import deadlines, forms, reviews, selectors
from accountability.oversight.duty_links import duty_urls
from catalog.selectors import liaisons_of
from core.errors import DomainError, InvalidInput, NotFound
from core.roles import Role, roles_of
from core.text import looks_like_formula
from core.views import role_required
from workdays import services as workdays

PAGE_SIZE = 50
CSS = {deadlines.RED: "late", deadlines.YELLOW: "warn", deadlines.NONE: ""}


def _extra_query(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- monitoring -------------------------------------------------------------------------------


@role_required(Role.INSPECTOR)
def monitoring(request):
    form = forms.MonitoringFilter(request.GET or None)
    if request.GET and not form.is_valid():
        return render(
            request, "accountability/monitoring.html", {"form": form, "page": None}, status=400
        )
    data = form.cleaned_data if request.GET else {}
    filters = deadlines.Filters(
        department_id=data["department"].pk if data.get("department") else None,
        item=data.get("item") or "",
        person_id=data["person"].pk if data.get("person") else None,
    )
    codes = [data["kind"]] if data.get("kind") else None
    rows = deadlines.open_deadlines(filters, codes=codes)
    counts = {
        k.code: {"label": k.label, "red": 0, "yellow": 0, "all": 0} for k in deadlines.kinds()
    }
    for row in rows:
        c = counts[row.kind]
        c["all"] += 1
        if row.colour:
            c[row.colour] += 1
    if data.get("colour"):
        rows = [r for r in rows if r.colour == data["colour"]]
    labels = {k.code: k.label for k in deadlines.kinds()}
    for row in rows:
        row.kind_label, row.css = labels[row.kind], CSS[row.colour]
        row.colour_label = deadlines.COLOUR_LABELS[row.colour]
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accountability/monitoring.html",
        {"form": form, "page": page, "counts": counts, "extra_query": _extra_query(request)},
    )


# --- overdue records --------------------------------------------------------------------------


def _overdue(request):
    form = forms.OverdueFilter(request.GET or None)
    qs = selectors.overdue_records_for(request.user)
    if request.GET and not form.is_valid():
        return form, None
    data = form.cleaned_data if request.GET else {}
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("department"):
        qs = qs.filter(department=data["department"])
    if data.get("start"):
        qs = qs.filter(
            flagged_at__gte=dt.datetime.combine(data["start"], dt.time.min, tzinfo=workdays.TZ)
        )
    if data.get("end"):
        qs = qs.filter(flagged_at__lte=workdays.end_of_day(data["end"]))
    return form, qs


_OBJECT = {
    OverdueRecord.Kind.PUSH: ("push", "supervision:push_detail", "decision_number"),
    OverdueRecord.Kind.REPORT: ("report", "supervision:report_detail", "decision_number"),
    OverdueRecord.Kind.APPLICATION: ("application", "approvals:detail", "receipt_number"),
}


def describe_records(records) -> list:
    """Each record with its object (link, number, state now), who was responsible (the item's
    responsible post, the department's liaisons by name) and how late in working days today.
    Three queries for a page whatever its size: the liaisons once, the calendar twice."""
    from django.urls import reverse

    records = list(records)
    deps = {r.department_id for r in records if r.department_id}
    names: dict[int, list[str]] = {d: [] for d in deps}
    if deps:
        # One query: the liaisons and the department each liaises for (the filter's join).
        rows = liaisons_of(deps).values_list(
            "first_name", "last_name", "username", "userobjectpermission__object_pk"
        )
        for first, last, username, object_pk in rows:
            if object_pk.isdigit() and int(object_pk) in names:
                names[int(object_pk)].append(f"{last}{first}".strip() or username)
    today = workdays.today()
    late = workdays.working_days_from(
        today, {r.deadline.astimezone(workdays.TZ).date() for r in records}
    )
    links = duty_urls(records)
    for r in records:
        if r.kind not in _OBJECT:
            # issue 14's duty kinds: linked by kind (accountability.oversight.duty_links).
            r.object_url = links.get(r.pk, "")
            r.object_number, r.object_state, r.post = f"#{r.object_id}", "", ""
            r.liaison_names = sorted(set(names.get(r.department_id, [])))
            r.late_days = -late[r.deadline.astimezone(workdays.TZ).date()]
            continue
        attribute, url_name, number = _OBJECT[r.kind]
        obj = getattr(r, attribute)
        r.object_url = reverse(url_name, args=[obj.pk]) if obj else ""
        r.object_number = getattr(obj, number, "") if obj else ""
        r.object_state = obj.get_status_display() if obj else ""
        r.post = obj.item_version.responsible_post if r.kind == "application" and obj else ""
        r.liaison_names = sorted(set(names.get(r.department_id, [])))
        r.late_days = -late[r.deadline.astimezone(workdays.TZ).date()]
    return records


@role_required(Role.INSPECTOR, Role.LIAISON)
def overdue(request):
    form, qs = _overdue(request)
    if qs is None:
        return render(
            request, "accountability/overdue.html", {"form": form, "page": None}, status=400
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = describe_records(page.object_list)
    return render(
        request,
        "accountability/overdue.html",
        {
            "form": form,
            "page": page,
            "extra_query": _extra_query(request),
            "inspector": Role.INSPECTOR in roles_of(request.user),
        },
    )


def _cell(value):
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


EXPORT_MAX = 50_000


@role_required(Role.INSPECTOR, Role.LIAISON)
def overdue_export(request):
    from openpyxl import Workbook

    form, qs = _overdue(request)
    if qs is None:
        return HttpResponse(
            _("筛选条件有误。"), status=400, content_type="text/plain; charset=utf-8"
        )
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("逾期记录"))
    sheet.append(
        [
            _("类型"),
            _("对象"),
            _("责任部门"),
            _("联络员"),
            _("责任岗位"),
            _("期限"),
            _("逾期工作日"),
            _("当前状态"),
            _("标记时间"),
        ]
    )
    for r in describe_records(qs[:EXPORT_MAX]):
        sheet.append(
            [
                _cell(r.get_kind_display()),
                _cell(r.object_number),
                _cell(r.department.name if r.department else ""),
                _cell("、".join(r.liaison_names)),
                _cell(r.post),
                timezone.localtime(r.deadline).strftime("%Y-%m-%d %H:%M"),
                r.late_days,
                _cell(r.object_state),
                timezone.localtime(r.flagged_at).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="overdue-records.xlsx"'
    return response


# --- cases ------------------------------------------------------------------------------------


@role_required(Role.INSPECTOR, Role.LIAISON)
def case_list(request):
    status = request.GET.get("status", "")
    qs = selectors.cases_for(request.user)
    if status:
        if status not in Case.Status.values:
            return render(
                request,
                "accountability/cases.html",
                {"page": None, "error": _("没有这个状态。")},
                status=400,
            )
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    found = deadlines.colours(
        [c.deadline for c in page.object_list if c.deadline and c.status != Case.Status.CLOSED]
    )
    for c in page.object_list:
        colour = found.get(c.deadline, ("", 0))[0] if c.status != Case.Status.CLOSED else ""
        c.css, c.colour_label = CSS[colour], deadlines.COLOUR_LABELS[colour] if colour else ""
    return render(
        request,
        "accountability/cases.html",
        {
            "page": page,
            "statuses": Case.Status.choices,
            "status": status,
            "extra_query": _extra_query(request),
        },
    )


def _refused(request, exc: DomainError):
    messages.error(request, str(exc.message))


@role_required(Role.INSPECTOR)
def case_new(request):
    source = (
        request.GET.get("source", "") if request.method == "GET" else request.POST.get("source", "")
    )
    try:
        kind, pk = case_services.parse_source(source)
        obj = case_services.resolve_source(kind, pk)
    except InvalidInput as exc:
        return render(request, "accountability/case_new.html", {"error": exc.message}, status=400)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    form = forms.CaseNewForm(request.POST or None, initial={"title": str(obj)[:200]})
    if request.method == "POST" and form.is_valid():
        try:
            case = case_services.open_case(user=request.user, source=source, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已立案。"))
            return redirect(case.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accountability/case_new.html",
        {
            "form": form,
            "source": source,
            "source_obj": obj,
            "source_url": case_services._source_url(obj),
        },
        status=status,
    )


@role_required(Role.INSPECTOR, Role.LIAISON)
def case_detail(request, pk):
    try:
        case = selectors.case_for(request.user, pk)
    except NotFound:
        raise Http404 from None
    inspector = Role.INSPECTOR in roles_of(request.user)
    forms_ = {
        "assign": forms.AssignForm(prefix="a"),
        "findings": forms.FindingsForm(prefix="f"),
        "close": forms.CloseForm(prefix="c"),
    }
    status = 200
    if request.method == "POST":
        if not inspector:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        action = request.POST.get("action", "")
        prefix = {"assign": "a", "findings": "f", "close": "c"}.get(action)
        if prefix is None:
            messages.error(request, _("未知操作。"))
            return redirect(case.get_absolute_url())
        form = {
            "assign": forms.AssignForm,
            "findings": forms.FindingsForm,
            "close": forms.CloseForm,
        }[action](request.POST, prefix=prefix)
        forms_[action] = form
        if form.is_valid():
            try:
                if action == "assign":
                    case_services.assign(user=request.user, case_id=case.pk, **form.cleaned_data)
                elif action == "findings":
                    case_services.record_findings(
                        user=request.user, case_id=case.pk, **form.cleaned_data
                    )
                else:
                    case_services.close(user=request.user, case_id=case.pk, **form.cleaned_data)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("已保存。"))
                return redirect(case.get_absolute_url())
        status = 400
    steps = list(case.steps.select_related("actor"))
    colour = ""
    if case.deadline and case.status != Case.Status.CLOSED:
        colour = deadlines.colour_of(case.deadline)
    return render(
        request,
        "accountability/case_detail.html",
        {
            "case": case,
            "steps": steps,
            "inspector": inspector,
            "forms": forms_,
            "css": CSS[colour],
            "colour_label": deadlines.COLOUR_LABELS[colour] if colour else "",
        },
        status=status,
    )


# --- case-file review -------------------------------------------------------------------------


@role_required(Role.INSPECTOR)
def review_list(request):
    form = forms.DrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = reviews.draw(user=request.user, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已抽取 %(n)d 份卷宗。") % {"n": row.findings.count()})
            return redirect(row.get_absolute_url())
    page = Paginator(
        ReviewDraw.objects.select_related("drawn_by", "department"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    counts = selectors.review_counts()
    return render(
        request,
        "accountability/reviews.html",
        {"form": form, "page": page, "counts": counts},
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.INSPECTOR)
def review_detail(request, pk):
    draw = ReviewDraw.objects.select_related("drawn_by", "department").filter(pk=pk).first()
    if draw is None:
        raise Http404
    status = 200
    errors = None
    if request.method == "POST":
        form = forms.FindingForm(request.POST)
        if form.is_valid() and draw.findings.filter(pk=form.cleaned_data["finding"]).exists():
            try:
                reviews.record_finding(
                    user=request.user,
                    finding_id=form.cleaned_data["finding"],
                    verdict=form.cleaned_data["verdict"],
                    notes=form.cleaned_data["notes"],
                )
            except DomainError as exc:
                errors = exc.message
            else:
                messages.success(request, _("评查结论已记录。"))
                return redirect(draw.get_absolute_url())
        else:
            errors = _("请选择评查结论,意见不超过 4000 字。")
        status = 400
    findings = draw.findings.select_related(
        "application", "application__item_version", "application__reviewed_by", "reviewed_by"
    )
    counts = selectors.review_counts(ReviewDraw.objects.filter(pk=draw.pk))
    return render(
        request,
        "accountability/review_detail.html",
        {
            "draw": draw,
            "findings": findings,
            "verdicts": [c for c in forms.ReviewFinding.Verdict.choices if c[0]],
            "errors": errors,
            "counts": counts,
        },
        status=status,
    )
