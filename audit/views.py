"""The audit viewer (审计日志), inspectors only: the trail in Chinese with filters, one event, the
xlsx export, and the chain check (防篡改校验) run from the page."""

import datetime
import io
import json
import zoneinfo

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import InvalidPage, Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from audit import chain, scopes
from audit.actions import action_label, registered_actions
from audit.models import AuditEvent
from audit.services import record_event
from core.converters import parse_id
from core.roles import Role
from core.text import looks_like_formula
from core.views import role_required

PAGE_SIZE = 50
EXPORT_MAX = 50_000
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
EARLIEST = datetime.date(2000, 1, 1)
LATEST = datetime.date(2099, 12, 31)
# The object types the filter offers: the apps that record events.
APPS = (
    "approvals",
    "supervision",
    "catalog",
    "workdays",
    "accountability",
    "audit",
    "auth",
    "axes",
)


class EventFilterForm(forms.Form):
    """The viewer's filters (GET). An empty field does not filter; a field given twice, an
    unknown choice, a bad date or a reversed range is an error shown in Chinese (400)."""

    actor = forms.ChoiceField(label=_("操作人"), required=False)
    department = forms.ChoiceField(label=_("部门"), required=False)
    object_type = forms.ChoiceField(label=_("对象类型"), required=False)
    object = forms.CharField(label=_("对象编号"), required=False, max_length=64, strip=True)
    action = forms.ChoiceField(label=_("动作"), required=False)
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, data=None):
        super().__init__(data)
        everyone = [("", _("全部"))]
        users = get_user_model().objects.order_by("username")
        self.fields["actor"].choices = everyone + [
            (str(pk), f"{(first + last) or username}（{username}）")
            for pk, username, first, last in users.values_list(
                "pk", "username", "first_name", "last_name"
            )
        ]
        self.fields["department"].choices = everyone + scopes.department_choices()
        self.content_types = {
            str(ct.pk): ct
            for ct in ContentType.objects.filter(app_label__in=APPS).order_by("app_label", "model")
        }
        self.fields["object_type"].choices = everyone + [
            (pk, _type_label(ct)) for pk, ct in self.content_types.items()
        ]
        labels = sorted(registered_actions().items(), key=lambda kv: (str(kv[1]), kv[0]))
        self.fields["action"].choices = everyone + [(code, str(label)) for code, label in labels]

    def clean(self):
        cleaned = super().clean()
        if hasattr(self.data, "getlist"):
            for name in self.fields:
                if len(self.data.getlist(name)) > 1:
                    self.add_error(name, _("只能给出一次。"))
        for name in ("date_from", "date_to"):
            day = cleaned.get(name)
            if day and not EARLIEST <= day <= LATEST:
                self.add_error(name, _("日期应在 2000-01-01 至 2099-12-31 之间。"))
                cleaned[name] = None
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return cleaned

    def filter(self, queryset):
        data = self.cleaned_data
        if data.get("actor"):
            queryset = queryset.filter(actor_id=int(data["actor"]))
        if data.get("department"):
            queryset = queryset.filter(scopes.department_q(data["department"]))
        if data.get("object_type"):
            queryset = queryset.filter(content_type=self.content_types[data["object_type"]])
        if data.get("object"):
            number = data["object"]
            queryset = queryset.filter(Q(object_id=number) | Q(object_repr__icontains=number))
        if data.get("action"):
            queryset = queryset.filter(action=data["action"])
        if data.get("date_from"):
            queryset = queryset.filter(at__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            queryset = queryset.filter(at__lt=_start_of(data["date_to"] + datetime.timedelta(1)))
        return queryset


def _start_of(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=SHANGHAI)


def _type_label(ct: ContentType) -> str:
    model = ct.model_class()
    return str(model._meta.verbose_name) if model else f"{ct.app_label}.{ct.model}"


def _status_labels(model) -> dict:
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:
        return {}
    return {str(k): str(v) for k, v in (field.choices or [])}


def _describe(events: list) -> list:
    """Labels and links for a page of events: no query per event (builders registered in
    audit.scopes need none; a model with only get_absolute_url costs one query per type)."""
    by_model: dict = {}
    for event in events:
        model = event.content_type.model_class()
        event.type_label = _type_label(event.content_type)
        event.action_label = action_label(event.action)
        labels = _status_labels(model) if model else {}
        event.before_label = labels.get(event.before, event.before)
        event.after_label = labels.get(event.after, event.after)
        event.object_url = ""
        builder = scopes.object_url_builder(model)
        if builder is not None:
            event.object_url = builder(event.object_id)
        elif model is not None and hasattr(model, "get_absolute_url"):
            by_model.setdefault(model, []).append(event)
    for model, waiting in by_model.items():
        ids = [parse_id(e.object_id) for e in waiting]
        found = model._default_manager.in_bulk([i for i in ids if i is not None])
        for event, pk in zip(waiting, ids, strict=True):
            if pk in found:
                event.object_url = found[pk].get_absolute_url()
    return events


def _filtered(request):
    form = EventFilterForm(request.GET)
    if not form.is_valid():
        return form, None
    queryset = AuditEvent.objects.select_related("content_type").order_by("-at", "-pk")
    return form, form.filter(queryset)


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_GET
@role_required(Role.INSPECTOR)
def events(request):
    form, queryset = _filtered(request)
    context = {"form": form, "extra_query": _query_without_page(request), "page": None}
    if queryset is None:
        return render(request, "audit/events.html", context, status=400)
    raw_page = request.GET.get("page", "1")
    number = parse_id(raw_page)
    try:
        if number is None or len(request.GET.getlist("page")) > 1:
            raise InvalidPage
        page = Paginator(queryset, PAGE_SIZE).page(number)
    except InvalidPage:
        context["page_error"] = _("页码无效。")
        return render(request, "audit/events.html", context, status=400)
    page.object_list = _describe(list(page.object_list))
    context["page"] = page
    return render(request, "audit/events.html", context)


@require_GET
@role_required(Role.INSPECTOR)
def event_detail(request, pk):
    event = get_object_or_404(AuditEvent.objects.select_related("content_type", "actor"), pk=pk)
    _describe([event])
    data = json.dumps(event.data, ensure_ascii=False, indent=2, sort_keys=True)
    return render(request, "audit/event_detail.html", {"event": event, "data_json": data})


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if looks_like_formula(text) else text


EXPORT_HEADERS = [
    _("事件编号"),
    _("时间"),
    _("操作人"),
    _("动作"),
    _("对象类型"),
    _("对象编号"),
    _("对象"),
    _("变更前"),
    _("变更后"),
    _("备注"),
    _("链序号"),
    _("摘要"),
]


@require_GET
@role_required(Role.INSPECTOR)
def export(request):
    """The filtered events as xlsx, newest first, at most EXPORT_MAX rows (streamed from the
    database in chunks into a write-only workbook)."""
    from openpyxl import Workbook

    form, queryset = _filtered(request)
    if queryset is None:
        context = {"form": form, "extra_query": _query_without_page(request), "page": None}
        return render(request, "audit/events.html", context, status=400)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(_("审计日志")))
    sheet.append([str(h) for h in EXPORT_HEADERS])
    status_labels: dict = {}
    for written, event in enumerate(queryset[: EXPORT_MAX + 1].iterator(chunk_size=2000)):
        if written == EXPORT_MAX:
            sheet.append([str(_("已达导出上限 %(n)d 条，请缩小筛选范围。") % {"n": EXPORT_MAX})])
            break
        ct = event.content_type
        if ct.pk not in status_labels:
            model = ct.model_class()
            status_labels[ct.pk] = (_type_label(ct), _status_labels(model) if model else {})
        type_label, labels = status_labels[ct.pk]
        local = event.at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
        sheet.append(
            [
                event.pk,
                local,
                _cell(event.actor_name),
                _cell(action_label(event.action)),
                _cell(type_label),
                _cell(event.object_id),
                _cell(event.object_repr),
                _cell(labels.get(event.before, event.before)),
                _cell(labels.get(event.after, event.after)),
                _cell(event.note),
                event.seq,
                event.hash,
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="audit-events.xlsx"'
    return response


@require_POST
@role_required(Role.INSPECTOR)
def verify(request):
    """Run the chain check, record that it was run (and its result) as an event, show it."""
    report = chain.verify()
    record_event(
        actor=request.user,
        obj=request.user,
        action="verify_chain",
        after=str(_("完整")) if report.ok else str(_("断裂")),
        note=report.summary()[:500],
        data={
            "ok": report.ok,
            "checked": report.checked,
            "head_id": report.head_id,
            "broken_id": report.broken_id,
        },
    )
    if report.ok:
        messages.success(request, report.summary())
    else:
        messages.error(request, report.summary())
    return redirect("audit:events")
