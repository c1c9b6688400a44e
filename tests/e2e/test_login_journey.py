"""Each demo role logs in and lands on its home page; a wrong password shows a Chinese error."""

import pytest
from playwright.sync_api import expect

LANDINGS = [
    ("clerk1", "/approvals/window/", "受理工作台"),
    ("reviewer1", "/approvals/review/", "审查队列"),
    ("approver1", "/approvals/decide/", "审批决定"),
    ("inspector1", "/accountability/", "监察督查"),
    ("liaison_market", "/supervision/inbox/", "推送待认领"),
    ("admin1", "/admin/", "事项与系统管理"),
]


@pytest.mark.parametrize(("username", "path", "heading"), LANDINGS)
def test_demo_role_logs_in_and_lands_home(demo, login, page, base_url, username, path, heading):
    login(username)
    expect(page).to_have_url(f"{base_url}{path}")
    expect(page.locator("h1").first).to_contain_text(heading)


def test_liaison_home_names_the_department(demo, login, page):
    login("liaison_market")
    expect(page.get_by_test_id("department")).to_have_text("县市场监督管理局")


def test_wrong_password_shows_chinese_error(demo, login, page, base_url, tmp_path):
    login("clerk1", "wrong-password")
    expect(page).to_have_url(f"{base_url}/accounts/login/")
    expect(page.get_by_test_id("login-error")).to_have_text("用户名或密码错误,请重新输入。")
    page.screenshot(path=str(tmp_path / "login-error.png"))


def test_logout_returns_to_login(demo, login, page, base_url):
    login("clerk1")
    page.get_by_role("button", name="退出").click()
    expect(page).to_have_url(f"{base_url}/accounts/login/")
