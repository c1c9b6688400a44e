"""A later decision in the browser: approver1 starts a 责令停产停业 (suspension) ex officio on
the permit page, reviewer1 reviews it from the procedure queue, approver1 decides it under the
seal; the permit page, the API and the public /verify/ page say `suspended`; then the holder asks
at the window (clerk1) to lift it, and after review and decision the permit is valid again."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from approvals import services as approvals
from approvals.models import Applicant, Permit, PermitProcedure
from approvals.verification import verify_path
from catalog.models import Item


@pytest.fixture
def permit(demo):
    users = {u.username: u for u in get_user_model().objects.filter(username__endswith="1")}
    clerk, reviewer, approver = users["clerk1"], users["reviewer1"], users["approver1"]
    version = Item.objects.get(code="WL-001").published_version
    applicant = approvals.register_applicant(
        actor=clerk,
        kind=Applicant.Kind.PERSON,
        name="李娱乐",
        id_number="440305199003071236",
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
        site_inspection="已现场踏勘",
    )
    decision = approvals.decide(application_id=app.pk, approver=approver, approve=True)
    return Permit.objects.get(pk=decision.permit_id)


def _as(page, login, username):
    page.context.clear_cookies()
    return login(username)


def _review_and_decide(page, login, base_url, procedure):
    page = _as(page, login, "reviewer1")
    page.goto(f"{base_url}/approvals/procedures/")
    page.get_by_role("link", name=f"#{procedure.pk}", exact=True).click()
    page.get_by_label("建议作出决定").check()
    page.get_by_label("审查意见").fill("经核查属实")
    page.get_by_test_id("do-review").click()
    expect(page.get_by_test_id("procedure-status")).to_have_text("待决定")
    page = _as(page, login, "approver1")
    page.goto(f"{base_url}/approvals/procedures/")
    page.get_by_role("link", name=f"#{procedure.pk}", exact=True).click()
    page.locator("#action-decide").get_by_label("作出决定", exact=True).check()
    page.get_by_test_id("do-decide").click()
    expect(page.get_by_test_id("procedure-status")).to_have_text("已决定")
    return page


def test_suspend_then_reinstate_in_the_browser(permit, login, page, base_url, shoot):
    page = login("approver1")
    page.goto(f"{base_url}/approvals/permits/{permit.number}/")
    expect(page.get_by_test_id("permit-status")).to_have_attribute("data-status", "valid")
    form = page.get_by_test_id("start-form")
    form.get_by_label("决定类型", exact=True).select_option("suspend")
    form.get_by_label("来源", exact=True).select_option("ex_officio")
    form.get_by_label("事由", exact=True).fill("消防通道堵塞,责令停产停业整顿一个月")
    page.get_by_test_id("do-start").click()
    expect(page.get_by_test_id("procedure-status")).to_have_text("待审查")
    shoot("started")
    procedure = PermitProcedure.objects.get(permit=permit, kind="suspend")

    page = _review_and_decide(page, login, base_url, procedure)
    number = page.get_by_test_id("procedure-decision-number").inner_text()
    assert number.startswith("示审批")
    shoot("decided")
    page.goto(f"{base_url}/approvals/permits/{permit.number}/")
    expect(page.get_by_test_id("permit-status")).to_have_attribute("data-status", "suspended")
    expect(page.get_by_test_id("decision-suspend")).to_be_visible()
    shoot("permit-suspended")

    page.context.clear_cookies()
    page.goto(f"{base_url}{verify_path(permit.number)}")
    expect(page.get_by_test_id("verify-warning")).to_contain_text("停产停业")
    shoot("verify-suspended")

    page = _as(page, login, "clerk1")
    page.goto(f"{base_url}/approvals/permits/{permit.number}/")
    form = page.get_by_test_id("start-form")
    form.get_by_label("决定类型", exact=True).select_option("reinstate")
    form.get_by_label("来源", exact=True).select_option("window")
    form.get_by_label("事由", exact=True).fill("整改完毕,申请恢复")
    page.get_by_test_id("do-start").click()
    reinstate = PermitProcedure.objects.get(permit=permit, kind="reinstate")
    page = _review_and_decide(page, login, base_url, reinstate)
    page.goto(f"{base_url}/approvals/permits/{permit.number}/")
    expect(page.get_by_test_id("permit-status")).to_have_attribute("data-status", "valid")
    shoot("permit-valid-again")
