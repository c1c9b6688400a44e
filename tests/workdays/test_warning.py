"""Admins are told before official working-day data runs out: system check and admin banner."""

import pytest
from django.core.checks import Warning, registry

from tests.workdays.conftest import HOLIDAYS_2027, MAKEUPS_2027, frozen
from workdays.checks import check_official_data
from workdays.models import CalendarYear
from workdays.services import set_year

pytestmark = pytest.mark.django_db

NEAR_END = "工作日历官方数据仅到 2026-12-31,请在国务院公布后录入 2027 年放假安排;此后的期限为暂定。"


def test_the_check_is_registered():
    assert check_official_data in registry.registry.get_checks()


def test_the_check_warns_within_60_days_of_the_end_of_official_data():
    with frozen(2026, 11, 15, 9):
        [warning] = check_official_data(databases=["default"])
    assert isinstance(warning, Warning)
    assert warning.id == "workdays.W001"
    assert warning.msg == NEAR_END
    assert "load_calendar" in warning.hint


def test_the_check_warns_on_the_first_day_of_the_window():
    with frozen(2026, 11, 1, 0, 1):
        assert [w.id for w in check_official_data(databases=["default"])] == ["workdays.W001"]
    with frozen(2026, 10, 31, 23, 59):
        assert check_official_data(databases=["default"]) == []


def test_the_check_is_silent_long_before_the_end():
    with frozen(2026, 3, 1, 9):
        assert check_official_data(databases=["default"]) == []


def test_the_check_warns_when_today_is_already_past_the_data():
    with frozen(2027, 1, 15, 9):
        [warning] = check_official_data(databases=["default"])
    assert "今天已超出" in warning.msg and "2027 年放假安排" in warning.msg


def test_the_check_runs_with_migrate_and_check_database_only():
    # Like Django's own database checks: `manage.py check` without --database stays static.
    with frozen(2026, 11, 15, 9):
        assert check_official_data(databases=None) == []
        ids = [m.id for m in registry.run_checks(databases=["default"])]
    assert "workdays.W001" in ids


def test_entering_the_next_year_silences_the_check(catalog_admin):
    set_year(year=2027, holidays=HOLIDAYS_2027, makeup_workdays=MAKEUPS_2027, actor=catalog_admin)
    with frozen(2026, 11, 15, 9):
        assert check_official_data(databases=["default"]) == []


def test_no_official_data_at_all_is_warned_about():
    CalendarYear.objects.update(official=False)
    with frozen(2026, 3, 1, 9):
        [warning] = check_official_data(databases=["default"])
    assert "没有 2026 年的官方数据" in warning.msg


# --- the banner on every admin page --------------------------------------------------------------


def test_staff_see_the_banner_near_the_end_of_official_data(client, catalog_admin):
    with frozen(2026, 11, 23, 9):
        client.force_login(catalog_admin)
        page = client.get("/admin/").content.decode()
    assert NEAR_END in page
    assert 'id="calendar-warning"' in page
    assert "/admin/workdays/calendaryear/enter/" in page  # the way to fix it
    assert "一章通 OneSeal 管理后台" in page  # the site header is kept


def test_the_banner_shows_on_other_admin_pages_too(client, catalog_admin):
    with frozen(2026, 11, 23, 9):
        client.force_login(catalog_admin)
        page = client.get("/admin/workdays/calendarday/").content.decode()
    assert NEAR_END in page


def test_no_banner_long_before_the_end(client, catalog_admin):
    with frozen(2026, 3, 1, 9):
        client.force_login(catalog_admin)
        page = client.get("/admin/").content.decode()
    assert 'id="calendar-warning"' not in page
    assert "一章通 OneSeal 管理后台" in page


def test_the_banner_says_when_today_is_past_the_data(client, catalog_admin):
    with frozen(2027, 1, 15, 9):
        client.force_login(catalog_admin)
        page = client.get("/admin/").content.decode()
    assert "工作日历官方数据仅到 2026-12-31,今天已超出" in page


def test_the_login_page_shows_no_banner(client):
    with frozen(2026, 11, 23, 9):
        page = client.get("/admin/login/").content.decode()
    assert 'id="calendar-warning"' not in page
