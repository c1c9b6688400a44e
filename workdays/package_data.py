"""The State Council arrangements shipped in the `chinesecalendar` package, in our shape.

Pure functions with no database access: the seed migration and `load_calendar` both use them.
"""

import datetime as dt
from importlib.metadata import PackageNotFoundError, version

import chinese_calendar
from chinese_calendar.constants import Holiday

# The package's Chinese names are short forms (清明, 端午, 中秋); the notices use the full names.
_NAMES = {
    Holiday.new_years_day.value: "元旦",
    Holiday.spring_festival.value: "春节",
    Holiday.tomb_sweeping_day.value: "清明节",
    Holiday.labour_day.value: "劳动节",
    Holiday.dragon_boat_festival.value: "端午节",
    Holiday.national_day.value: "国庆节",
    Holiday.mid_autumn_festival.value: "中秋节",
}
MAKEUP_SUFFIX = "调休"

Arrangement = tuple[list[tuple[dt.date, str]], list[tuple[dt.date, str]]]


def package_version() -> str:
    try:
        return version("chinesecalendar")
    except PackageNotFoundError:  # pragma: no cover - installed from source
        return "unknown"


def holiday_name(value: str) -> str:
    """The Chinese name of a package holiday value ("National Day" -> "国庆节")."""
    if value in _NAMES:
        return _NAMES[value]
    for holiday in Holiday:
        if holiday.value == value:
            return holiday.chinese
    return value


def package_years() -> list[int]:
    """Every year the installed package has official data for (2004–2026 in 1.11)."""
    years = {day.year for day in chinese_calendar.holidays}
    return list(range(min(years), max(years) + 1)) if years else []


def package_arrangement(year: int) -> Arrangement:
    """(holidays, make-up working days) of one year, each a sorted list of (date, name).

    Holidays include those falling on weekends, as the published notice lists them; the
    service keeps only the exceptions to Monday–Friday.
    """
    if year not in package_years():
        raise LookupError(year)
    holidays = sorted(
        (day, holiday_name(value))
        for day, value in chinese_calendar.holidays.items()
        if day.year == year
    )
    makeups = sorted(
        (day, holiday_name(value) + MAKEUP_SUFFIX)
        for day, value in chinese_calendar.workdays.items()
        if day.year == year
    )
    return holidays, makeups
