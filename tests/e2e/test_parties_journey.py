"""当事人 in a real browser: a clerk registers an application made by an agent (委托代理人办理,
with the authorisation letter uploaded), sees a wrong phone refused at its field, and finds the
agent, masked, on the case page."""

import pytest
from playwright.sync_api import expect

PERSON_ID = "11010519491231002X"
AGENT_ID = "110105198001011238"
PDF_BYTES = b"%PDF-1.4\n% authorisation letter\n"


@pytest.mark.usefixtures("demo")
def test_a_clerk_registers_an_application_made_by_an_agent(login, page, base_url, shoot):
    login("clerk1")
    page.goto(f"{base_url}/approvals/window/")
    page.get_by_label("事项名称或编码").fill("SC-004")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("picked-item")).to_be_visible()
    page.get_by_label("身份证号码 / 统一社会信用代码").fill(PERSON_ID)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("applicant-found")).to_be_visible()

    page.get_by_label("委托代理人办理").check()
    page.get_by_label("经办人姓名").fill("李经办")
    page.get_by_label("经办人身份证号").fill(AGENT_ID)
    page.get_by_label("经办人电话").fill("abc")
    page.get_by_label("授权委托书", exact=True).set_input_files(
        {"name": "授权委托书.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_test_id("submit-intake").click()
    expect(page.get_by_test_id("error-agent_phone")).to_contain_text("联系电话格式不正确")
    # The cursor is back at the field with the error; the browser forgot the file.
    assert page.evaluate("document.activeElement.name") == "agent_phone"
    shoot("phone-refused")

    page.get_by_label("经办人电话").fill("139 0000 1111")
    page.get_by_label("授权委托书", exact=True).set_input_files(
        {"name": "授权委托书.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
    )
    page.get_by_test_id("submit-intake").click()
    expect(page.get_by_test_id("status")).to_have_text("已登记")
    expect(page.get_by_test_id("party-agent-name")).to_have_text("李经办")
    expect(page.get_by_test_id("party-agent-id")).to_have_text("110105********1238")
    expect(page.get_by_test_id("party-agent-letter")).to_contain_text("授权委托书.pdf")
    shoot("case-page")
