"""Admin forms of the calendar: a whole year's arrangement in one form, and one exception day."""

import datetime as dt
import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import InvalidInput
from workdays import services
from workdays.models import NOTE_MAX_LENGTH, WEEKDAY_NAMES, CalendarDay

_DATE = r"\d{4}-\d{1,2}-\d{1,2}"
# "2027-01-01 元旦" or "2027-02-06~2027-02-13 春节" (also ～, 至, 到; the name may follow directly).
_LINE = re.compile(
    rf"^(?P<start>{_DATE})(?:\s*[~～至到]\s*(?P<end>{_DATE}))?(?:(?P<name>[^\d~～].*))?$"
)
MAX_RANGE_DAYS = 31
# A year's notice lists a few dozen lines; this bounds what the parser ever reads.
ARRANGEMENT_MAX_LENGTH = 10000

HOLIDAYS_HELP = gettext_lazy(
    "每行一个日期或日期区间,后接节日名称,按国务院办公厅通知原样录入(含周末):\n"
    "2027-01-01 元旦\n"
    "2027-02-06~2027-02-13 春节"
)
MAKEUPS_HELP = gettext_lazy(
    "每行一个周六或周日的调休上班日,后接名称:\n2027-02-14 春节调休\n2027-02-20 春节调休"
)


def _parse_date(text: str) -> dt.date | None:
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _format_error(number: int, line: str) -> str:
    return _(
        "第 %(n)s 行“%(line)s”格式不对,应为“2027-01-01 元旦”或“2027-02-06~2027-02-13 春节”。"
    ) % {"n": number, "line": line}


def parse_lines(text: str, *, year: int) -> tuple[list[tuple[int, dt.date, str]], list[str]]:
    """Parse a textarea of dates and ranges into ([(line number, date, name)], [errors])."""
    entries: list[tuple[int, dt.date, str]] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.replace("\u3000", " ").strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            errors.append(_format_error(number, line))
            continue
        start = _parse_date(match["start"])
        end = _parse_date(match["end"]) if match["end"] else start
        name = (match["name"] or "").strip()
        if name[:1] in ("~", "～") or name[:1].isdigit():  # e.g. a malformed second date
            errors.append(_format_error(number, line))
            continue
        bad = [part for part, value in (("start", start), ("end", end)) if value is None]
        if bad:
            errors.append(
                _("第 %(n)s 行:日期“%(text)s”不存在。") % {"n": number, "text": match[bad[0]]}
            )
            continue
        if not name:
            errors.append(_("第 %(n)s 行:缺少名称(例如“春节”)。") % {"n": number})
            continue
        if len(name) > services.NAME_MAX_LENGTH:
            errors.append(
                _("第 %(n)s 行:名称不能超过 %(max)s 个字。")
                % {"n": number, "max": services.NAME_MAX_LENGTH}
            )
            continue
        if end < start:
            errors.append(_("第 %(n)s 行:结束日期早于开始日期。") % {"n": number})
            continue
        if (end - start).days >= MAX_RANGE_DAYS:
            errors.append(
                _("第 %(n)s 行:区间超过 %(max)s 天,请检查。") % {"n": number, "max": MAX_RANGE_DAYS}
            )
            continue
        outside = next((d for d in (start, end) if d.year != year), None)
        if outside is not None:
            errors.append(
                _("第 %(n)s 行:%(day)s 不在 %(year)s 年内。")
                % {"n": number, "day": outside.isoformat(), "year": year}
            )
            continue
        day = start
        while day <= end:
            entries.append((number, day, name))
            day += dt.timedelta(days=1)
    return entries, errors


class YearArrangementForm(forms.Form):
    """录入年度放假安排: one year's holidays and make-up working days, as the notice lists them."""

    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        min_value=services.MIN_YEAR,
        max_value=services.MAX_YEAR,
        error_messages={
            "required": gettext_lazy("请填写年度。"),
            "invalid": gettext_lazy("年度应为四位数字,例如 2027。"),
            "min_value": gettext_lazy("年度不能早于 %(limit_value)s。"),
            "max_value": gettext_lazy("年度不能晚于 %(limit_value)s。"),
        },
    )
    holidays = forms.CharField(
        label=gettext_lazy("放假日期"),
        max_length=ARRANGEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60}),
        help_text=HOLIDAYS_HELP,
        error_messages={"required": gettext_lazy("请录入放假日期。")},
    )
    makeup_workdays = forms.CharField(
        label=gettext_lazy("调休上班日期"),
        required=False,
        max_length=ARRANGEMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 60}),
        help_text=MAKEUPS_HELP,
    )
    note = forms.CharField(
        label=gettext_lazy("备注"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=gettext_lazy("例如国务院办公厅通知的文号。"),
    )

    def clean(self):
        cleaned = super().clean()
        year = cleaned.get("year")
        if year is None or self.has_error("holidays"):
            return cleaned
        holidays, holiday_errors = parse_lines(cleaned.get("holidays", ""), year=year)
        makeups, makeup_errors = parse_lines(cleaned.get("makeup_workdays", ""), year=year)

        first_line: dict[dt.date, int] = {}
        for number, day, _name in holidays:
            if day in first_line:
                holiday_errors.append(
                    _("第 %(n)s 行:%(day)s 与第 %(m)s 行重复。")
                    % {"n": number, "day": day.isoformat(), "m": first_line[day]}
                )
            else:
                first_line[day] = number
        makeup_lines: dict[dt.date, int] = {}
        for number, day, _name in makeups:
            if day.weekday() < 5:
                makeup_errors.append(
                    _("第 %(n)s 行:%(day)s 是%(weekday)s,本来就上班;调休上班日应为周六或周日。")
                    % {"n": number, "day": day.isoformat(), "weekday": WEEKDAY_NAMES[day.weekday()]}
                )
            elif day in first_line:
                makeup_errors.append(
                    _("第 %(n)s 行:%(day)s 已在放假日期第 %(m)s 行录入,不能同时调休上班。")
                    % {"n": number, "day": day.isoformat(), "m": first_line[day]}
                )
            elif day in makeup_lines:
                makeup_errors.append(
                    _("第 %(n)s 行:%(day)s 与第 %(m)s 行重复。")
                    % {"n": number, "day": day.isoformat(), "m": makeup_lines[day]}
                )
            else:
                makeup_lines[day] = number
        if not holidays and not holiday_errors:
            holiday_errors.append(_("请至少录入一个放假日期。"))
        if holiday_errors:
            self.add_error("holidays", holiday_errors)
        if makeup_errors:
            self.add_error("makeup_workdays", makeup_errors)
        cleaned["holiday_list"] = [(day, name) for _n, day, name in holidays]
        cleaned["makeup_list"] = [(day, name) for _n, day, name in makeups]
        return cleaned


def _next_weekday(day: dt.date) -> dt.date:
    day += dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def arrangement_text(year: int) -> tuple[str, str]:
    """A stored year as the form's two textareas, so an admin can correct it and resubmit.

    Only weekday holidays are stored; runs of one holiday joined across a weekend are shown
    as one range (resubmitting it stores exactly the same days).
    """
    rows = list(CalendarDay.objects.filter(year=year).order_by("date"))
    groups: list[list] = []  # [start, end, name]
    for row in rows:
        if row.is_workday:
            continue
        if groups and groups[-1][2] == row.name and _next_weekday(groups[-1][1]) == row.date:
            groups[-1][1] = row.date
        else:
            groups.append([row.date, row.date, row.name])
    holidays = "\n".join(
        f"{start:%Y-%m-%d} {name}" if start == end else f"{start:%Y-%m-%d}~{end:%Y-%m-%d} {name}"
        for start, end, name in groups
    )
    makeups = "\n".join(f"{row.date:%Y-%m-%d} {row.name}" for row in rows if row.is_workday)
    return holidays, makeups


class CalendarDayAdminForm(forms.ModelForm):
    """One exception day; checked by the same rules the service applies."""

    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]

    def clean(self):
        cleaned = super().clean()
        day, name = cleaned.get("date"), cleaned.get("name")
        if day is None or name is None:
            return cleaned
        try:
            services.check_day(
                date=day,
                is_workday=bool(cleaned.get("is_workday")),
                name=name,
                day_id=self.instance.pk,
            )
        except InvalidInput as exc:
            for field, messages in exc.fields.items():
                self.add_error(field if field in self.fields else None, messages)
        return cleaned

    def validate_unique(self):
        # services.check_day already reports a second row for the same date, in plainer words.
        pass
