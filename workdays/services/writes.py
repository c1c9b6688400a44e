"""Changing the working-day calendar: a year's official arrangement, single exceptions, the
year's note. Each change writes its audit event in the same transaction and announces a year
whose working days changed (official_year_entered) after commit."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_event
from core.errors import InvalidInput
from workdays.models import NOTE_MAX_LENGTH, WEEKDAY_NAMES, CalendarDay, CalendarYear
from workdays.services.calendar import _require_date
from workdays.signals import official_year_entered

MIN_YEAR, MAX_YEAR = 1949, 2200
NAME_MAX_LENGTH = CalendarDay._meta.get_field("name").max_length


@dataclass(frozen=True)
class YearUpdate:
    """What replace_year() did to one year."""

    calendar_year: CalendarYear
    added: tuple[dt.date, ...]
    changed: tuple[dt.date, ...]
    removed: tuple[dt.date, ...]
    newly_official: bool
    saved: bool  # anything at all was written (data, source or note)

    @property
    def data_changed(self) -> bool:
        """The working days of the year changed: open provisional deadlines need a look."""
        return self.newly_official or bool(self.added or self.changed or self.removed)


def _weekday(day: dt.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


def _validate_arrangement(
    year: int,
    holidays: Iterable[tuple[dt.date, str]],
    makeup_workdays: Iterable[tuple[dt.date, str]],
) -> dict[dt.date, tuple[bool, str]]:
    """The exceptions to store for a year's arrangement: {date: (is_workday, name)}."""
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(
            _("年度应为 %(min)s 至 %(max)s 之间的整数。") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="invalid_arrangement",
            fields={"year": [_("年度无效。")]},
        )
    errors: dict[str, list[str]] = {}
    seen: dict[dt.date, str] = {}
    wanted: dict[dt.date, tuple[bool, str]] = {}

    def check(field: str, label: str, entries) -> list[tuple[dt.date, str]]:
        good = []
        for entry in entries:
            day, name = entry
            _require_date(day, label)
            name = (name or "").strip()
            problem = None
            if day.year != year:
                problem = _("%(day)s 不在 %(year)s 年内。") % {"day": day, "year": year}
            elif not name:
                problem = _("%(day)s 缺少名称。") % {"day": day}
            elif len(name) > NAME_MAX_LENGTH:
                problem = _("%(day)s 的名称超过 %(n)s 个字。") % {"day": day, "n": NAME_MAX_LENGTH}
            elif day in seen:
                problem = _("%(day)s 重复录入(已录入为%(kind)s)。") % {
                    "day": day,
                    "kind": seen[day],
                }
            if problem:
                errors.setdefault(field, []).append(problem)
                continue
            seen[day] = label
            good.append((day, name))
        return good

    holiday_entries = check("holidays", _("放假"), holidays)
    for day, name in holiday_entries:
        if day.weekday() < 5:  # a holiday on a weekend is a rest day anyway: not an exception
            wanted[day] = (False, name)
    makeups = check("makeup_workdays", _("调休上班"), makeup_workdays)
    for day, name in makeups:
        if day.weekday() < 5:
            errors.setdefault("makeup_workdays", []).append(
                _("%(day)s 是%(weekday)s,本来就上班;调休上班日应为周六或周日。")
                % {"day": day, "weekday": _weekday(day)}
            )
        else:
            wanted[day] = (True, name)
    if not holiday_entries and "holidays" not in errors:
        errors.setdefault("holidays", []).append(_("请至少录入一个放假日期。"))
    if errors:
        raise InvalidInput(
            _("%(year)s 年放假安排有误,请检查。") % {"year": year},
            code="invalid_arrangement",
            fields=errors,
        )
    return wanted


def _mark(row, *, actor, reason: str) -> None:
    """Tell simple_history who made the change and why (also outside a request)."""
    row._change_reason = reason
    if getattr(actor, "pk", None):
        row._history_user = actor


def _announce(years: Iterable[int]) -> None:
    for year in sorted(set(years)):
        transaction.on_commit(partial(_send_official_year_entered, year))


def _send_official_year_entered(year: int) -> None:
    # Robust: the data is committed; a failing receiver is logged by Django, not shown as a 500.
    official_year_entered.send_robust(sender=CalendarYear, year=year)


@transaction.atomic
def replace_year(
    *,
    year: int,
    holidays: list[tuple[dt.date, str]],
    makeup_workdays: list[tuple[dt.date, str]],
    actor,
    source: str = CalendarYear.Source.ADMIN,
    note: str | None = None,
) -> YearUpdate:
    """Replace a year's exceptions with the given arrangement and mark the year official.

    `holidays` may include weekend days (as the State Council notice lists them); only those
    on weekdays are stored. Writes only what differs, so loading the same data twice changes
    nothing, writes no audit event and sends no signal.
    """
    source = CalendarYear.Source(source)
    if note is not None:
        _check_note(note)
    wanted = _validate_arrangement(year, holidays, makeup_workdays)
    calendar_year, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year, defaults={"official": True, "source": source, "note": note or ""}
    )
    was_official = calendar_year.official and not created
    reason = _("录入年度放假安排") if source == CalendarYear.Source.ADMIN else _("从数据包载入")

    existing = {row.date: row for row in CalendarDay.objects.select_for_update().filter(year=year)}
    added, changed = [], []
    for day, (is_workday_, name) in sorted(wanted.items()):
        row = existing.pop(day, None)
        if row is None:
            row = CalendarDay(date=day, year=year, is_workday=is_workday_, name=name)
            _mark(row, actor=actor, reason=reason)
            row.save()
            added.append(day)
        elif (row.is_workday, row.name) != (is_workday_, name):
            row.is_workday, row.name = is_workday_, name
            _mark(row, actor=actor, reason=reason)
            row.save(update_fields=["is_workday", "name"])
            changed.append(day)
    removed = sorted(existing)
    for row in existing.values():
        _mark(row, actor=actor, reason=reason)
        row.delete()

    dirty = []
    if not calendar_year.official:
        calendar_year.official = True
        dirty.append("official")
    if calendar_year.source != source:
        calendar_year.source = source
        dirty.append("source")
    if note is not None and calendar_year.note != note:
        calendar_year.note = note
        dirty.append("note")
    update = YearUpdate(
        calendar_year=calendar_year,
        added=tuple(added),
        changed=tuple(changed),
        removed=tuple(removed),
        newly_official=not was_official,
        saved=created or bool(dirty or added or changed or removed),
    )
    if dirty or (update.data_changed and not created):
        _mark(calendar_year, actor=actor, reason=reason)
        calendar_year.save()  # also bumps updated_at when only days changed
    if update.saved:
        record_event(
            actor=actor,
            obj=calendar_year,
            action="calendar_year_set",
            before="official" if was_official else "provisional",
            after="official",
            note=_("%(year)s 年放假安排:新增 %(a)s、修改 %(c)s、删除 %(r)s 个例外日(%(source)s)。")
            % {
                "year": year,
                "a": len(added),
                "c": len(changed),
                "r": len(removed),
                "source": calendar_year.get_source_display(),
            },
            data={
                "source": str(source),
                "added": [d.isoformat() for d in added],
                "changed": [d.isoformat() for d in changed],
                "removed": [d.isoformat() for d in removed],
            },
        )
    if update.data_changed:
        _announce([year])
    return update


@transaction.atomic
def set_year(
    *,
    year: int,
    holidays: list[tuple[dt.date, str]],
    makeup_workdays: list[tuple[dt.date, str]],
    actor,
    source: str = CalendarYear.Source.ADMIN,
    note: str | None = None,
) -> CalendarYear:
    """Enter (or correct) a year's official arrangement; see replace_year()."""
    return replace_year(
        year=year,
        holidays=holidays,
        makeup_workdays=makeup_workdays,
        actor=actor,
        source=source,
        note=note,
    ).calendar_year


def check_day(
    *, date: dt.date, is_workday: bool, name: str | None = None, day_id: int | None = None
) -> None:
    """Raise InvalidInput unless the day may be stored as one exception (admin form + service)."""
    _require_date(date, "date")
    errors: dict[str, list[str]] = {}
    if is_workday and date.weekday() < 5:
        errors["is_workday"] = [
            _("%(day)s 是%(weekday)s,本来就上班;调休上班日应为周六或周日。")
            % {"day": date, "weekday": _weekday(date)}
        ]
    elif not is_workday and date.weekday() >= 5:
        errors["is_workday"] = [
            _("%(day)s 是%(weekday)s,本来就休息;只需录入落在周一至周五的放假日。")
            % {"day": date, "weekday": _weekday(date)}
        ]
    if name is not None and not name.strip():
        errors["name"] = [_("请填写名称。")]
    if not CalendarYear.objects.filter(year=date.year, official=True).exists():
        errors["date"] = [
            _("%(year)s 年还没有官方放假安排,请先用“录入年度放假安排”录入全年安排。")
            % {"year": date.year}
        ]
    elif CalendarDay.objects.filter(date=date).exclude(pk=day_id).exists():
        errors["date"] = [_("%(day)s 已有记录,请直接修改该记录。") % {"day": date}]
    if errors:
        raise InvalidInput(code="invalid_calendar_day", fields=errors)


def _describe(row: CalendarDay | None) -> str:
    """A short audit before/after value, e.g. "2026-10-10 上班"."""
    if row is None:
        return ""
    return f"{row.date:%Y-%m-%d} {'上班' if row.is_workday else '放假'}"


def _snapshot(row: CalendarDay | None) -> dict | None:
    if row is None:
        return None
    return {"date": row.date.isoformat(), "is_workday": row.is_workday, "name": row.name}


def _touch_years(years: Iterable[int], *, actor, reason: str) -> set[int]:
    """A day edited by hand: the year's data is now the admins' (load_calendar leaves it be).

    Returns the official years among `years`: only their working days changed.
    """
    touched = set()
    for calendar_year in CalendarYear.objects.select_for_update().filter(
        year__in=set(years), official=True
    ):
        calendar_year.source = CalendarYear.Source.ADMIN
        _mark(calendar_year, actor=actor, reason=reason)
        calendar_year.save()
        touched.add(calendar_year.year)
    return touched


@transaction.atomic
def save_day(
    *, date: dt.date, is_workday: bool, name: str, actor, day_id: int | None = None
) -> CalendarDay:
    """Add (day_id None) or change one exception of an official year, e.g. from the admin."""
    name = (name or "").strip()
    check_day(date=date, is_workday=is_workday, name=name, day_id=day_id)
    if day_id is None:
        row, before = CalendarDay(), None
    else:
        row = CalendarDay.objects.select_for_update().get(pk=day_id)
        if (row.date, row.is_workday, row.name) == (date, is_workday, name):
            return row
        before = CalendarDay(date=row.date, is_workday=row.is_workday, name=row.name)
    row.date, row.is_workday, row.name, row.year = date, is_workday, name, date.year
    reason = _("修改例外日")
    _mark(row, actor=actor, reason=reason)
    row.save()
    years = {date.year} | ({before.date.year} if before else set())
    _announce(_touch_years(years, actor=actor, reason=reason))
    record_event(
        actor=actor,
        obj=row,
        action="calendar_day_change" if before else "calendar_day_add",
        before=_describe(before),
        after=_describe(row),
        data={"before": _snapshot(before), "after": _snapshot(row)},
    )
    return row


@transaction.atomic
def delete_days(*, days: Iterable[CalendarDay], actor) -> int:
    """Delete exceptions (e.g. from the admin); one signal per affected year. Returns the count."""
    ids = [day.pk for day in days]
    rows = list(CalendarDay.objects.select_for_update().filter(pk__in=ids).order_by("date"))
    reason = _("删除例外日")
    for row in rows:
        record_event(
            actor=actor,
            obj=row,
            action="calendar_day_delete",
            before=_describe(row),
            after="",
            data={"before": _snapshot(row), "after": None},
        )
        _mark(row, actor=actor, reason=reason)
        row.delete()
    _announce(_touch_years({row.year for row in rows}, actor=actor, reason=reason))
    return len(rows)


def _check_note(note: str) -> None:
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput(
            _("备注不能超过 %(n)s 个字。") % {"n": NOTE_MAX_LENGTH},
            fields={"note": [_("备注不能超过 %(n)s 个字。") % {"n": NOTE_MAX_LENGTH}]},
        )


@transaction.atomic
def update_year_note(*, calendar_year_id: int, note: str, actor) -> CalendarYear:
    """Change only the note of a year (the admin's year page); the arrangement is untouched."""
    _check_note(note)
    calendar_year = CalendarYear.objects.select_for_update().get(pk=calendar_year_id)
    if calendar_year.note != note:
        before = calendar_year.note
        calendar_year.note = note
        _mark(calendar_year, actor=actor, reason=_("修改备注"))
        calendar_year.save(update_fields=["note", "updated_at"])
        record_event(
            actor=actor,
            obj=calendar_year,
            action="calendar_year_note",
            note=note,
            data={"before": before, "after": note},
        )
    return calendar_year
