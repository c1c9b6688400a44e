"""审管衔接 in the browser: a permit for 娱乐场所经营许可 (WL-001, supervised by both the culture
and the public-security departments in the demo catalog) is approved at the bureau; each
department's liaison sees exactly its own push in 待认领, claims it and gives feedback; neither
can open the other's push."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from approvals import services as approvals
from approvals.models import Applicant
from catalog.models import Item
from supervision.models import Push

DEPARTMENTS = ("culture", "public_security")


@pytest.fixture
def approved(demo):
    """WL-001 approved through the services, as clerk1 / reviewer1 / approver1 would do it at
    their counters (their own browser journeys are tested elsewhere)."""
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
        opinion="材料齐全,场所符合要求",
        recommendation="approve",
        site_inspection="已现场踏勘,消防通道畅通",
    )
    decision = approvals.decide(application_id=app.pk, approver=approver, approve=True)
    pushes = {p.department.code: p for p in decision.pushes.select_related("department")}
    assert set(pushes) == set(DEPARTMENTS)
    return decision, pushes


def _switch_user(page, login, username):
    page.context.clear_cookies()
    return login(username)


def test_each_liaison_claims_and_feeds_back_only_their_own_push(
    approved, login, page, base_url, shoot
):
    decision, pushes = approved
    for code in DEPARTMENTS:
        mine = pushes[code]
        other = pushes[next(c for c in DEPARTMENTS if c != code)]
        _switch_user(page, login, f"liaison_{code}")
        expect(page).to_have_url(f"{base_url}/supervision/inbox/")

        # 待认领 holds exactly this department's push, ID number masked, with its countdown.
        expect(page.locator("[data-tab=to_claim] .sv-count")).to_have_text("1")
        rows = page.get_by_test_id("push-row")
        expect(rows).to_have_count(1)
        row = rows.first
        expect(row).to_have_attribute("data-push", str(mine.pk))
        expect(row).to_contain_text(decision.number)
        expect(row).to_contain_text("娱乐场所经营许可")
        expect(row).to_contain_text("440305********1236")
        expect(row.get_by_test_id("countdown")).to_have_text(
            re.compile(r"剩余 \d 个工作日|今日到期")
        )
        if code == DEPARTMENTS[0]:
            shoot("inbox-to-claim")

        # Claim from the list.
        row.get_by_test_id("claim").click()
        page.wait_for_load_state()
        expect(page.locator(".messages")).to_contain_text("已认领")
        expect(page.get_by_test_id("push-row")).to_have_count(0)
        expect(page.locator("[data-tab=claimed] .sv-count")).to_have_text("1")

        # Feedback on the detail page, where the full ID number is shown.
        page.goto(f"{base_url}/supervision/pushes/{mine.pk}/")
        expect(page.get_by_test_id("holder-id")).to_contain_text("440305199003071236")
        expect(page.get_by_test_id("status")).to_have_text("已认领")
        page.get_by_label("处置结果").fill("已纳入日常监管名录,安排首次检查")
        page.get_by_role("button", name="提交处置结果").click()
        page.wait_for_load_state()
        expect(page.locator(".messages")).to_contain_text("处置结果已反馈。")
        expect(page.get_by_test_id("status")).to_have_text("已反馈")
        expect(page.get_by_test_id("feedback")).to_contain_text("已纳入日常监管名录")

        # The other department's push: the same 404 as a missing one (the demo runs with
        # DEBUG on, so this is Django's debug 404 page), and none of its data.
        response = page.goto(f"{base_url}/supervision/pushes/{other.pk}/")
        assert response.status == 404
        missing = page.request.get(f"{base_url}/supervision/pushes/999999/")
        assert missing.status == 404
        expect(page.locator("body")).not_to_contain_text("440305199003071236")
        expect(page.locator("body")).not_to_contain_text(other.decision_number)

    statuses = set(Push.objects.filter(decision=decision).values_list("status", flat=True))
    assert statuses == {Push.Status.FEEDBACK_GIVEN}


def test_the_claimed_tab_after_a_claim(approved, login, page, base_url, shoot):
    """After a claim the push leaves 待认领 and is the one row of 已认领, marked 已认领, with its
    detail page one click away (screenshots of both under var/screenshots/)."""
    _decision, pushes = approved
    _switch_user(page, login, "liaison_culture")
    page.get_by_test_id("claim").first.click()
    page.wait_for_load_state()
    expect(page.locator("[data-tab=to_claim] .sv-count")).to_have_text("0")
    page.goto(f"{base_url}/supervision/inbox/?tab=claimed")
    rows = page.get_by_test_id("push-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-push", str(pushes["culture"].pk))
    expect(rows.first).to_contain_text("已认领")
    shoot("inbox-claimed")
    page.goto(f"{base_url}/supervision/pushes/{pushes['culture'].pk}/")
    expect(page.get_by_test_id("status")).to_have_text("已认领")
    shoot("push-detail")
