"""An inspector sees a flagged push red on the monitoring page, opens a case from its overdue
record, assigns it and closes it (screenshots under var/screenshots/)."""

import datetime
import io

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accountability.models import Case
from supervision.models import Push


def test_an_inspector_takes_a_late_push_from_red_to_a_closed_case(
    demo, login, page, base_url, shoot
):
    push = Push.objects.filter(department__code="market", status=Push.Status.PUSHED).first()
    # The push's deadline passed two days ago, and the overdue job has run.
    Push.objects.filter(pk=push.pk).update(
        claim_deadline=timezone.now() - datetime.timedelta(days=2)
    )
    call_command("flag_overdue", stdout=io.StringIO())

    login("inspector1")
    page.goto(f"{base_url}/accountability/monitoring/?kind=push&colour=red")
    row = page.locator(f'tr[data-kind=push][data-colour=red]:has-text("{push.decision_number}")')
    expect(row).to_have_count(1)
    expect(row).to_contain_text("已逾期")
    shoot("monitoring-red")

    page.goto(f"{base_url}/accountability/overdue/?kind=push&department=market")
    record = page.locator(f'tr[data-kind=push]:has-text("{push.decision_number}")')
    record.get_by_test_id("open-case").click()
    expect(page.get_by_test_id("source")).to_be_visible()
    page.get_by_label("标题").fill("推送逾期未认领")
    page.get_by_label("案情").fill("市场监管局未在期限内认领")
    page.get_by_test_id("case-form").get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已立案")
    shoot("case-opened")

    form = page.get_by_test_id("assign-form")
    form.get_by_label("部门").select_option("market")
    form.get_by_label("办理期限(工作日)").fill("3")
    form.get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已交办")

    page.get_by_test_id("findings-form").get_by_label("查明情况").fill("联络员休假,无人代岗")
    page.get_by_test_id("findings-form").get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已查明")

    close = page.get_by_test_id("close-form")
    close.get_by_label("处理结果").select_option("interview")
    close.get_by_role("button").click()
    expect(page.get_by_test_id("status")).to_have_text("已结案")
    expect(page.get_by_test_id("outcome")).to_have_text("约谈")
    expect(page.get_by_test_id("steps").locator("tbody tr")).to_have_count(4)
    shoot("case-closed")
    assert Case.objects.get().status == Case.Status.CLOSED
