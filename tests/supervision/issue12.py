"""Helpers of issue 12's supervision tests: a denial through the real path, a later decision
on a permit written as the decision service writes it (its pushes through push_decision)."""

import itertools

from django.db import transaction
from django.utils import timezone

from approvals import services as approvals
from approvals.models import Decision
from supervision import services
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

_serials = itertools.count(9000)


def deny_application(*, clerk, reviewer, approver, departments, version=None) -> Decision:
    """A real denial (submit → accept → review → decide deny)."""
    SealFactory()
    version = version or PublishedVersionFactory(setup=departments)
    materials = list(version.materials.values_list("pk", flat=True))
    app = approvals.submit(
        clerk=clerk,
        item_version=version,
        applicant=ApplicantFactory(),
        provided={m: True for m in materials},
        content="开办餐馆",
    )
    approvals.accept(application_id=app.pk, clerk=clerk)
    approvals.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="不符合",
        recommendation="deny",
        site_inspection="已踏勘",
    )
    return approvals.decide(
        application_id=app.pk, approver=approver, approve=False, reason="不符合条件"
    )


def later_decision(first: Decision, kind: str) -> Decision:
    """A later decision of `kind` on `first`'s permit, pushed as decision_recorded pushes it
    (the procedures' review is the procedures helper's business; here only where it goes)."""
    serial = next(_serials)
    with transaction.atomic():
        decision = Decision.objects.create(
            number=f"示审批〔2026〕{serial}号",
            year=2026,
            serial=serial,
            kind=kind,
            application=first.application,
            permit=first.permit,
            reason="测试",
            decided_by=first.decided_by,
            decided_at=timezone.now(),
            seal=first.seal,
        )
        services.push_decision(decision=decision)
    return decision
