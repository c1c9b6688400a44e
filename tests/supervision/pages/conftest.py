"""Fixtures of the supervision page tests: a decision pushed to two departments, their
liaisons, a logged-in liaison."""

import copy

import pytest

from core.roles import Role
from tests.flows import approve_permit


@pytest.fixture(autouse=True)
def _badge_processor(settings):
    """Render pages with the notification badge's context processor, as deployed."""
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    if "supervision.context_processors.notifications" not in processors:
        processors.append("supervision.context_processors.notifications")
    settings.TEMPLATES = templates


@pytest.fixture
def liaison_other(make_user, other_department):
    return make_user("liaison_health", Role.LIAISON, department=other_department)


@pytest.fixture
def decision(clerk, reviewer, approver, department, other_department):
    return approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[department, other_department],
    )


@pytest.fixture
def push(decision):
    return decision.pushes.get(department__code="market")


@pytest.fixture
def other_push(decision):
    return decision.pushes.get(department__code="health")


@pytest.fixture
def as_liaison(client, liaison):
    client.force_login(liaison)
    return client
