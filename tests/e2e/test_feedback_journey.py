"""Issue 14, feedback, in the browser: the culture liaison claims a push, gives interim feedback
(处置中: the push stays open), then the final one (处置完毕): the push shows 已办结 and takes no
more feedback. The bureau's window closes a claimed report as 已知悉 from its page."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from approvals import services as approvals
from approvals.models import Applicant
from catalog.models import Item
from supervision import services
from supervision.models import Push, SupervisionReport


@pytest.fixture
def approved(demo):
    """WL-001 approved through the services (the counters' journeys are tested elsewhere)."""
    users = {u.username: u for u in get_user_model().objects.filter(username__endswith="1")}
    clerk, reviewer, approver = users["clerk1"], users["reviewer1"], users["approver1"]
    version = Item.objects.get(code="WL-001").published_version
    applicant = approvals.register_applicant(
        actor=clerk,
        kind=Applicant.Kind.PERSON,
        name="周反馈",
        id_number="440305199003071236",
        phone="13900000001",
        address="示例县文化路 9 号",
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
    return decision, decision.pushes.get(department__code="culture")


def test_a_liaison_claims_gives_interim_then_final_feedback_and_the_push_is_closed(
    approved, login, page, base_url, shoot
):
    _decision, push = approved
    login("liaison_culture")
    page.goto(f"{base_url}/supervision/pushes/{push.pk}/")
    page.get_by_test_id("claim").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("status")).to_have_text("已认领")
    expect(page.get_by_test_id("feedback-deadline")).to_be_visible()

    # Interim: 处置中 is the default; the push stays open for more.
    page.get_by_label("处置结果", exact=True).fill("已约谈经营者,限期整改消防标识")
    page.get_by_role("button", name="提交处置结果").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("status")).to_have_text("已反馈")
    expect(page.get_by_test_id("feedback-thread")).to_contain_text("处置中")
    expect(page.get_by_test_id("feedback-form")).to_be_visible()

    # Final: 处置完毕 with its result closes the push.
    page.get_by_role("radio", name="处置完毕").check()
    page.get_by_label("处置结果", exact=True).fill("复查合格")
    page.get_by_label("办结结论(处置完毕时填写,可选)").fill("纳入日常监管")
    page.get_by_role("button", name="提交处置结果").click()
    page.wait_for_load_state()
    expect(page.locator(".messages")).to_contain_text("已办结")
    expect(page.get_by_test_id("status")).to_have_text("已办结")
    expect(page.get_by_test_id("closed")).to_contain_text("已办结")
    expect(page.get_by_test_id("feedback-thread").locator("li")).to_have_count(2)
    expect(page.get_by_test_id("feedback-form")).to_have_count(0)
    shoot("push-closed")
    assert Push.objects.get(pk=push.pk).status == Push.Status.CLOSED


def test_the_bureau_closes_a_report_as_acknowledged(approved, login, page, base_url, shoot):
    decision, _push = approved
    users = get_user_model().objects.in_bulk(["clerk1", "liaison_culture"], field_name="username")
    report = services.create_report(
        user=users["liaison_culture"],
        permit_number=decision.permit.number,
        kind="other",
        decision_number="示文旅监〔2026〕3号",
        decision_date=datetime.date.today(),
        summary="日常检查发现未公示许可证,已当场改正",
    )
    services.claim_report(report_id=report.pk, user=users["clerk1"])
    login("clerk1")
    page.goto(f"{base_url}/supervision/reports/{report.pk}/")
    page.get_by_role("radio", name="已知悉").check()
    page.get_by_label("说明").fill("已知悉,无需对证件采取措施")
    page.get_by_test_id("close-report").click()
    page.wait_for_load_state()
    expect(page.get_by_test_id("report-closed")).to_contain_text("已知悉")
    expect(page.get_by_test_id("close-form")).to_have_count(0)
    shoot("report-acknowledged")
    assert SupervisionReport.objects.get(pk=report.pk).close_outcome == "acknowledged"
