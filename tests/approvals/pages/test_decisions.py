"""The decision and the delivery (容缺 supplied, 出件) on the application page."""

import pytest
from django.utils import timezone

from approvals import services
from approvals.models import Application, ApplicationMaterial
from core.roles import Role
from tests.approvals.pages.helpers import (
    action_url,
    detail_url,
    logged_in,
    messages_of,
)

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


def test_decide_approve_issues_the_decision_and_permit(client, approver, reviewed):
    app = reviewed()
    response = logged_in(client, approver).post(action_url(app, "decide"), {"decision": "approve"})
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.status == S.APPROVED
    body = client.get(detail_url(app)).content.decode()
    assert "示审批〔2026〕1号" in body and "XK2026000001" in body


def test_deny_without_a_reason_is_refused_and_keeps_the_date(client, approver, reviewed):
    app = reviewed()
    response = logged_in(client, approver).post(
        action_url(app, "decide"), {"decision": "deny", "reason": "", "valid_until": "2030-01-01"}
    )
    assert response.status_code == 400
    assert "不予许可必须说明理由。" in messages_of(response)
    assert 'value="2030-01-01"' in response.content.decode()


def test_the_reviewer_of_a_case_may_not_decide_it(client, make_user, accepted):
    both = make_user("both", Role.REVIEWER, Role.APPROVER)
    app = accepted()
    services.review(
        application_id=app.pk,
        reviewer=both,
        opinion="好",
        recommendation="approve",
        site_inspection="好",
    )
    response = logged_in(client, both).post(action_url(app, "decide"), {"decision": "approve"})
    assert response.status_code == 403
    assert "审查人与审批人不能为同一人(一审一核)。" in messages_of(response)


# --- delivery -------------------------------------------------------------------------------------


@pytest.fixture
def approved_with_waiver(submitted, clerk, reviewer, approver, materials):
    def _make():
        app = submitted(provided=materials[:1])
        services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
        services.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="好",
            recommendation="approve",
            site_inspection="好",
        )
        services.decide(application_id=app.pk, approver=approver, approve=True)
        app.refresh_from_db()
        return app

    return _make


def test_delivery_is_refused_while_a_waived_material_is_outstanding(
    client, clerk, approved_with_waiver
):
    app = approved_with_waiver()
    response = logged_in(client, clerk).post(action_url(app, "deliver"), {"collected_by": "王五"})
    assert response.status_code == 409
    assert "容缺材料尚未补齐,不能出件:身份证明。" in messages_of(response)
    assert 'value="王五"' in response.content.decode()


def test_supply_the_waived_material_then_deliver(client, clerk, approved_with_waiver, materials):
    app = approved_with_waiver()
    c = logged_in(client, clerk)
    assert (
        c.post(action_url(app, "supply-waived"), {f"provided_{materials[1]}": "on"}).status_code
        == 302
    )
    assert c.post(action_url(app, "deliver"), {"collected_by": "王五"}).status_code == 302
    app.refresh_from_db()
    assert app.status == S.DELIVERED and app.collected_by == "王五"


def test_deliver_without_a_collector_is_refused(client, clerk, approved_with_waiver, materials):
    app = approved_with_waiver()
    ApplicationMaterial.objects.filter(application=app).update(supplied_at=timezone.now())
    response = logged_in(client, clerk).post(action_url(app, "deliver"), {"collected_by": ""})
    assert response.status_code == 400
    assert "请填写领取人。" in messages_of(response)


def test_the_approver_states_what_is_approved_on_the_page(client, approver, reviewed):
    """审批内容: the decide form shows the application's content to edit; what the approver
    sends, not the applicant's text, is the decision's content (the letter and the push)."""
    app = reviewed()
    page = logged_in(client, approver).get(detail_url(app)).content.decode()
    assert 'name="content"' in page
    response = client.post(
        action_url(app, "decide"), {"decision": "approve", "content": "准予经营预包装食品销售"}
    )
    assert response.status_code == 302
    app.refresh_from_db()
    decision = app.decisions.get()
    assert decision.content == "准予经营预包装食品销售"
    assert decision.content != app.content
