"""Admin of the working-day calendar. Every change goes through workdays.services, so admin
edits are audited and announce `official_year_entered` like any other entry."""

import datetime as dt
import re

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from core.admin import CheckedIdsAdmin
from core.errors import InvalidInput
from workdays import services
from workdays.forms import CalendarDayAdminForm, YearArrangementForm, arrangement_text
from workdays.models import CalendarDay, CalendarYear

_YEAR = re.compile(r"[0-9]{1,4}")

ENTER_PERMISSIONS = (
    "workdays.change_calendaryear",
    "workdays.add_calendarday",
    "workdays.change_calendarday",
    "workdays.delete_calendarday",
)


def can_enter_year(user) -> bool:
    return bool(user and user.is_active and user.is_staff and user.has_perms(ENTER_PERMISSIONS))


def _count_of(is_workday: bool):
    rows = (
        CalendarDay.objects.filter(year=OuterRef("year"), is_workday=is_workday)
        .order_by()
        .values("year")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@admin.register(CalendarYear)
class CalendarYearAdmin(CheckedIdsAdmin, SimpleHistoryAdmin):
    list_display = ("year", "official", "source", "holiday_count", "makeup_count", "updated_at")
    list_filter = ("official", "source")
    search_fields = ("note",)
    ordering = ("-year",)
    fields = ("year", "official", "source", "note", "updated_at", "arrangement")
    readonly_fields = ("year", "official", "source", "updated_at", "arrangement")
    change_list_template = "admin/workdays/calendaryear/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(holiday_count=_count_of(False), makeup_count=_count_of(True))
        )

    @admin.display(description=gettext_lazy("工作日放假天数"), ordering="holiday_count")
    def holiday_count(self, obj):
        return getattr(obj, "holiday_count", None)

    @admin.display(description=gettext_lazy("调休上班天数"), ordering="makeup_count")
    def makeup_count(self, obj):
        return getattr(obj, "makeup_count", None)

    @admin.display(description=gettext_lazy("放假安排"))
    def arrangement(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        days = CalendarDay.objects.filter(year=obj.year).order_by("date")
        listing = format_html_join(
            "",
            "<li>{} {} {}({})</li>",
            (
                (
                    f"{day.date:%Y-%m-%d}",
                    day.weekday_name,
                    day.name,
                    _("调休上班") if day.is_workday else _("放假"),
                )
                for day in days
            ),
        )
        link = reverse("admin:workdays_calendaryear_enter") + f"?year={obj.year}"
        return format_html(
            '<ul style="margin-left:0">{}</ul><p><a href="{}">{}</a></p>',
            listing,
            link,
            _("修改该年度放假安排"),
        )

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if _YEAR.fullmatch(term):  # ASCII digits only: "²".isdigit() holds, int("²") fails
            return queryset.filter(year=int(term)), False
        return super().get_search_results(request, queryset, search_term)

    def has_add_permission(self, request):
        return False  # a year is entered whole, with the "录入年度放假安排" form

    def has_delete_permission(self, request, obj=None):
        return False  # deleting a year would silently make its deadlines provisional

    def save_model(self, request, obj, form, change):
        # Only the note is editable here (also when reverting from history).
        services.update_year_note(
            calendar_year_id=obj.pk, note=form.cleaned_data.get("note", ""), actor=request.user
        )

    def get_urls(self):
        enter = path(
            "enter/",
            self.admin_site.admin_view(self.enter_year_view),
            name="workdays_calendaryear_enter",
        )
        return [enter, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "can_enter_year": can_enter_year(request.user)}
        return super().changelist_view(request, extra_context=extra_context)

    def enter_year_view(self, request):
        """录入年度放假安排: a whole year in one form, stored with services.replace_year."""
        if not can_enter_year(request.user):
            raise PermissionDenied
        if request.method == "POST":
            form = YearArrangementForm(request.POST)
            if form.is_valid():
                response = self._save_year(request, form)
                if response is not None:
                    return response
            year = _year_number(form.data.get("year"))
            existing = CalendarYear.objects.filter(year=year, official=True).first()
        else:
            year = _year_number(request.GET.get("year"))
            if year is None:  # propose the year that comes next
                ends = services.official_data_ends()
                year = ends.year + 1 if ends else services.today().year
            existing = CalendarYear.objects.filter(year=year, official=True).first()
            initial = {"year": year}
            if existing is not None:  # show the stored arrangement, ready to correct
                initial["holidays"], initial["makeup_workdays"] = arrangement_text(year)
                initial["note"] = existing.note
            form = YearArrangementForm(initial=initial)
        context = {
            **self.admin_site.each_context(request),
            "title": _("录入年度放假安排"),
            "opts": self.model._meta,
            "form": form,
            "existing": existing,
            "media": self.media + form.media,
            "has_view_permission": self.has_view_permission(request),
        }
        return TemplateResponse(request, "admin/workdays/calendaryear/enter_year.html", context)

    def _save_year(self, request, form):
        """Store a valid form; a redirect, or None with the service's errors put on the form."""
        data = form.cleaned_data
        try:
            update = services.replace_year(
                year=data["year"],
                holidays=data["holiday_list"],
                makeup_workdays=data["makeup_list"],
                actor=request.user,
                source=CalendarYear.Source.ADMIN,
                note=data["note"],
            )
        except InvalidInput as exc:
            for field, errors in exc.fields.items():
                form.add_error(field if field in form.fields else None, errors)
            if not exc.fields:
                form.add_error(None, str(exc.message))
            return None
        if update.saved:
            message = _(
                "已保存 %(year)s 年放假安排(新增 %(a)s、修改 %(c)s、删除 %(r)s 个例外日),"
                "该年度的期限不再是暂定。"
            ) % {
                "year": data["year"],
                "a": len(update.added),
                "c": len(update.changed),
                "r": len(update.removed),
            }
            self.message_user(request, message, messages.SUCCESS)
        else:
            message = _("%(year)s 年放假安排没有变化。") % {"year": data["year"]}
            self.message_user(request, message, messages.INFO)
        return HttpResponseRedirect(reverse("admin:workdays_calendaryear_changelist"))


def _year_number(value) -> int | None:
    value = str(value or "").strip()
    if _YEAR.fullmatch(value) and services.MIN_YEAR <= int(value) <= services.MAX_YEAR:
        return int(value)
    return None


@admin.register(CalendarDay)
class CalendarDayAdmin(CheckedIdsAdmin, SimpleHistoryAdmin):
    form = CalendarDayAdminForm
    list_display = ("date", "weekday", "is_workday", "name", "year")
    list_filter = ("is_workday", "year")
    search_fields = ("name",)
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description=gettext_lazy("星期"))
    def weekday(self, obj):
        return obj.weekday_name

    def get_search_results(self, request, queryset, search_term):
        # "2026" finds a year, "2026-10-10" a date; anything else searches the names.
        term = search_term.strip()
        if re.fullmatch(r"\d{4}", term):
            return queryset.filter(year=int(term)), False
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", term):
            try:
                return queryset.filter(date=dt.date.fromisoformat(term)), False
            except ValueError:
                return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def save_model(self, request, obj, form, change):
        saved = services.save_day(
            date=obj.date,
            is_workday=obj.is_workday,
            name=obj.name,
            actor=request.user,
            day_id=obj.pk if change else None,
        )
        obj.pk, obj.year = saved.pk, saved.year

    def delete_model(self, request, obj):
        services.delete_days(days=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        services.delete_days(days=list(queryset), actor=request.user)
