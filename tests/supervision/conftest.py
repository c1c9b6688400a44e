import datetime

import pytest
import time_machine

from approvals import services as approvals
from tests.approvals.conftest import SHANGHAI
from tests.factories import (
    ApplicantFactory,
    DepartmentFactory,
    PublishedVersionFactory,
    SealFactory,
)


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
    SealFactory()

    def _approve(at=datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI), departments=None):
        version = PublishedVersionFactory(setup=departments or two_departments)
        applicant = ApplicantFactory(id_number="440305199003071236", name="王小明")
        materials = list(version.materials.values_list("pk", flat=True))
        with time_machine.travel(at, tick=False):
            app = approvals.submit(
                clerk=clerk,
                item_version=version,
                applicant=applicant,
                provided={m: True for m in materials},
                content="开办餐馆",
            )
            approvals.accept(application_id=app.pk, clerk=clerk)
            approvals.review(
                application_id=app.pk,
                reviewer=reviewer,
                opinion="同意",
                recommendation="approve",
                site_inspection="已踏勘",
            )
            return approvals.decide(application_id=app.pk, approver=approver, approve=True)

    return _approve


@pytest.fixture
def decided_tx(calendar_data, clerk, reviewer, approver, two_departments):
    """Like `decided`, in real transactions (on_commit callbacks run), at the real time."""
    SealFactory()

    def _approve():
        version = PublishedVersionFactory(setup=two_departments)
        applicant = ApplicantFactory(id_number="440305199003071236", name="王小明")
        materials = list(version.materials.values_list("pk", flat=True))
        app = approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=applicant,
            provided={m: True for m in materials},
        )
        approvals.accept(application_id=app.pk, clerk=clerk)
        approvals.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="同意",
            recommendation="approve",
            site_inspection="已踏勘",
        )
        return approvals.decide(application_id=app.pk, approver=approver, approve=True)

    return _approve
