"""A catalog admin sees the calendar warning and enters next year's arrangement in one form."""

import datetime as dt
import os

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from workdays.services import TZ, is_provisional

HOLIDAYS = "2027-01-01 元旦\n2027-02-06~2027-02-13 春节\n2027-10-01~2027-10-07 国庆节"
WARNING = "工作日历官方数据仅到 2026-12-31,请在国务院公布后录入 2027 年放假安排;此后的期限为暂定。"


@pytest.fixture
def calendar(transactional_db):
    # An earlier live-server test may have flushed the seeded tables: load them the way an
    # operator would.
    with open(os.devnull, "w") as devnull:
        call_command("load_calendar", stdout=devnull)


@pytest.fixture
def november_2026():
    with time_machine.travel(dt.datetime(2026, 11, 23, 9, 0, tzinfo=TZ), tick=True):
        yield


def test_admin_enters_2027_after_the_banner_warns(
    calendar, november_2026, make_user, login, page, base_url
):
    make_user("calendar_admin", "catalog_admin", is_staff=True)
    login("calendar_admin", PASSWORD)
    page.goto(f"{base_url}/admin/")
    banner = page.locator("#calendar-warning")
    expect(banner).to_contain_text(WARNING)

    banner.get_by_role("link", name="录入年度放假安排").click()
    expect(page.locator("h1")).to_have_text("录入年度放假安排")
    expect(page.get_by_label("年度")).to_have_value("2027")
    page.get_by_label("放假日期").fill(HOLIDAYS)
    page.get_by_label("调休上班日期").fill("2027-02-10 春节调休")  # a Wednesday: a mistake
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".errorlist")).to_contain_text(
        "第 1 行:2027-02-10 是周三,本来就上班;调休上班日应为周六或周日。"
    )
    assert is_provisional(dt.date(2027, 2, 8))

    page.get_by_label("调休上班日期").fill("2027-02-14 春节调休\n2027-10-09 国庆节调休")
    page.get_by_role("button", name="保存").click()
    expect(page).to_have_url(f"{base_url}/admin/workdays/calendaryear/")
    expect(page.locator(".messagelist .success")).to_contain_text("已保存 2027 年放假安排")
    expect(page.locator("#calendar-warning")).to_have_count(0)
    assert not is_provisional(dt.date(2027, 2, 8))
