"""Properties of add_working_days against an independent oracle (the package, and the fallback
rule written out again), on random starts including across the 2026 -> 2027 boundary."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workdays.services import add_working_days, working_days_between

pytestmark = pytest.mark.django_db

FIXED = {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)}
PROPERTY_SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def oracle_is_workday(day: dt.date) -> bool:
    if 2004 <= day.year <= 2026:
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5 and (day.month, day.day) not in FIXED


def oracle_count(start: dt.date, end: dt.date) -> int:
    return sum(
        oracle_is_workday(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )


def check(start: dt.date, days: int) -> None:
    result = add_working_days(start, days)
    assert result.date > start
    assert oracle_is_workday(result.date)
    assert oracle_count(start, result.date) == days
    # ... and the day before the result still had one to go.
    assert oracle_count(start, result.date - dt.timedelta(days=1)) == days - 1
    assert working_days_between(start, result.date) == days
    assert result.provisional is (result.date.year >= 2027)


@PROPERTY_SETTINGS
@given(
    start=st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2027, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_result_is_the_nth_working_day_strictly_after_start(start, days):
    check(start, days)


@PROPERTY_SETTINGS
@given(
    start=st.dates(min_value=dt.date(2026, 9, 1), max_value=dt.date(2027, 1, 31)),
    days=st.integers(min_value=1, max_value=120),
)
def test_the_property_holds_across_the_provisional_boundary(start, days):
    check(start, days)


@PROPERTY_SETTINGS
@given(
    start=st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 6, 30)),
    days=st.integers(min_value=1, max_value=1000),
)
def test_long_spans_land_on_the_oracle_result(start, days):
    result = add_working_days(start, days)
    assert oracle_is_workday(result.date)
    assert oracle_count(start, result.date) == days


@PROPERTY_SETTINGS
@given(
    start=st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2027, 12, 31)),
    a=st.integers(min_value=1, max_value=40),
    b=st.integers(min_value=1, max_value=40),
)
def test_adding_in_two_steps_equals_adding_at_once(start, a, b):
    step = add_working_days(add_working_days(start, a).date, b).date
    assert step == add_working_days(start, a + b).date
