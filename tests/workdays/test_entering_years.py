"""Entering official arrangements: set_year, day edits, load_calendar, the signal and the audit."""

import io

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from audit.services import events_for
from core.errors import InvalidInput
from tests.workdays.conftest import HOLIDAYS_2027, MAKEUPS_2027, D
from workdays import services
from workdays.models import CalendarDay, CalendarYear
from workdays.services import (
    WorkdayResult,
    add_working_days,
    is_provisional,
    is_workday,
    set_year,
)

pytestmark = pytest.mark.django_db


def enter_2027(actor, **extra):
    return set_year(
        year=2027, holidays=HOLIDAYS_2027, makeup_workdays=MAKEUPS_2027, actor=actor, **extra
    )


def test_set_year_makes_2027_official(catalog_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year = enter_2027(catalog_admin, note="国办发明电〔2026〕8号")
    assert (calendar_year.year, calendar_year.official, calendar_year.source) == (
        2027,
        True,
        CalendarYear.Source.ADMIN,
    )
    assert calendar_year.note == "国办发明电〔2026〕8号"
    assert not is_provisional(D(2027, 6, 1))
    assert is_workday(D(2027, 2, 8)) is False  # Spring Festival, now known
    assert is_workday(D(2027, 2, 14)) is True  # make-up Sunday
    assert is_workday(D(2027, 10, 9)) is True  # make-up Saturday
    assert is_workday(D(2027, 10, 4)) is False
    assert add_working_days(D(2026, 12, 31), 1) == WorkdayResult(D(2027, 1, 4), False)
    assert add_working_days(D(2027, 2, 5), 1) == WorkdayResult(D(2027, 2, 14), False)


def test_set_year_stores_only_the_exceptions(catalog_admin):
    enter_2027(catalog_admin)
    stored = dict(CalendarDay.objects.filter(year=2027).values_list("date", "is_workday"))
    assert len(stored) == 14  # 11 weekday holidays + 3 make-up weekend days
    assert D(2027, 2, 6) not in stored  # Saturday in the holiday: a rest day anyway
    assert stored[D(2027, 1, 1)] is False and stored[D(2027, 9, 26)] is True


def test_set_year_sends_the_signal_once_after_commit(
    catalog_admin, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enter_2027(catalog_admin)
    assert announced == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert announced == [2027]


def test_set_year_writes_one_audit_event(catalog_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year = enter_2027(catalog_admin)
    [event] = events_for(calendar_year)
    assert event.action == "calendar_year_set"
    assert (event.before, event.after) == ("provisional", "official")
    assert event.actor == catalog_admin
    assert len(event.data["added"]) == 14


def test_entering_the_same_year_again_changes_nothing(
    catalog_admin, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enter_2027(catalog_admin)
        update = services.replace_year(
            year=2027, holidays=HOLIDAYS_2027, makeup_workdays=MAKEUPS_2027, actor=catalog_admin
        )
    assert not update.saved and not update.data_changed
    assert announced == [2027]
    assert AuditEvent.objects.filter(action="calendar_year_set").count() == 1


def test_a_correction_replaces_the_year_and_is_announced_again(
    catalog_admin, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enter_2027(catalog_admin)
        update = services.replace_year(
            year=2027,
            holidays=[(d, n) for d, n in HOLIDAYS_2027 if d != D(2027, 10, 7)],
            makeup_workdays=[*MAKEUPS_2027[:2], (D(2027, 10, 9), "国庆节调休上班")],
            actor=catalog_admin,
        )
    assert (update.added, update.changed, update.removed) == (
        (),
        (D(2027, 10, 9),),
        (D(2027, 10, 7),),
    )
    assert is_workday(D(2027, 10, 7)) is True
    assert CalendarDay.objects.get(date=D(2027, 10, 9)).name == "国庆节调休上班"
    assert announced == [2027, 2027]


def test_history_keeps_every_version_of_a_day(catalog_admin):
    enter_2027(catalog_admin)
    services.replace_year(
        year=2027,
        holidays=HOLIDAYS_2027,
        makeup_workdays=[*MAKEUPS_2027[:2], (D(2027, 10, 9), "国庆节补班")],
        actor=catalog_admin,
    )
    day = CalendarDay.objects.get(date=D(2027, 10, 9))
    assert [h.name for h in day.history.order_by("history_date")] == ["国庆节调休", "国庆节补班"]
    assert day.history.latest().history_user == catalog_admin


@pytest.mark.parametrize(
    ("holidays", "makeups", "field", "message"),
    [
        (HOLIDAYS_2027, [(D(2027, 3, 10), "春节调休")], "makeup_workdays", "是周三"),
        ([(D(2026, 12, 31), "元旦")], [], "holidays", "不在 2027 年内"),
        ([(D(2027, 1, 1), "元旦"), (D(2027, 1, 1), "元旦")], [], "holidays", "重复录入"),
        (HOLIDAYS_2027, [(D(2027, 2, 6), "春节调休")], "makeup_workdays", "重复录入"),
        ([(D(2027, 1, 1), "  ")], [], "holidays", "缺少名称"),
        ([], MAKEUPS_2027, "holidays", "至少录入一个放假日期"),
    ],
)
def test_set_year_refuses_an_inconsistent_arrangement(
    catalog_admin, announced, holidays, makeups, field, message
):
    with pytest.raises(InvalidInput) as caught:
        set_year(year=2027, holidays=holidays, makeup_workdays=makeups, actor=catalog_admin)
    assert caught.value.code == "invalid_arrangement"
    assert any(message in text for text in caught.value.fields[field])
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert announced == []


# --- single days (the plain CalendarDay admin goes through these) ------------------------------


def test_changing_one_day_is_audited_and_announced(
    catalog_admin, announced, django_capture_on_commit_callbacks
):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    with django_capture_on_commit_callbacks(execute=True):
        services.save_day(
            date=day.date, is_workday=True, name="国庆节补班", actor=catalog_admin, day_id=day.pk
        )
    assert announced == [2026]
    [event] = events_for(day)
    assert event.action == "calendar_day_change"
    assert event.data["after"]["name"] == "国庆节补班"
    # The year is the admins' now: load_calendar leaves it alone unless told otherwise.
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.ADMIN


def test_adding_a_day_to_a_year_without_official_data_is_refused(catalog_admin, announced):
    with pytest.raises(InvalidInput) as caught:
        services.save_day(date=D(2027, 2, 8), is_workday=False, name="春节", actor=catalog_admin)
    assert "还没有官方放假安排" in caught.value.fields["date"][0]


def test_a_make_up_day_on_a_weekday_is_refused(catalog_admin):
    with pytest.raises(InvalidInput) as caught:
        services.save_day(date=D(2026, 6, 3), is_workday=True, name="调休", actor=catalog_admin)
    assert "调休上班日应为周六或周日" in caught.value.fields["is_workday"][0]


def test_deleting_days_announces_each_year_once(
    catalog_admin, announced, django_capture_on_commit_callbacks
):
    days = list(CalendarDay.objects.filter(date__in=[D(2026, 10, 1), D(2026, 10, 2)]))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.delete_days(days=days, actor=catalog_admin) == 2
    assert announced == [2026]
    assert is_workday(D(2026, 10, 1)) is True
    assert AuditEvent.objects.filter(action="calendar_day_delete").count() == 2


# --- load_calendar ------------------------------------------------------------------------------


def run_load(*args) -> str:
    out = io.StringIO()
    call_command("load_calendar", *args, stdout=out)
    return out.getvalue()


def test_load_calendar_after_the_seed_changes_nothing(
    announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        output = run_load()
    assert "2004: 无变化" in output and "2026: 无变化" in output
    assert "完成:0 个年度有变化" in output
    assert announced == []
    assert not AuditEvent.objects.filter(action="calendar_year_set").exists()


def test_load_calendar_restores_a_year_and_is_idempotent(
    announced, django_capture_on_commit_callbacks
):
    CalendarDay.objects.filter(date=D(2025, 10, 11)).delete()  # drifted
    with django_capture_on_commit_callbacks(execute=True):
        first = run_load("--year", "2025")
        second = run_load("--year", "2025")
    assert "2025: 已更新(新增 1" in first
    assert "2025: 无变化" in second
    assert is_workday(D(2025, 10, 11)) is True
    assert announced == [2025]


def test_load_calendar_skips_a_year_admins_changed_unless_told(catalog_admin):
    day = CalendarDay.objects.get(date=D(2026, 10, 10))
    services.save_day(
        date=day.date, is_workday=True, name="国庆节补班", actor=catalog_admin, day_id=day.pk
    )
    assert "2026: 跳过" in run_load("--year", "2026")
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "国庆节补班"
    assert "2026: 已更新" in run_load("--year", "2026", "--overwrite-admin")
    assert CalendarDay.objects.get(date=D(2026, 10, 10)).name == "国庆节调休"
    assert CalendarYear.objects.get(year=2026).source == CalendarYear.Source.PACKAGE


def test_load_calendar_for_a_year_the_package_lacks_is_an_error():
    with pytest.raises(CommandError, match="没有 2027 年的数据"):
        run_load("--year", "2027")
