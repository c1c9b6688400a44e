"""The working-day rules on real dates, the provisional fallback, and the cost of a deadline."""

import datetime as dt

import chinese_calendar
import pytest

from tests.queries import exact_queries
from tests.workdays.conftest import D, frozen
from workdays import services
from workdays.models import CalendarDay, CalendarYear
from workdays.services import (
    TZ,
    Deadline,
    WorkdayResult,
    add_working_days,
    calendar,
    deadline_after,
    end_of_day,
    is_provisional,
    is_workday,
    official_data_ends,
    working_days_between,
)

pytestmark = pytest.mark.django_db

# Literal dates from the State Council notices for 2025 and 2026 (not computed from the package).
TRUTH_TABLE = [
    # 2025 New Year, Spring Festival (28 Jan – 4 Feb; make-up Sun 26 Jan and Sat 8 Feb)
    (D(2025, 1, 1), False),
    (D(2025, 1, 25), False),  # Saturday
    (D(2025, 1, 26), True),  # Sunday, 春节调休
    (D(2025, 1, 27), True),
    (D(2025, 1, 28), False),
    (D(2025, 1, 31), False),
    (D(2025, 2, 3), False),
    (D(2025, 2, 4), False),
    (D(2025, 2, 5), True),
    (D(2025, 2, 8), True),  # Saturday, 春节调休
    (D(2025, 2, 9), False),  # Sunday
    # 2025 May Day (1–5 May; make-up Sun 27 Apr)
    (D(2025, 4, 27), True),
    (D(2025, 4, 30), True),
    (D(2025, 5, 1), False),
    (D(2025, 5, 2), False),
    (D(2025, 5, 5), False),  # Monday
    (D(2025, 5, 6), True),
    # 2025 National Day + Mid-autumn (1–8 Oct; make-up Sun 28 Sep and Sat 11 Oct)
    (D(2025, 9, 28), True),
    (D(2025, 9, 30), True),
    (D(2025, 10, 1), False),
    (D(2025, 10, 6), False),  # Monday, 中秋节
    (D(2025, 10, 8), False),
    (D(2025, 10, 9), True),
    (D(2025, 10, 11), True),  # Saturday, 国庆节调休
    (D(2025, 10, 12), False),
    # 2026 New Year (1–3 Jan; make-up Sun 4 Jan)
    (D(2026, 1, 1), False),
    (D(2026, 1, 2), False),  # Friday
    (D(2026, 1, 4), True),  # Sunday, 元旦调休
    (D(2026, 1, 5), True),
    # 2026 Spring Festival (15–23 Feb; make-up Sat 14 Feb and Sat 28 Feb)
    (D(2026, 2, 13), True),
    (D(2026, 2, 14), True),  # Saturday, 春节调休
    (D(2026, 2, 16), False),
    (D(2026, 2, 20), False),
    (D(2026, 2, 23), False),  # Monday
    (D(2026, 2, 24), True),
    (D(2026, 2, 28), True),  # Saturday, 春节调休
    (D(2026, 3, 1), False),
    # 2026 May Day (1–5 May; make-up Sat 9 May)
    (D(2026, 4, 30), True),
    (D(2026, 5, 1), False),
    (D(2026, 5, 4), False),
    (D(2026, 5, 5), False),
    (D(2026, 5, 6), True),
    (D(2026, 5, 9), True),  # Saturday, 劳动节调休
    (D(2026, 5, 10), False),
    # 2026 Mid-autumn (25–27 Sep) and National Day (1–7 Oct; make-up Sun 20 Sep, Sat 10 Oct)
    (D(2026, 9, 20), True),  # Sunday, 国庆节调休
    (D(2026, 9, 25), False),  # Friday, 中秋节
    (D(2026, 9, 30), True),
    (D(2026, 10, 1), False),
    (D(2026, 10, 2), False),
    (D(2026, 10, 5), False),
    (D(2026, 10, 7), False),
    (D(2026, 10, 8), True),
    (D(2026, 10, 9), True),
    (D(2026, 10, 10), True),  # Saturday, 国庆节调休
    (D(2026, 10, 11), False),
]


@pytest.mark.parametrize(("day", "expected"), TRUTH_TABLE, ids=lambda v: str(v))
def test_is_workday_matches_the_state_council_arrangement(day, expected):
    assert is_workday(day) is expected


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 9, 30), 1, D(2026, 10, 8)),
        (D(2026, 9, 30), 2, D(2026, 10, 9)),
        (D(2026, 9, 30), 3, D(2026, 10, 10)),  # the make-up Saturday counts
        (D(2026, 9, 30), 4, D(2026, 10, 12)),
        (D(2026, 9, 19), 1, D(2026, 9, 20)),  # Saturday -> make-up Sunday
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 2, 13), 2, D(2026, 2, 24)),
        (D(2026, 4, 30), 1, D(2026, 5, 6)),
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 27), 1, D(2025, 2, 5)),
        (D(2025, 9, 30), 3, D(2025, 10, 11)),
        (D(2025, 12, 31), 1, D(2026, 1, 4)),  # across the year end, onto a make-up Sunday
        (D(2026, 10, 10), 1, D(2026, 10, 12)),  # the start itself is never counted
    ],
)
def test_add_working_days_counts_strictly_after_start(start, days, expected):
    assert add_working_days(start, days) == WorkdayResult(date=expected, provisional=False)


def test_push_on_30_september_2026_is_due_on_the_make_up_saturday():
    assert add_working_days(D(2026, 9, 30), 3).date == D(2026, 10, 10)


def test_working_days_between_counts_the_half_open_span():
    assert working_days_between(D(2026, 9, 30), D(2026, 10, 10)) == 3
    assert working_days_between(D(2026, 9, 30), D(2026, 9, 30)) == 0
    assert working_days_between(D(2026, 10, 10), D(2026, 9, 30)) == 0
    assert working_days_between(D(2026, 10, 9), D(2026, 10, 10)) == 1


def test_days_must_be_a_positive_integer():
    for bad in (0, -1, True, 1.0, "3"):
        with pytest.raises(ValueError):
            add_working_days(D(2026, 9, 30), bad)


def test_a_datetime_is_refused_where_a_date_is_expected():
    moment = dt.datetime(2026, 9, 30, 20, tzinfo=dt.UTC)
    with pytest.raises(TypeError):
        add_working_days(moment, 1)
    with pytest.raises(TypeError):
        is_workday(moment)


def test_the_seeded_table_agrees_with_the_package_on_every_day_2004_to_2026():
    first, last = D(2004, 1, 1), D(2026, 12, 31)
    calendar = services.calendar_span(first, last)
    day, disagreements = first, []
    while day <= last:
        if calendar.is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        day += dt.timedelta(days=1)
    assert disagreements == []
    assert set(CalendarYear.objects.filter(official=True).values_list("year", flat=True)) == set(
        range(2004, 2027)
    )


def test_only_exceptions_to_monday_to_friday_are_stored():
    days = CalendarDay.objects.all()
    assert all(d.date.weekday() < 5 for d in days if not d.is_workday)
    assert all(d.date.weekday() >= 5 for d in days if d.is_workday)
    assert all(d.year == d.date.year for d in days)
    national_day = CalendarDay.objects.get(date=D(2026, 10, 10))
    assert (national_day.is_workday, national_day.name) == (True, "国庆节调休")
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"


# --- the provisional fallback past the official data ------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 1, 1), False),  # Friday, 元旦
        (D(2027, 1, 4), True),
        (D(2027, 2, 8), True),  # Spring Festival is not guessed
        (D(2027, 5, 1), False),  # Saturday
        (D(2027, 5, 3), True),  # only 1–2 May are fixed
        (D(2027, 10, 1), False),
        (D(2027, 10, 2), False),
        (D(2027, 10, 3), False),
        (D(2027, 10, 4), True),
        (D(2027, 10, 9), False),  # Saturday: no make-up days are guessed
    ],
)
def test_a_year_without_official_data_uses_weekdays_minus_fixed_holidays(day, expected):
    assert is_workday(day) is expected
    assert is_provisional(day)


def test_a_result_in_a_year_without_official_data_is_provisional():
    assert add_working_days(D(2026, 12, 31), 1) == WorkdayResult(D(2027, 1, 4), provisional=True)
    assert add_working_days(D(2026, 12, 30), 1) == WorkdayResult(D(2026, 12, 31), False)
    assert add_working_days(D(2027, 9, 30), 2) == WorkdayResult(D(2027, 10, 5), True)
    assert not is_provisional(D(2026, 12, 31))


def test_a_span_stepping_over_a_day_before_the_official_data_is_provisional():
    # 31 Dec 2003 is stepped over (fallback rule), 1 Jan 2004 is a holiday.
    assert add_working_days(D(2003, 12, 30), 2) == WorkdayResult(D(2004, 1, 2), True)
    # The start itself is not stepped over.
    assert add_working_days(D(2003, 12, 31), 1) == WorkdayResult(D(2004, 1, 2), False)


def test_official_data_ends_at_the_end_of_the_last_official_year():
    with frozen(2026, 11, 23, 9):
        assert official_data_ends() == D(2026, 12, 31)
    with frozen(2027, 3, 1, 9):
        assert official_data_ends() == D(2026, 12, 31)


def test_official_data_ends_is_none_without_any_official_year():
    CalendarYear.objects.update(official=False)
    assert official_data_ends() is None


# --- moments and deadlines ---------------------------------------------------------------------


def test_end_of_day_is_the_last_instant_in_shanghai():
    end = end_of_day(D(2026, 10, 10))
    assert end == dt.datetime(2026, 10, 10, 23, 59, 59, 999999, tzinfo=TZ)
    assert end.utcoffset() == dt.timedelta(hours=8)
    assert end.isoformat() == "2026-10-10T23:59:59.999999+08:00"


def test_deadline_after_a_date():
    assert deadline_after(D(2026, 9, 30), 3) == Deadline(
        at=end_of_day(D(2026, 10, 10)), date=D(2026, 10, 10), provisional=False
    )


def test_deadline_after_a_moment_counts_from_its_shanghai_date():
    # 17:30 UTC on 29 Sep is already 01:30 on 30 Sep in Shanghai.
    moment = dt.datetime(2026, 9, 29, 17, 30, tzinfo=dt.UTC)
    assert deadline_after(moment, 3).date == D(2026, 10, 10)
    assert deadline_after(moment.astimezone(TZ), 3).date == D(2026, 10, 10)
    assert deadline_after(dt.datetime(2026, 9, 29, 15, 59, tzinfo=dt.UTC), 3).date == D(2026, 10, 9)


def test_deadline_after_the_last_official_day_is_provisional():
    deadline = deadline_after(dt.datetime(2026, 12, 31, 16, 0, tzinfo=TZ), 1)
    assert deadline == Deadline(at=end_of_day(D(2027, 1, 4)), date=D(2027, 1, 4), provisional=True)


def test_deadline_after_refuses_a_naive_datetime():
    with pytest.raises(ValueError):
        deadline_after(dt.datetime(2026, 9, 30, 9), 3)


# --- cost: no query per day stepped over -------------------------------------------------------


def test_500_working_days_take_a_constant_number_of_queries():
    with exact_queries(2):
        result = add_working_days(D(2025, 1, 1), 500)
    assert is_workday(result.date)
    assert working_days_between(D(2025, 1, 1), result.date) == 500


def test_1000_working_days_across_the_provisional_boundary_are_cheap():
    with exact_queries(2):
        result = add_working_days(D(2024, 1, 1), 1000)
    assert result.provisional is (result.date.year >= 2027)
    assert working_days_between(D(2024, 1, 1), result.date) == 1000


def test_working_days_between_over_years_is_two_queries():
    with exact_queries(2):
        count = working_days_between(D(2004, 1, 1), D(2026, 12, 31))
    assert count == sum(
        chinese_calendar.is_workday(D(2004, 1, 1) + dt.timedelta(days=i))
        for i in range(1, (D(2026, 12, 31) - D(2004, 1, 1)).days + 1)
    )


def test_a_guess_that_falls_short_extends_with_one_more_query(monkeypatch):
    monkeypatch.setattr(calendar, "_span_for", lambda n: dt.timedelta(days=n))
    # two to load 10-01..10-03, then one per stretch the guess missed: 10-04..07, 10-08..11
    with exact_queries(4):
        result = add_working_days(D(2026, 9, 30), 3)
    assert result.date == D(2026, 10, 10)


def test_a_span_answers_many_dates_in_two_queries():
    with exact_queries(2):
        span = services.calendar_span(D(2026, 9, 1), D(2026, 10, 31))
    with exact_queries(0):
        assert span.is_workday(D(2026, 10, 10)) and not span.is_workday(D(2026, 10, 1))
    with pytest.raises(ValueError):
        span.is_workday(D(2026, 11, 2))  # outside the loaded span, in an official year


def test_working_days_from_a_page_of_dates_agrees_with_the_calendar_service(db):
    """The batch form (one calendar load for a page of rows) counts as working_days_between,
    across National Day 2026 and its make-up Saturday."""
    import datetime

    from workdays.services import working_days_between, working_days_from

    today = datetime.date(2026, 9, 25)
    dates = [today + datetime.timedelta(days=n) for n in range(-40, 41)]
    distance = working_days_from(today, dates)
    for day in dates:
        expected = (
            working_days_between(today, day) if day >= today else -working_days_between(day, today)
        )
        assert distance[day] == expected, day
    assert working_days_from(today, []) == {}
