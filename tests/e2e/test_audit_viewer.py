"""An inspector reads the audit trail in Chinese, filters it by action and runs the chain check
from the page (real browser)."""

import pytest
from playwright.sync_api import expect

from audit.services import record_event
from tests.conftest import PASSWORD


@pytest.fixture
def trail(transactional_db, make_user):
    inspector = make_user("inspector_e2e", "inspector", first_name="监察甲")
    clerk = make_user("clerk_e2e", "window_clerk", first_name="窗口乙")
    record_event(actor=clerk, obj=clerk, action="claim", note="认领一次")
    record_event(actor=clerk, obj=clerk, action="publish", note="发布一次")
    return inspector


def test_an_inspector_filters_the_trail_and_checks_the_chain(trail, login, page, base_url, shoot):
    login("inspector_e2e", PASSWORD)
    page.goto(f"{base_url}/audit/")
    events = page.get_by_test_id("event")
    expect(events).to_have_count(2)
    expect(page.get_by_test_id("events")).to_contain_text("认领")
    expect(page.get_by_test_id("events")).to_contain_text("发布")
    shoot("trail")
    page.get_by_label("动作").select_option(label="认领")
    page.get_by_role("button", name="筛选").click()
    expect(events).to_have_count(1)
    expect(events.first).to_contain_text("认领")
    shoot("filtered")
    page.get_by_test_id("verify").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("审计链完整")
    expect(page.get_by_test_id("event").first).to_contain_text("校验审计链")
    shoot("verified")
