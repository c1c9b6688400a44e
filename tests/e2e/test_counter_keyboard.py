"""The window clerk with a queue: item search to printed receipt from the keyboard alone
(page.keyboard only: no click(), no mouse), and the accepted case fits one 1366×768 screen."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DEMO_PASSWORD

SC001 = "食品经营许可"
PERSON_ID = "110101199003070011"
SCREEN = {"width": 1366, "height": 768}
# "Printed": the receipt page's print button is reached and pressed; the browser's print dialog
# is stubbed (headless chromium has none) and counts the calls.
PRINT_STUB = "window.__printed = 0; window.print = function () { window.__printed += 1; };"


def focused(page, attr="id"):
    return page.evaluate(f"document.activeElement && document.activeElement.getAttribute('{attr}')")


def wait_focused(page, element_id):
    """The browser applies `autofocus` at its next rendering step, after the load event that
    `goto` waits for: wait for the focus before typing, or the first keys are lost."""
    expect(page.locator(f"#{element_id}")).to_be_focused()


def tab_until(page, predicate, limit=40):
    """Tab forward until the focused element satisfies predicate(page); fail after `limit`."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if predicate(page):
            return
    raise AssertionError(f"not reached in {limit} Tab presses")


def keyboard_login(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    wait_focused(page, "id_username")
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_test_id("current-user")).to_be_visible()


def within_screen(page, locator):
    box = locator.bounding_box()
    assert box is not None, locator
    assert box["y"] >= 0 and box["y"] + box["height"] <= SCREEN["height"], (locator, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= SCREEN["width"], (locator, box)
    return box


@pytest.mark.usefixtures("demo")
def test_a_clerk_takes_a_case_from_item_search_to_printed_receipt_by_keyboard(
    page, base_url, shoot
):
    page.set_viewport_size(SCREEN)
    page.add_init_script(PRINT_STUB)
    keyboard_login(page, base_url, "clerk1")
    page.goto(f"{base_url}/approvals/window/")

    # 1. The item: the cursor is in the search; type, Enter, pick the result by its number.
    wait_focused(page, "item-q")
    page.keyboard.type("食品经营")
    page.keyboard.press("Enter")
    results = page.get_by_test_id("item-results")
    expect(results).to_be_visible()
    wait_focused(page, "item-pick-1")
    codes = results.locator("tbody tr td.mono").all_inner_texts()
    number = codes.index("SC-001") + 1
    assert 1 <= number <= 9
    if number > 1:  # the arrows walk the list too
        page.keyboard.press("ArrowDown")
        wait_focused(page, "item-pick-2")
        page.keyboard.press("ArrowUp")
    page.keyboard.press(str(number))
    expect(page.get_by_test_id("picked-item")).to_contain_text(SC001)

    # 2. The applicant: the cursor is on the ID field; Enter looks up; not found → the name.
    wait_focused(page, "id_id_number")
    page.keyboard.type(PERSON_ID)
    page.keyboard.press("Enter")
    expect(page.locator(".msg").first).to_contain_text("未找到该申请人")
    wait_focused(page, "id_name")
    page.keyboard.type("李四")
    page.keyboard.press("Tab")
    wait_focused(page, "id_phone")
    page.keyboard.type("13800000000")
    page.keyboard.press("Tab")
    page.keyboard.type("示例县人民路 1 号")
    tab_until(page, lambda p: focused(p) == "id_content")
    page.keyboard.type("在人民路 1 号开办小型餐饮店")

    # 3. Materials: Tab to each checkbox, Space ticks it.
    boxes = page.locator("#intake-form input[type=checkbox][name^=provided_]")
    for index in range(boxes.count()):
        tab_until(page, lambda p: (focused(p, "name") or "").startswith("provided_"))
        page.keyboard.press("Space")
        expect(boxes.nth(index)).to_be_checked()

    shoot("workbench")

    # 4. 登记申请 by its shortcut, shown on the button.
    expect(page.get_by_test_id("submit-intake")).to_contain_text("Alt+J")
    page.keyboard.press("Alt+KeyJ")
    expect(page.get_by_test_id("status")).to_have_text("已登记")

    # 5. 受理 by its shortcut; the case page at 1366×768 shows status, deadline, next action.
    expect(page.get_by_test_id("do-accept")).to_contain_text("Alt+A")
    within_screen(page, page.get_by_test_id("status"))
    within_screen(page, page.get_by_test_id("do-accept"))  # the next action, before accepting
    page.keyboard.press("Alt+KeyA")
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    expect(page.get_by_test_id("receipt-number")).to_have_text(re.compile(r"^SL\d{10}$"))
    assert page.evaluate("window.scrollY") == 0
    within_screen(page, page.get_by_test_id("status"))
    within_screen(page, page.get_by_test_id("due"))
    next_action = page.locator(".detail-side > section.card, .detail-side > details").first
    within_screen(page, next_action)
    within_screen(page, page.get_by_test_id("print-latest"))
    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"accepted case page: {height} px tall at 1366×768")
    page.screenshot(path=str(shoot("accepted-case").with_name("accepted-case-screen.png")))

    # 6. Print the 受理通知书: Alt+P opens it, Tab reaches 打印, Enter prints.
    page.keyboard.press("Alt+KeyP")
    expect(page.get_by_test_id("doc-title")).to_have_text("受理通知书")
    tab_until(page, lambda p: p.evaluate("document.activeElement.hasAttribute('data-print')"))
    page.keyboard.press("Enter")
    assert page.evaluate("window.__printed") == 1
    shoot("receipt")


@pytest.mark.usefixtures("demo")
def test_refusal_asks_first_and_a_cancelled_question_sends_nothing(page, base_url):
    page.set_viewport_size(SCREEN)
    keyboard_login(page, base_url, "clerk1")
    page.goto(f"{base_url}/approvals/window/")
    wait_focused(page, "item-q")
    page.keyboard.type("SC-001")
    page.keyboard.press("Enter")  # an exact code goes straight to the item
    expect(page.get_by_test_id("picked-item")).to_contain_text(SC001)
    wait_focused(page, "id_id_number")
    page.keyboard.type("320102198506151236")
    page.keyboard.press("Enter")
    expect(page.locator(".msg").first).to_contain_text("未找到该申请人")
    wait_focused(page, "id_name")
    page.keyboard.type("王五")
    page.keyboard.press("Alt+KeyJ")
    expect(page.get_by_test_id("status")).to_have_text("已登记")

    questions = []
    answers = iter([False, True])

    def answer(dialog):
        questions.append(dialog.message)
        dialog.accept() if next(answers) else dialog.dismiss()

    page.on("dialog", answer)
    reason = page.locator("#action-refuse textarea, #action-refuse input[type=text]").first
    reason.focus()
    page.keyboard.type("经营场所位于居民住宅楼内,依法不属于可受理范围。")
    tab_until(page, lambda p: focused(p, "data-testid") == "do-refuse")
    page.keyboard.press("Enter")  # asked, cancelled: nothing sent, the form stays usable
    assert len(questions) == 1 and "不予受理" in questions[0]
    expect(page.get_by_test_id("status")).to_have_text("已登记")
    assert page.locator("#action-refuse form").get_attribute("data-submitted") is None
    page.keyboard.press("Enter")  # asked again, confirmed: refused
    expect(page.get_by_test_id("status")).to_have_text("不予受理")
    assert len(questions) == 2
