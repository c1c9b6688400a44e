"""Window journeys in a real browser: intake to delivery with 容缺 and the public verification,
a refusal (不予受理), and a correction (一次性告知补正) that ends in acceptance."""

import datetime
import re

import pytest
from playwright.sync_api import expect

SC001 = [
    "食品经营许可申请书",
    "营业执照复印件",
    "与食品经营相适应的主要设备设施布局、操作流程等文件",
    "食品安全管理制度目录",
    "食品安全管理人员身份证明",  # the waivable one
]
WAIVABLE = SC001[-1]
PERSON_ID = "11010519491231002X"


def _switch_user(page, login, username):
    page.context.clear_cookies()
    login(username)


def _intake(page, base_url, *, provided, name="张小三", id_number=PERSON_ID):
    """clerk1 picks SC-001 by its code, looks the applicant up, ticks materials, submits."""
    page.goto(f"{base_url}/approvals/window/")
    page.get_by_label("事项名称或编码").fill("SC-001")
    page.keyboard.press("Enter")  # an exact code goes straight to the item
    expect(page.get_by_test_id("picked-item")).to_contain_text("食品经营许可")
    page.get_by_label("身份证号码 / 统一社会信用代码").fill(id_number)
    page.keyboard.press("Enter")  # Enter looks the applicant up; it never submits
    expect(page.locator(".msg").first).to_contain_text("申请人")
    page.get_by_label("姓名或名称").fill(name)
    page.get_by_label("联系电话").fill("13800000000")
    page.get_by_label("地址").fill("示例县人民路 1 号")
    page.get_by_label("申请内容").fill("在人民路 1 号开办小型餐饮店")
    for material in provided:
        page.get_by_label(f"{material} 已提交").check()


def _submit_intake(page):
    page.get_by_test_id("submit-intake").click()
    expect(page.get_by_test_id("status")).to_have_text("已登记")
    return page.url


@pytest.mark.usefixtures("demo")
def test_intake_with_waiver_to_delivery_and_public_verification(
    login, page, base_url, settings, shoot
):
    settings.SITE_URL = base_url  # the QR link must point at this live server
    login("clerk1")
    _intake(page, base_url, provided=SC001[:4])
    shoot("workbench")
    detail_url = _submit_intake(page)

    # 容缺受理: the waivable missing material, with a supply-by date.
    supply_by = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    accept = page.locator("#action-accept")
    accept.get_by_label(WAIVABLE).check()
    accept.get_by_label("容缺材料补交期限").fill(supply_by)
    page.get_by_test_id("do-accept").click()
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    receipt_number = page.get_by_test_id("receipt-number").inner_text()
    shoot("application-detail")
    assert re.fullmatch(r"SL\d{10}", receipt_number)

    # The printed receipt (受理通知书).
    page.get_by_test_id("doc-receipt").click()
    expect(page.get_by_test_id("doc-title")).to_have_text("受理通知书")
    expect(page.get_by_test_id("doc-receipt-number")).to_have_text(receipt_number)
    expect(page.get_by_test_id("doc-item")).to_contain_text("食品经营许可")
    expect(page.get_by_test_id("doc-materials")).to_contain_text(WAIVABLE)
    expect(page.get_by_test_id("doc-materials")).to_contain_text("容缺受理\uff0c待补交")

    # The reviewer reviews, with the site inspection record SC-001 needs.
    _switch_user(page, login, "reviewer1")
    page.goto(f"{base_url}/approvals/review/")
    page.get_by_role("link", name=receipt_number).click()
    review = page.locator("#action-review")
    review.get_by_label("审查意见").fill("申请材料齐全,经营场所符合要求。")
    review.get_by_label("建议准予许可").check()
    review.get_by_label("现场踏勘记录").fill("现场核查:布局合理,设施齐全。")
    page.get_by_test_id("do-review").click()
    expect(page.get_by_test_id("status")).to_have_text("已审查")

    # The approver approves under the seal.
    _switch_user(page, login, "approver1")
    page.goto(f"{base_url}/approvals/decide/")
    page.get_by_role("link", name=receipt_number).click()
    page.locator("#action-decide").get_by_label("准予行政许可").check()
    page.once("dialog", lambda dialog: dialog.accept())  # 作出决定并用印 asks first
    page.get_by_test_id("do-decide").click()
    expect(page.get_by_test_id("status")).to_have_text("准予许可")
    page.get_by_test_id("doc-decision").click()
    year = datetime.date.today().year
    expect(page.get_by_test_id("doc-title")).to_have_text("准予行政许可决定书")
    expect(page.get_by_test_id("doc-decision-number")).to_have_text(
        re.compile(rf"^示审批〔{year}〕\d+号$")
    )
    expect(page.locator("svg.seal")).to_be_visible()
    expect(page.get_by_test_id("doc-seal")).to_contain_text("行政审批专用章")
    expect(page.locator("svg.qr")).to_be_visible()
    shoot("decision")
    verify_href = page.get_by_test_id("verify-link").get_attribute("href")

    # Delivery is refused while the waived material is outstanding; the name typed stays.
    _switch_user(page, login, "clerk1")
    page.goto(detail_url)
    page.get_by_label("领取人").fill("张小三本人")
    page.get_by_test_id("do-deliver").click()
    expect(page.locator(".msg.error")).to_contain_text("容缺材料尚未补齐,不能出件")
    shoot("deliver-refused")
    expect(page.get_by_label("领取人")).to_have_value("张小三本人")
    page.locator("#action-supply_waived").get_by_label(f"{WAIVABLE} 已提交").check()
    page.get_by_test_id("do-supply-waived").click()
    expect(page.locator(".msg.success")).to_contain_text("容缺材料已补交")
    page.get_by_label("领取人").fill("张小三本人")
    page.get_by_test_id("do-deliver").click()
    expect(page.get_by_test_id("status")).to_have_text("已出件")
    expect(page.get_by_test_id("collected-by")).to_have_text("张小三本人")

    # Anyone scanning the QR code of the decision sees the permit as valid.
    page.context.clear_cookies()
    page.goto(verify_href)
    expect(page.get_by_test_id("verify-status")).to_have_text("有效")
    expect(page.get_by_test_id("verify-holder")).to_have_text("张*三")


@pytest.mark.usefixtures("demo")
def test_refusal_needs_a_reason_and_prints_the_refusal_letter(login, page, base_url):
    login("clerk1")
    _intake(page, base_url, provided=SC001[:1], name="李四", id_number="110101199003070011")
    _submit_intake(page)
    page.on("dialog", lambda dialog: dialog.accept())  # 不予受理 asks first
    page.get_by_test_id("do-refuse").click()  # no reason yet
    expect(page.locator(".msg.error")).to_contain_text("不予受理必须说明理由。")
    expect(page.get_by_test_id("status")).to_have_text("已登记")
    page.locator("#action-refuse").get_by_label("不予受理理由").fill(
        "申请经营场所位于居民住宅楼内,依法不属于可受理范围。"
    )
    page.get_by_test_id("do-refuse").click()
    expect(page.get_by_test_id("status")).to_have_text("不予受理")
    page.get_by_test_id("doc-refusal").click()
    expect(page.get_by_test_id("doc-title")).to_have_text("不予受理决定书")
    expect(page.get_by_test_id("doc-reason")).to_contain_text("依法不属于可受理范围")


@pytest.mark.usefixtures("demo")
def test_correction_notice_lists_every_missing_material_then_acceptance(login, page, base_url):
    login("clerk1")
    _intake(page, base_url, provided=SC001[:2], name="王五", id_number="320102198506151236")
    _submit_intake(page)
    # Every missing material is pre-ticked: one notice (一次性告知).
    correction = page.locator("#action-request_correction")
    for material in SC001[2:]:
        expect(correction.get_by_label(material)).to_be_checked()
    correction.get_by_label("补正说明").fill("请携带原件核验")
    page.get_by_test_id("do-request-correction").click()
    expect(page.get_by_test_id("status")).to_have_text("待补正")

    page.get_by_test_id("doc-correction").click()
    expect(page.get_by_test_id("doc-title")).to_have_text("补正材料通知书")
    for material in SC001[2:]:
        expect(page.get_by_test_id("doc-missing")).to_contain_text(material)
    expect(page.get_by_test_id("doc-missing")).not_to_contain_text(SC001[0])
    page.go_back()

    record = page.locator("#action-record_materials")
    for material in SC001[2:]:
        record.get_by_label(f"{material} 已提交").check()
    page.get_by_test_id("do-record-materials").click()
    expect(page.locator(".msg.success")).to_contain_text("材料已登记")
    page.get_by_test_id("do-accept").click()
    expect(page.get_by_test_id("status")).to_have_text("已受理")
    expect(page.get_by_test_id("receipt-number")).to_have_text(re.compile(r"^SL\d{10}$"))
