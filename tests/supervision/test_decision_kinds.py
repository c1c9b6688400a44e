"""Issue 12: the decision kind is shown everywhere a push appears (inbox, push page, CSV, API,
webhook body), and denials are pushed too, marked 不予行政许可, with no permit or validity."""

import csv
import io
import json

import pytest
from django.urls import reverse

from approvals.models import Decision
from core.roles import Role
from supervision.models import Push, WebhookDelivery, WebhookEndpoint
from supervision.services import PUSHED_KINDS
from supervision.webhooks import build_body
from tests.supervision.issue12 import deny_application, later_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def market_liaison(make_user, two_departments):
    return make_user("liaison_market", Role.LIAISON, department=two_departments[0])


@pytest.fixture
def endpoint(two_departments):
    return WebhookEndpoint.objects.create(
        department=two_departments[0], url="http://127.0.0.1:9/hook", secret="s3cret"
    )


@pytest.fixture
def denial(clerk, reviewer, approver, two_departments):
    return deny_application(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments
    )


@pytest.fixture
def revocation(decided):
    return later_decision(decided(), Decision.Kind.REVOKE)


def _csv(response) -> list[dict]:
    raw = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(raw)))


def test_every_kind_is_pushed_the_denial_and_the_suspension_too():
    assert {"approve", "deny", "change", "renew", "withdraw", "revoke", "cancel"} <= PUSHED_KINDS
    assert {"suspend", "reinstate"} <= PUSHED_KINDS


def test_a_denial_is_pushed_to_every_supervising_department_with_no_permit(denial):
    pushes = Push.objects.filter(decision=denial).order_by("department__code")
    assert [p.department.code for p in pushes] == ["health", "market"]
    for push in pushes:
        assert push.decision_kind == "deny"
        assert push.decision_kind_label == "不予行政许可"
        assert push.permit_number == "" and push.valid_from is None and push.valid_until is None
        assert not push.issued_permit
        assert push.holder_name == "张小三"


def test_the_liaison_is_told_the_kind_in_the_notification(market_liaison, denial):
    subjects = list(market_liaison.notifications.values_list("subject", flat=True))
    assert any("不予行政许可" in s for s in subjects), subjects


def test_the_inbox_shows_the_kind_of_each_push(client, market_liaison, denial, revocation):
    client.force_login(market_liaison)
    html = client.get(reverse("supervision:inbox")).content.decode()
    assert 'data-testid="decision-kind">不予行政许可<' in html
    assert 'data-testid="decision-kind">撤销<' in html


def test_the_push_page_shows_a_revocation_as_such(client, market_liaison, revocation):
    push = Push.objects.get(decision=revocation, department__code="market")
    client.force_login(market_liaison)
    html = client.get(reverse("supervision:push_detail", args=[push.pk])).content.decode()
    assert 'data-testid="decision-kind">撤销<' in html
    assert 'data-testid="decision-kind-field">撤销<' in html
    assert push.permit_number in html


def test_the_push_page_says_plainly_a_denial_has_no_permit(client, market_liaison, denial):
    push = Push.objects.get(decision=denial, department__code="market")
    client.force_login(market_liaison)
    html = client.get(reverse("supervision:push_detail", args=[push.pk])).content.decode()
    assert 'data-testid="decision-kind">不予行政许可<' in html
    assert "无(未发证)" in html and 'data-testid="denial-note"' in html


def test_the_csv_has_the_kind_and_says_a_denial_has_no_permit(
    client, market_liaison, denial, revocation
):
    client.force_login(market_liaison)
    rows = _csv(client.get(reverse("supervision:export")))
    by_kind = {row["决定类型"]: row for row in rows}
    assert set(by_kind) == {"准予行政许可", "不予行政许可", "撤销"}
    assert by_kind["不予行政许可"]["证件编号"] == "无(未发证)"
    assert by_kind["不予行政许可"]["有效期自"] == ""
    assert by_kind["撤销"]["证件编号"] == revocation.permit.number


def test_the_api_gives_the_kind_and_its_label(api, market_liaison, denial, revocation):
    client = api.as_user(market_liaison)
    listed = client.get("/api/v1/pushes/").json()["results"]
    assert {(p["decision_kind"], p["decision_kind_label"]) for p in listed} == {
        ("approve", "准予行政许可"),
        ("deny", "不予行政许可"),
        ("revoke", "撤销"),
    }
    deny = next(p for p in listed if p["decision_kind"] == "deny")
    detail = client.get(f"/api/v1/pushes/{deny['id']}/").json()
    assert detail["permit_number"] == "" and detail["valid_from"] is None
    assert detail["valid_until"] is None and detail["decision_kind_label"] == "不予行政许可"


def test_the_webhook_body_carries_the_kind(endpoint, denial, revocation):
    bodies = [
        json.loads(build_body(d))["data"]
        for d in WebhookDelivery.objects.filter(endpoint=endpoint).select_related("push")
    ]
    kinds = {(b["decision_kind"], b["decision_kind_label"]) for b in bodies}
    assert kinds == {("deny", "不予行政许可"), ("approve", "准予行政许可"), ("revoke", "撤销")}


def test_an_unknown_kind_reads_as_its_value():
    assert Push(decision_kind="weird").decision_kind_label == "weird"


def test_the_inspectors_overdue_list_shows_the_kind(client, inspector, denial, revocation):
    import datetime

    from accountability.services import flag_overdue
    from tests.flows import SHANGHAI

    # Both pushes are well past their claim deadline a month later (the real "now").
    flag_overdue(as_of=datetime.datetime.now(SHANGHAI) + datetime.timedelta(days=40))
    client.force_login(inspector)
    html = client.get(reverse("accountability:overdue")).content.decode()
    assert 'data-testid="decision-kind">不予行政许可<' in html
    assert 'data-testid="decision-kind">撤销<' in html
