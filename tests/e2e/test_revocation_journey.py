"""A revocation from a penalty report, end to end in the browser (issue 12's journey).

道路货物运输经营许可 (JT-001) is supervised by the transport department in the catalog. Its
liaison returns the push as not theirs; the bureau re-routes it to the emergency department,
which claims it and later reports a penalty. The approver claims the report and starts a
撤销 procedure from it; a reviewer reviews; the approver (not the reviewer) decides under the
seal and prints the sealed, numbered 撤销行政许可决定书. The decision is pushed to the department
the permit is routed to NOW (emergency), not back to transport, and its liaison sees 撤销 in the
inbox, on the push page and in the CSV."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from approvals import services as approvals
from approvals.models import Applicant, Decision, PermitProcedure
from catalog.models import Department, Item
from supervision import services as supervision
from supervision.models import Push, SupervisionReport


@pytest.fixture
def routed_permit(demo):
    """JT-001 approved through the services, its push returned by transport and re-routed to
    emergency, claimed there, and a penalty report filed by emergency's liaison."""
    users = {u.username: u for u in get_user_model().objects.all()}
    clerk, reviewer, approver = users["clerk1"], users["reviewer1"], users["approver1"]
    version = Item.objects.get(code="JT-001").published_version
    applicant = approvals.register_applicant(
        actor=clerk,
        kind=Applicant.Kind.ORGANIZATION,
        name="示例县顺达货运有限公司",
        id_number="91330100799655058B",
        phone="13800001111",
        address="示例县物流园 3 号",
    )
    app = approvals.submit(
        clerk=clerk,
        item_version=version,
        applicant=applicant,
        provided={m.pk: True for m in version.materials.all()},
        content="道路普通货物运输",
    )
    approvals.accept(application_id=app.pk, clerk=clerk)
    approvals.review(
        application_id=app.pk, reviewer=reviewer, opinion="符合条件", recommendation="approve"
    )
    decision = approvals.decide(application_id=app.pk, approver=approver, approve=True)
    (push,) = decision.pushes.all()
    assert push.department.code == "transport"
    supervision.return_push(
        push_id=push.pk, user=users["liaison_transport"], reason="该企业由应急管理部门监管,非本单位"
    )
    emergency = Department.objects.get(code="emergency")
    moved = supervision.reroute_push(push_id=push.pk, actor=clerk, department=emergency)
    supervision.claim_push(push_id=moved.pk, user=users["liaison_emergency"])
    report = supervision.create_report(
        user=users["liaison_emergency"],
        permit_number=decision.permit.number,
        kind="penalty",
        decision_number="应急罚〔2026〕7号",
        decision_date=datetime.date.today(),
        summary="以欺骗手段取得许可,依法应予撤销",
    )
    return decision, report


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_a_revocation_from_a_penalty_report(routed_permit, login, page, base_url, shoot):
    decision, report = routed_permit
    permit_number = decision.permit.number

    # The approver claims the report and starts a 撤销 procedure from it.
    _as(page, login, "approver1")
    page.goto(f"{base_url}/supervision/reports/{report.pk}/")
    page.get_by_test_id("claim").click()
    page.wait_for_load_state()
    form = page.get_by_test_id("follow-up-form")
    form.get_by_label("后续程序").select_option("revoke")
    form.get_by_label("理由").fill("被许可人以欺骗手段取得行政许可(应急罚〔2026〕7号)")
    form.get_by_test_id("start-procedure").click()
    page.wait_for_load_state()
    assert SupervisionReport.objects.get(pk=report.pk).status == SupervisionReport.Status.CLOSED
    procedure = PermitProcedure.objects.get(permit__number=permit_number)
    assert (procedure.kind, procedure.source) == ("revoke", "report")
    assert not Decision.objects.filter(kind=Decision.Kind.REVOKE).exists()  # not yet: review

    # A reviewer reviews it.
    _as(page, login, "reviewer1")
    page.goto(f"{base_url}/approvals/procedures/{procedure.pk}/")
    review = page.locator("#action-review")
    review.get_by_label("建议作出决定").check()
    review.locator("[name=opinion]").fill("经核查,撤销理由成立,建议撤销")
    page.get_by_test_id("do-review").click()
    page.wait_for_load_state()

    # The approver decides under the seal and prints the letter.
    _as(page, login, "approver1")
    page.goto(f"{base_url}/approvals/procedures/{procedure.pk}/")
    decide = page.locator("#action-decide")
    decide.get_by_label("作出决定", exact=True).check()
    page.get_by_test_id("do-decide").click()
    page.wait_for_load_state()
    number = page.get_by_test_id("procedure-decision-number").inner_text()
    assert re.fullmatch(r".+〔\d{4}〕\d+号", number)
    revocation = Decision.objects.get(number=number)
    assert revocation.kind == Decision.Kind.REVOKE
    page.get_by_test_id("procedure-letter").click()
    page.wait_for_load_state()
    expect(page.locator("body")).to_contain_text("撤销行政许可决定书")
    expect(page.locator("body")).to_contain_text(number)
    expect(page.locator(".seal, [data-testid=seal]").first).to_be_visible()
    shoot("revocation-letter")

    # Pushed to the department the permit is routed to now, not back to transport.
    pushed = Push.objects.filter(decision=revocation)
    assert list(pushed.values_list("department__code", flat=True)) == ["emergency"]
    push = pushed.get()

    # Emergency's liaison sees 撤销 in the inbox, on the push page and in the CSV.
    _as(page, login, "liaison_emergency")
    page.goto(f"{base_url}/supervision/inbox/")
    row = page.locator(f"[data-testid=push-row][data-push='{push.pk}']")
    expect(row.get_by_test_id("decision-kind")).to_have_text("撤销")
    page.goto(f"{base_url}/supervision/pushes/{push.pk}/")
    expect(page.get_by_test_id("decision-kind-field")).to_have_text("撤销")
    shoot("revocation-push")
    response = page.request.get(f"{base_url}/supervision/export.csv")
    assert response.status == 200
    rows = list(csv.reader(io.StringIO(response.text().lstrip("\ufeff"))))
    kind_column = rows[0].index("决定类型")
    mine = [r for r in rows[1:] if number in r]
    assert [r[kind_column] for r in mine] == ["撤销"]

    # Transport, which said "not ours", got nothing new.
    _as(page, login, "liaison_transport")
    page.goto(f"{base_url}/supervision/inbox/")
    expect(page.locator(f"[data-testid=push-row][data-push='{push.pk}']")).to_have_count(0)
