"""A push flagged overdue by the job shows as overdue in the liaison's inbox and in the
inspector's lists, even when the job ran with --as-of ahead of the clock (before/after
screenshots under var/screenshots/)."""

import datetime
import io

from django.core.management import call_command
from playwright.sync_api import expect

from supervision.models import Push


def _switch(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_a_flagged_push_is_marked_in_the_inbox_and_the_inspectors_list(
    demo, login, page, base_url, shoot
):
    push = Push.objects.get(department__code="market", status=Push.Status.PUSHED)
    login("liaison_market")
    page.goto(f"{base_url}/supervision/inbox/")
    expect(page.locator("[data-tab=overdue] .sv-count")).to_have_text("0")
    shoot("inbox-before")
    _switch(page, login, "inspector1")
    page.goto(f"{base_url}/accountability/")
    expect(page.get_by_test_id("overdue-records")).to_contain_text("暂无逾期记录")

    # The job, as the beat runs it, at a moment a day past the claim deadline (the real clock
    # is still before it: the pages must show what was flagged all the same).
    moment = push.claim_deadline + datetime.timedelta(days=1)
    # The demo's other unclaimed pushes (another department's) are flagged by the same run.
    due = Push.objects.filter(status=Push.Status.PUSHED, claim_deadline__lt=moment).count()
    assert due >= 1
    out = io.StringIO()
    call_command("flag_overdue", "--as-of", moment.isoformat(), stdout=out)
    assert f"pushes={due}" in out.getvalue(), out.getvalue()
    push.refresh_from_db()
    assert push.overdue_flagged_at is not None

    page.goto(f"{base_url}/accountability/")
    records = page.get_by_test_id("overdue-records")
    expect(records.locator("tr[data-kind=push]")).to_have_count(due)
    expect(records).to_contain_text(push.decision_number)
    expect(records).to_contain_text(push.department.name)
    shoot("inspector-after")

    _switch(page, login, "liaison_market")
    page.goto(f"{base_url}/supervision/inbox/")
    expect(page.locator("[data-tab=overdue] .sv-count")).to_have_text("1")
    page.goto(f"{base_url}/supervision/inbox/?tab=overdue")
    row = page.get_by_test_id("push-row")
    expect(row).to_have_count(1)
    expect(row.first).to_have_attribute("data-push", str(push.pk))
    shoot("inbox-after")
