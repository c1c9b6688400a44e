import datetime

import pytest

from tests.approvals.conftest import SHANGHAI
from tests.factories import DepartmentFactory
from tests.flows import approve_permit


@pytest.fixture
def two_departments(db):
    return [
        DepartmentFactory(code="market", name="县市场监督管理局"),
        DepartmentFactory(code="health", name="县卫生健康局"),
    ]


@pytest.fixture
def liaison_health(make_user, two_departments):
    return make_user("liaison_health", "liaison", department=two_departments[1])


@pytest.fixture
def decided(db, clerk, reviewer, approver, two_departments):
    """approve(at=datetime) -> Decision: a full real path, pushed to two departments."""

    def _approve(at=datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), departments=None):
        return approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=departments or two_departments,
            at=at,
        )

    return _approve


@pytest.fixture
def decided_tx(calendar_data, clerk, reviewer, approver, two_departments):
    """Like `decided`, in real transactions (on_commit callbacks run), at the real time."""

    def _approve():
        return approve_permit(
            clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments, at=None
        )

    return _approve
