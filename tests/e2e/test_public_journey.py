"""The public side in the browser: an applicant looks a delivered case up on /progress/ (no
login), rates it 不满意 with a comment; the follow-up appears at once for the bureau: an
inspector logs in, sees it in 好差评回访 and its notification, records the call-back and the
rectification; the applicant's next lookup shows the outcome."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from approvals import services as approvals
from approvals.models import Applicant
from catalog.models import Item

ID_NUMBER = "440305199003071236"


@pytest.fixture
def delivered(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__endswith="1")}
    clerk, reviewer, approver = users["clerk1"], users["reviewer1"], users["approver1"]
    version = Item.objects.get(code="WL-001").published_version
    applicant = approvals.register_applicant(
        actor=clerk,
        kind=Applicant.Kind.PERSON,
        name="李娱乐",
        id_number=ID_NUMBER,
        phone="13900000000",
        address="示例县文化路 8 号",
    )
    app = approvals.submit(
        clerk=clerk,
        item_version=version,
        applicant=applicant,
        provided={m.pk: True for m in version.materials.all()},
        content="开办 KTV 一处",
    )
    approvals.accept(application_id=app.pk, clerk=clerk)
    approvals.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="材料齐全",
        recommendation="approve",
        site_inspection="已踏勘",
    )
    approvals.decide(application_id=app.pk, approver=approver, approve=True)
    return approvals.deliver(application_id=app.pk, clerk=clerk, collected_by="李娱乐")


def _look_up(page, base_url, receipt):
    page.goto(f"{base_url}/progress/")
    page.get_by_label("受理编号").fill(receipt)
    page.get_by_label("申请人证件号码后 4 位").fill(ID_NUMBER[-4:])
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()


def test_applicant_rates_dissatisfied_and_the_bureau_follows_up(
    delivered, login, page, base_url, shoot
):
    receipt = delivered.receipt_number
    _look_up(page, base_url, receipt)
    expect(page.get_by_test_id("progress-status")).to_have_text("已出件")
    expect(page.locator("body")).not_to_contain_text("李娱乐")
    shoot("1-progress")

    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("意见或建议(可不填)").fill("排队等候时间太长")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("rate-done")).to_contain_text("不满意")
    expect(page.get_by_test_id("followup-promise")).to_be_visible()
    shoot("2-rated")

    login("inspector1")
    page.goto(f"{base_url}/oversight/followups/")
    row = page.get_by_test_id("followup-row").filter(has_text=receipt)
    expect(row).to_contain_text("不满意")
    expect(row).to_contain_text("待回访")
    shoot("3-inspector-list")
    row.get_by_role("link", name=receipt).click()
    page.get_by_label("回访情况").fill("已电话回访,申请人反映取号后等候 40 分钟")
    page.get_by_role("button", name="保存回访情况").click()
    expect(page.get_by_test_id("followup-status")).to_contain_text("已回访")
    page.get_by_label("整改结果").fill("高峰时段增开一个综合受理窗口")
    page.get_by_role("button", name="办结").click()
    expect(page.get_by_test_id("followup-status")).to_have_text("已办结")
    shoot("4-closed")

    page.context.clear_cookies()
    _look_up(page, base_url, receipt)
    expect(page.get_by_test_id("followup-outcome")).to_contain_text("增开一个综合受理窗口")
    expect(page.get_by_test_id("rating-form")).to_have_count(0)
    shoot("5-outcome-for-the-rater")
