"""Simultaneous requests on one record, on PostgreSQL (row locks): exactly one claim wins,
decision numbers stay distinct and gap-free."""

import pytest

from approvals import services as approvals
from approvals.models import Decision
from core.errors import InvalidTransition
from supervision import services
from supervision.models import Push
from tests.factories import ApplicantFactory, PublishedVersionFactory
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_concurrent_claims_exactly_one_wins(decided_tx, make_user, two_departments):
    liaisons = [
        make_user(f"market_{i}", "liaison", department=two_departments[0]) for i in range(6)
    ]
    decision = decided_tx()
    push = Push.objects.get(decision=decision, department__code="market")
    results = run_together(
        [(lambda user=user: services.claim_push(push_id=push.pk, user=user)) for user in liaisons]
    )
    wins = [r for r in results if r[0] == "ok"]
    losses = [r[1] for r in results if r[0] == "error"]
    assert len(wins) == 1
    assert len(losses) == 5
    assert all(isinstance(e, InvalidTransition) and e.code == "already_claimed" for e in losses)
    push.refresh_from_db()
    assert push.claimed_by == wins[0][1].claimed_by


def test_concurrent_decisions_get_distinct_gap_free_numbers(
    transactional_db, clerk, reviewer, approver, make_user
):
    from tests.factories import SealFactory

    SealFactory()
    approvers = [approver] + [make_user(f"approver_{i}", "approver") for i in range(7)]
    version = PublishedVersionFactory()
    materials = list(version.materials.values_list("pk", flat=True))
    apps = []
    for i in range(8):
        applicant = ApplicantFactory(id_number=_valid_id(i), name=f"申请人{i}")
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
            site_inspection="x",
        )
        apps.append(app)
    results = run_together(
        [
            (
                lambda app=app, user=user: approvals.decide(
                    application_id=app.pk, approver=user, approve=True
                )
            )
            for app, user in zip(apps, approvers, strict=True)
        ]
    )
    assert all(r[0] == "ok" for r in results), results
    serials = sorted(Decision.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 9))
    assert len(set(Decision.objects.values_list("number", flat=True))) == 8


def _valid_id(i: int) -> str:
    from approvals.validators import id_check_digit

    first17 = f"3201061985061{i:04d}"
    return first17 + id_check_digit(first17)
