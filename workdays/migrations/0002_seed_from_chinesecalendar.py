"""Seed the calendar with every year the installed chinesecalendar package has (2004–2026 in
1.11), so each deployment has official working-day data right after `migrate`. Each seeded row
also gets its "created" history record, so the admin history starts from the package data."""

from django.db import migrations
from django.utils import timezone

REASON = "从数据包载入"


def seed(apps, schema_editor):
    # workdays.package_data is pure (no models), so using it here stays correct as models change.
    from workdays.package_data import package_arrangement, package_version, package_years

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    HistoricalCalendarYear = apps.get_model("workdays", "HistoricalCalendarYear")
    HistoricalCalendarDay = apps.get_model("workdays", "HistoricalCalendarDay")
    db = schema_editor.connection.alias
    now = timezone.now()
    note = f"chinesecalendar {package_version()}"
    present = set(CalendarYear.objects.using(db).values_list("year", flat=True))
    for year in package_years():
        if year in present:
            continue
        holidays, makeups = package_arrangement(year)
        calendar_year = CalendarYear.objects.using(db).create(
            year=year, official=True, source="chinesecalendar", note=note
        )
        CalendarDay.objects.using(db).bulk_create(
            [
                CalendarDay(date=day, year=year, is_workday=False, name=name)
                for day, name in holidays
                if day.weekday() < 5
            ]
            + [
                CalendarDay(date=day, year=year, is_workday=True, name=name)
                for day, name in makeups
                if day.weekday() >= 5
            ]
        )
        history = {"history_date": now, "history_type": "+", "history_change_reason": REASON}
        HistoricalCalendarYear.objects.using(db).create(
            id=calendar_year.pk,
            year=year,
            official=True,
            source="chinesecalendar",
            note=note,
            updated_at=calendar_year.updated_at,
            **history,
        )
        HistoricalCalendarDay.objects.using(db).bulk_create(
            [
                HistoricalCalendarDay(
                    id=day.pk,
                    date=day.date,
                    year=day.year,
                    is_workday=day.is_workday,
                    name=day.name,
                    **history,
                )
                for day in CalendarDay.objects.using(db).filter(year=year)
            ]
        )


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    HistoricalCalendarYear = apps.get_model("workdays", "HistoricalCalendarYear")
    HistoricalCalendarDay = apps.get_model("workdays", "HistoricalCalendarDay")
    db = schema_editor.connection.alias
    years = list(
        CalendarYear.objects.using(db)
        .filter(source="chinesecalendar")
        .values_list("year", flat=True)
    )
    CalendarDay.objects.using(db).filter(year__in=years).delete()
    CalendarYear.objects.using(db).filter(year__in=years).delete()
    HistoricalCalendarDay.objects.using(db).filter(
        year__in=years, history_change_reason=REASON
    ).delete()
    HistoricalCalendarYear.objects.using(db).filter(
        year__in=years, history_change_reason=REASON
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
