"""函件往来 in the browser: the bureau asks market a 函询 and market's liaison answers it (the
bureau sees the answer); the bureau registers a paper letter with its scan and market's liaison
signs for it. The health liaison cannot open either."""

import re

from playwright.sync_api import expect

from supervision.models import Information, Inquiry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _switch_user(page, login, username):
    page.context.clear_cookies()
    return login(username)


def test_an_inquiry_is_asked_by_the_bureau_and_answered_by_the_liaison(
    demo, login, page, base_url, shoot
):
    _switch_user(page, login, "clerk1")
    page.goto(f"{base_url}/supervision/correspondence/")
    page.get_by_test_id("new-inquiry").click()
    expect(page.get_by_test_id("page-title")).to_have_text("发出函询")
    page.get_by_label("询问部门").select_option(label="县市场监督管理局")
    page.get_by_label("事由").fill("关于城关镇某餐馆的核查情况")
    page.get_by_label("询问内容").fill("请告知该餐馆是否已纳入日常监管。")
    page.get_by_label("回复时限(工作日)").fill("3")
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("status")).to_have_text("待回复")
    inquiry = Inquiry.objects.get(subject="关于城关镇某餐馆的核查情况")
    assert inquiry.reply_days == 3
    detail_url = f"{base_url}/supervision/inquiries/{inquiry.pk}/"

    # Another department's liaison: not found.
    _switch_user(page, login, "liaison_health")
    response = page.goto(detail_url)
    assert response.status == 404

    _switch_user(page, login, "liaison_market")
    page.goto(f"{base_url}/supervision/correspondence/")
    row = page.locator(f"[data-testid=inquiry-row][data-inquiry='{inquiry.pk}']")
    expect(row).to_contain_text("待回复")
    row.get_by_role("link", name="关于城关镇某餐馆的核查情况").click()
    expect(page).to_have_url(detail_url)
    page.get_by_label("回复内容").fill("该餐馆已纳入日常监管,上周已现场检查。")
    page.get_by_test_id("reply").click()
    expect(page.get_by_test_id("status")).to_have_text("已回复")
    shoot("liaison-answered")

    _switch_user(page, login, "clerk1")
    page.goto(detail_url)
    expect(page.get_by_test_id("status")).to_have_text("已回复")
    expect(page.get_by_test_id("message")).to_have_count(1)
    expect(page.get_by_test_id("thread")).to_contain_text("该餐馆已纳入日常监管,上周已现场检查。")
    page.get_by_test_id("close").click()
    expect(page.get_by_test_id("status")).to_have_text("已关闭")
    shoot("bureau-sees-answer")


def test_a_paper_letter_is_registered_with_its_scan_and_claimed_by_the_liaison(
    demo, login, page, base_url, shoot
):
    _switch_user(page, login, "clerk1")
    page.goto(f"{base_url}/supervision/correspondence/")
    page.get_by_test_id("new-paper").click()
    expect(page.get_by_test_id("page-title")).to_have_text("登记纸质件")
    page.get_by_label("纸质件类型").select_option(label="书面公函")
    page.get_by_label("送达部门").select_option(label="县市场监督管理局")
    page.get_by_label("标题").fill("关于移送无证经营线索的公函")
    page.get_by_label("文号").fill("内审函〔2026〕21号")
    page.get_by_label("收发日期").fill("2026-11-30")
    page.get_by_label("扫描件").set_input_files(
        files=[{"name": "scan.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("page-title")).to_contain_text("关于移送无证经营线索的公函")
    expect(page.get_by_test_id("attachment")).to_be_visible()
    info = Information.objects.get(title="关于移送无证经营线索的公函")
    assert info.channel == "paper" and info.attachment
    detail_url = f"{base_url}/supervision/correspondence/{info.pk}/"
    shoot("paper-registered")

    _switch_user(page, login, "liaison_market")
    page.goto(f"{base_url}/supervision/correspondence/")
    row = page.locator(f"[data-testid=information-row][data-information='{info.pk}']")
    expect(row.get_by_test_id("unread")).to_be_visible()
    expect(row).to_contain_text("待签收")
    row.get_by_role("link", name="关于移送无证经营线索的公函").click()
    expect(page).to_have_url(detail_url)
    expect(page.get_by_test_id("receipts")).to_contain_text(re.compile("联络员"))
    page.get_by_test_id("claim").click()
    expect(page.get_by_test_id("claimed")).to_contain_text("联络员")
    expect(page.get_by_test_id("claim")).to_have_count(0)
    shoot("liaison-claimed")
    info.refresh_from_db()
    assert info.claimed_at is not None

    _switch_user(page, login, "liaison_health")
    assert page.goto(detail_url).status == 404
