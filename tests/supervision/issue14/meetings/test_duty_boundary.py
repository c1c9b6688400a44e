"""审管职责边界 on every push (issue 14): the push page and the push API show what the bureau
approved and what the claim commits the department to, from the catalog version the decision
was made under; the push list stays as it was (no duty text, no extra query)."""

import pytest
from django.urls import reverse

from supervision.models import Push
from tests.factories import PublishedVersionFactory
from tests.flows import approve_permit

pytestmark = pytest.mark.django_db

DUTY = {
    "approval_duty": "审批局负责食品经营许可的受理、审查和决定。",
    "supervision_matters": "食品安全日常检查、双随机抽查。",
    "supervision_duty": "认领后依法监管,发现违法行为依法查处。",
}


@pytest.fixture
def push(clerk, reviewer, approver, two_departments):
    version = PublishedVersionFactory(setup=two_departments, **DUTY)
    decision = approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=two_departments,
        version=version,
    )
    return decision.pushes.get(department=two_departments[0])


def test_the_api_detail_carries_the_duty_boundary(api, liaison, push):
    body = api.as_user(liaison).get(f"/api/v1/pushes/{push.pk}/").json()
    assert body["duty_boundary"] == DUTY


def test_the_list_has_no_duty_text(api, liaison, push):
    body = api.as_user(liaison).get("/api/v1/pushes/").json()
    assert [row["id"] for row in body["results"]] == [push.pk]
    assert "duty_boundary" not in body["results"][0]


def test_a_version_without_a_duty_boundary_gives_blanks(api, liaison, push):
    type(push.item_version).objects.filter(pk=push.item_version.pk).update(
        **dict.fromkeys(DUTY, "")
    )
    body = api.as_user(liaison).get(f"/api/v1/pushes/{push.pk}/").json()
    assert body["duty_boundary"] == dict.fromkeys(DUTY, "")


def test_the_push_page_shows_it(client, liaison, push):
    client.force_login(liaison)
    page = client.get(reverse("supervision:push_detail", args=[push.pk])).content.decode()
    assert "审管职责边界" in page
    for text in DUTY.values():
        assert text in page


def test_reading_it_costs_no_query_once_the_paths_are_selected(push, django_assert_num_queries):
    loaded = Push.objects.select_related(*Push.VERSION_PATHS).get(pk=push.pk)
    with django_assert_num_queries(0):
        assert loaded.item_version.supervision_duty == DUTY["supervision_duty"]


def test_a_later_decision_on_the_permit_reads_the_permits_version(push):
    decision = push.decision
    # A decision with no application (a 变更/撤销 on the permit) goes through the permit.
    decision.application_id = None
    decision.application = None
    assert push.item_version == decision.permit.item_version
    assert push.item_version.approval_duty == DUTY["approval_duty"]
