"""The Content-Security-Policy holds in a real browser: every role's pages load, their buttons
and the print button work, and the browser reports no violation (no inline script anywhere)."""

import pytest
from playwright.sync_api import expect

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + e.sourceFile);
});
"""

PAGES = {
    "clerk1": ["/approvals/window/", "/approvals/applications/"],
    "reviewer1": ["/approvals/review/"],
    "approver1": ["/approvals/decide/"],
    "liaison_market": ["/supervision/inbox/", "/supervision/reports/"],
    "inspector1": ["/accountability/", "/supervision/inbox/"],
    "admin1": ["/admin/", "/admin/catalog/item/", "/api/docs/"],
}


@pytest.fixture
def watched(page):
    page.add_init_script(COLLECT)
    return page


@pytest.mark.parametrize("username", list(PAGES))
def test_no_page_of_a_role_breaks_the_policy(demo, login, watched, base_url, username):
    login(username)
    for path in PAGES[username]:
        response = watched.goto(f"{base_url}{path}")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
        watched.wait_for_load_state("networkidle")
        assert watched.evaluate("window.__csp") == [], path


def test_the_public_catalog_and_a_printable_notice_keep_the_policy(demo, watched, base_url):
    watched.goto(f"{base_url}/catalog/")
    watched.locator("a[href^='/catalog/']").nth(1).click()
    watched.wait_for_load_state()
    assert watched.evaluate("window.__csp") == []


def test_a_form_is_sent_once_however_often_it_is_clicked(demo, watched, base_url):
    """static/js/oneseal.js: the second click while the first submit is on its way does
    nothing (the button is disabled). The login form, held back from leaving the page."""
    watched.goto(f"{base_url}/accounts/login/")
    watched.get_by_label("用户名").fill("clerk1")
    watched.get_by_label("密码").fill("demo12345")
    watched.evaluate(
        "document.querySelector('main form[method=post]').addEventListener('submit',"
        " function (e) { window.__sent = (window.__sent || 0) + 1; e.preventDefault(); })"
    )
    button = watched.get_by_role("button", name="登录")
    button.click()
    button.click(force=True)
    expect(button).to_be_disabled()
    assert watched.evaluate("window.__sent") == 1
    assert watched.evaluate("window.__csp") == []
