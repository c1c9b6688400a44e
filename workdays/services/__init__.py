"""The working-day calendar service: every deadline in OneSeal is computed here
(workdays.services.calendar, the reads), and every change to the calendar goes through here
(workdays.services.writes). Callers import this package: `from workdays import services as
workdays`, then `workdays.deadline_after(...)`.
"""

from workdays.services.calendar import (
    FIXED_HOLIDAYS,
    ONE_DAY,
    TZ,
    WARNING_DAYS,
    CalendarSpan,
    Deadline,
    WorkdayResult,
    add_working_days,
    calendar_span,
    deadline_after,
    end_of_day,
    is_provisional,
    is_workday,
    official_data_ends,
    official_data_warning,
    today,
    working_days_between,
    working_days_from,
)
from workdays.services.writes import (
    MAX_YEAR,
    MIN_YEAR,
    NAME_MAX_LENGTH,
    YearUpdate,
    check_day,
    delete_days,
    replace_year,
    save_day,
    set_year,
    update_year_note,
)

__all__ = [
    "FIXED_HOLIDAYS",
    "MAX_YEAR",
    "MIN_YEAR",
    "NAME_MAX_LENGTH",
    "ONE_DAY",
    "TZ",
    "WARNING_DAYS",
    "CalendarSpan",
    "Deadline",
    "WorkdayResult",
    "YearUpdate",
    "add_working_days",
    "calendar_span",
    "check_day",
    "deadline_after",
    "delete_days",
    "end_of_day",
    "is_provisional",
    "is_workday",
    "official_data_ends",
    "official_data_warning",
    "replace_year",
    "save_day",
    "set_year",
    "today",
    "update_year_note",
    "working_days_between",
    "working_days_from",
]
