"""Delivered applications made by real actions (submit → … → decide → deliver)."""

import pytest

from approvals import services as approvals
from tests.factories import ApplicantFactory
from tests.flows import approve_permit

# ApplicantFactory's person: 张小三, ID number ending in 002X (a lower-case x must match too).
ID_LAST4 = "002X"


@pytest.fixture
def approved(db, clerk, reviewer, approver, two_departments):
    """approved(applicant=None) -> Application: decided (准予许可), not delivered yet."""

    def _approved(applicant=None):
        decision = approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=two_departments,
            applicant=applicant or ApplicantFactory(),
        )
        return decision.application

    return _approved


@pytest.fixture
def delivered(approved, clerk):
    """delivered(applicant=None) -> Application in 已出件."""

    def _delivered(applicant=None):
        app = approved(applicant)
        return approvals.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")

    return _delivered
