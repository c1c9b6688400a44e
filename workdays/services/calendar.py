"""Reading the working-day calendar: every deadline in OneSeal is computed here.

Working days are Monday–Friday, minus statutory holidays on weekdays, plus make-up working days
on weekends (调休), as stored in CalendarYear / CalendarDay. A year without official data falls
back to weekdays minus the fixed-date statutory holidays, and whatever is computed across such a
year is provisional. A computation loads the official years and the exceptions of its span in
two queries, whatever the span; there is no per-process cache, so every process agrees at once
after an admin enters a year.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from workdays.models import CalendarDay, CalendarYear

TZ = ZoneInfo("Asia/Shanghai")
ONE_DAY = dt.timedelta(days=1)
# Statutory holidays whose date never moves (全国年节及纪念日放假办法): the fallback rule for a
# year with no official arrangement yet. Lunar holidays and make-up days are not guessed.
FIXED_HOLIDAYS = {
    (1, 1): "元旦",
    (5, 1): "劳动节",
    (5, 2): "劳动节",
    (10, 1): "国庆节",
    (10, 2): "国庆节",
    (10, 3): "国庆节",
}
# Admins are warned this many days before official data runs out.
WARNING_DAYS = 60


@dataclass(frozen=True)
class WorkdayResult:
    date: dt.date
    # True if any day stepped over (or the result) lies in a year with no official data.
    provisional: bool


@dataclass(frozen=True)
class Deadline:
    at: dt.datetime  # end of `date`, Asia/Shanghai
    date: dt.date
    provisional: bool


def today() -> dt.date:
    """Today's date in Asia/Shanghai."""
    return timezone.now().astimezone(TZ).date()


def _require_date(value, name: str) -> None:
    # A datetime is a date too; accepting one silently would use its UTC date, not the local one.
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise TypeError(
            f"{name} must be a datetime.date (use deadline_after() for a datetime), "
            f"got {type(value).__name__}"
        )


def _fallback_is_workday(day: dt.date) -> bool:
    return day.weekday() < 5 and (day.month, day.day) not in FIXED_HOLIDAYS


def _official_years() -> frozenset[int]:
    return frozenset(CalendarYear.objects.filter(official=True).values_list("year", flat=True))


class CalendarSpan:
    """Working-day answers for a span of dates, loaded from the tables in one go.

    Holds the set of official years (a tiny table) and the exceptions of [first, last]; `extend`
    loads more in one further query when a computation runs past the span it guessed.
    """

    def __init__(self, official_years: frozenset[int], first: dt.date):
        self.official_years = official_years
        self.first = first
        self.last = first - ONE_DAY
        self.exceptions: dict[dt.date, bool] = {}

    @classmethod
    def load(cls, first: dt.date, last: dt.date) -> "CalendarSpan":
        calendar = cls(_official_years(), first)
        calendar.extend(last)
        return calendar

    def extend(self, last: dt.date) -> None:
        if last <= self.last:
            return
        first = self.last + ONE_DAY
        # No official year in the new stretch: nothing stored can matter, skip the query.
        if any(year in self.official_years for year in range(first.year, last.year + 1)):
            self.exceptions.update(
                CalendarDay.objects.filter(date__gte=first, date__lte=last).values_list(
                    "date", "is_workday"
                )
            )
        self.last = last

    def is_workday(self, day: dt.date) -> bool:
        if day.year not in self.official_years:
            return _fallback_is_workday(day)
        if not (self.first <= day <= self.last):
            raise ValueError(f"{day} is outside the loaded span {self.first}..{self.last}")
        exception = self.exceptions.get(day)
        if exception is not None:
            return exception
        return day.weekday() < 5

    def provisional_between(self, first: dt.date, last: dt.date) -> bool:
        return any(y not in self.official_years for y in range(first.year, last.year + 1))


def calendar_span(first: dt.date, last: dt.date) -> CalendarSpan:
    """The calendar of [first, last] in two queries, for pages that ask about many dates
    (e.g. "N working days left" on every row); `.is_workday(day)` for days in the span."""
    _require_date(first, "first")
    _require_date(last, "last")
    return CalendarSpan.load(first, last)


def _span_for(working_days: int) -> dt.timedelta:
    # A year has at least ~240 working days (365 / 240 < 1.55); the 16 covers a golden week
    # and its weekends. Underestimating only costs one more query (see CalendarSpan.extend).
    return dt.timedelta(days=int(working_days * 1.55) + 16)


def is_workday(day: dt.date) -> bool:
    """Whether people work on `day` (provisional rule in a year with no official data)."""
    _require_date(day, "day")
    return CalendarSpan.load(day, day).is_workday(day)


def is_provisional(day: dt.date) -> bool:
    """Whether `day` lies in a year with no official data."""
    _require_date(day, "day")
    return not CalendarYear.objects.filter(year=day.year, official=True).exists()


def add_working_days(start: dt.date, days: int) -> WorkdayResult:
    """The `days`-th working day strictly after `start` (`days` >= 1)."""
    _require_date(start, "start")
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise ValueError(f"days must be an integer >= 1, got {days!r}")
    try:
        first = start + ONE_DAY
        calendar = CalendarSpan.load(first, start + _span_for(days))
        day, counted = start, 0
        while counted < days:
            day += ONE_DAY
            if day > calendar.last:
                calendar.extend(day + _span_for(days - counted))
            if calendar.is_workday(day):
                counted += 1
    except OverflowError as exc:
        raise ValueError(f"{days} working days after {start} is out of range") from exc
    return WorkdayResult(date=day, provisional=calendar.provisional_between(first, day))


def working_days_between(start: dt.date, end: dt.date) -> int:
    """The number of working days d with start < d <= end (0 if end <= start)."""
    _require_date(start, "start")
    _require_date(end, "end")
    if end <= start:
        return 0
    first = start + ONE_DAY
    calendar = CalendarSpan.load(first, end)
    count, day = 0, first
    while day <= end:
        count += calendar.is_workday(day)
        day += ONE_DAY
    return count


def working_days_from(today: dt.date, dates) -> dict[dt.date, int]:
    """Signed working days from `today` to each date, counted as working_days_between counts
    them (days d with today < d <= date; negative for a date before today), for a whole page
    with one load of the calendar (two queries, whatever the number of rows and dates)."""
    dates = set(dates)
    if not dates:
        return {}
    first = min(min(dates), today) + ONE_DAY
    last = max(max(dates), today)
    span = calendar_span(first, last)
    cumulative, day, count = {first - ONE_DAY: 0}, first, 0
    while day <= last:
        count += span.is_workday(day)
        cumulative[day] = count
        day += ONE_DAY
    return {d: cumulative[d] - cumulative[today] for d in dates}


def end_of_day(day: dt.date) -> dt.datetime:
    """The last instant of `day` in Asia/Shanghai (23:59:59.999999+08:00)."""
    _require_date(day, "day")
    return dt.datetime.combine(day, dt.time.max, tzinfo=TZ)


def deadline_after(moment: dt.datetime | dt.date, days: int) -> Deadline:
    """The end of the `days`-th working day after the (Asia/Shanghai) date of `moment`."""
    if isinstance(moment, dt.datetime):
        if timezone.is_naive(moment):
            raise ValueError("deadline_after() needs an aware datetime")
        start = moment.astimezone(TZ).date()
    elif isinstance(moment, dt.date):
        start = moment
    else:
        raise TypeError(f"moment must be a datetime or a date, got {type(moment).__name__}")
    result = add_working_days(start, days)
    return Deadline(at=end_of_day(result.date), date=result.date, provisional=result.provisional)


def _data_end(years: frozenset[int], on: dt.date) -> dt.date | None:
    if on.year in years:
        year = on.year
        while year + 1 in years:
            year += 1
        return dt.date(year, 12, 31)
    past = [year for year in years if year < on.year]
    return dt.date(max(past), 12, 31) if past else None


def official_data_ends() -> dt.date | None:
    """The last date covered by official data without a gap, counting from today.

    None when the current year has no official data and no earlier year has either.
    """
    return _data_end(_official_years(), today())


def official_data_warning() -> str | None:
    """The Chinese warning admins see when official data ends within WARNING_DAYS, or None."""
    now = today()
    ends = _data_end(_official_years(), now)
    if ends is None:
        return _(
            "工作日历没有 %(year)s 年的官方数据,请录入 %(year)s 年放假安排;在此之前的期限均为暂定。"
        ) % {"year": now.year}
    if ends < now:
        return _(
            "工作日历官方数据仅到 %(ends)s,今天已超出;请尽快录入 %(next)s 年放假安排,"
            "在此之前计算的期限均为暂定。"
        ) % {"ends": ends.isoformat(), "next": ends.year + 1}
    if (ends - now).days <= WARNING_DAYS:
        return _(
            "工作日历官方数据仅到 %(ends)s,请在国务院公布后录入 %(next)s 年放假安排;"
            "此后的期限为暂定。"
        ) % {"ends": ends.isoformat(), "next": ends.year + 1}
    return None
