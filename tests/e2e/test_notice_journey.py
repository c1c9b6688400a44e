"""Notices in a real browser: a refused case and a corrected case each print a sealed, numbered
notice (行政许可法 第三十二条), listed in the case page's archive with its number and hash, and
its PDF is the stored copy (the same bytes on every print)."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_window_journey import SC001, _intake, _submit_intake

YEAR = datetime.date.today().year


def _pdf_twice(page, locator):
    href = locator.get_attribute("href")
    first = page.request.get(href)
    second = page.request.get(href)
    assert first.status == 200 and first.headers["content-type"] == "application/pdf"
    assert first.body().startswith(b"%PDF-") and first.body() == second.body()


@pytest.mark.usefixtures("demo")
def test_a_refused_case_prints_a_sealed_numbered_refusal(login, page, base_url, shoot):
    login("clerk1")
    _intake(page, base_url, provided=SC001[:1], name="李四", id_number="110101199003070011")
    detail_url = _submit_intake(page)
    page.locator("#action-refuse").get_by_label("不予受理理由").fill(
        "申请经营场所位于居民住宅楼内,依法不属于可受理范围。"
    )
    page.once("dialog", lambda dialog: dialog.accept())  # 不予受理 asks first
    page.get_by_test_id("do-refuse").click()
    expect(page.get_by_test_id("status")).to_have_text("不予受理")
    number = re.compile(rf"^示审不受〔{YEAR}〕\d+号$")
    expect(page.get_by_test_id("doc-refusal-number")).to_have_text(number)
    shoot("case-archive")
    _pdf_twice(page, page.get_by_test_id("doc-refusal-pdf"))

    page.get_by_test_id("doc-refusal").click()
    expect(page.get_by_test_id("doc-title")).to_have_text("不予受理决定书")
    expect(page.get_by_test_id("doc-number")).to_have_text(number)
    expect(page.get_by_test_id("document")).not_to_contain_text("登记号")
    expect(page.locator("svg.seal")).to_be_visible()
    expect(page.get_by_test_id("doc-seal")).to_contain_text("行政审批专用章")
    expect(page.get_by_test_id("doc-date")).to_have_text(re.compile(rf"^{YEAR}年\d+月\d+日$"))
    shoot("refusal-notice")
    first = page.content()
    page.reload()
    assert page.content() == first  # the stored copy, again
    page.goto(detail_url)


@pytest.mark.usefixtures("demo")
def test_a_corrected_case_prints_its_numbered_notice_then_its_receipt(login, page, base_url, shoot):
    login("clerk1")
    _intake(page, base_url, provided=SC001[:2], name="王五", id_number="320102198506151236")
    _submit_intake(page)
    page.locator("#action-request_correction").get_by_label("补正说明").fill("请携带原件核验")
    page.get_by_test_id("do-request-correction").click()
    expect(page.get_by_test_id("status")).to_have_text("待补正")

    page.get_by_test_id("doc-correction").click()
    expect(page.get_by_test_id("doc-title")).to_have_text("补正材料通知书")
    expect(page.get_by_test_id("doc-number")).to_have_text(re.compile(rf"^示审补〔{YEAR}〕\d+号$"))
    expect(page.get_by_test_id("doc-missing")).to_contain_text(SC001[2])
    expect(page.locator("svg.seal")).to_be_visible()
    shoot("correction-notice")
    page.go_back()

    record = page.locator("#action-record_materials")
    for material in SC001[2:]:
        record.get_by_label(f"{material} 已提交").check()
    page.get_by_test_id("do-record-materials").click()
    page.get_by_test_id("do-accept").click()
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    # the archive lists both notices, each with its number; the correction notice is unchanged
    expect(page.get_by_test_id("doc-receipt-number")).to_have_text(
        re.compile(rf"^示审受〔{YEAR}〕\d+号$")
    )
    expect(page.get_by_test_id("doc-correction-number")).to_be_visible()
    shoot("case-archive")
    _pdf_twice(page, page.get_by_test_id("doc-receipt-pdf"))
    page.get_by_test_id("doc-correction").click()
    expect(page.get_by_test_id("doc-missing")).to_contain_text(SC001[2])
