"""Simultaneous submits on PostgreSQL: a double-submitted rating is saved once (the unique
constraint), complaints get distinct, gap-free numbers."""

import pytest

from accountability.models import Complaint, Rating, RatingFollowUp
from accountability.public import services
from approvals import services as approvals
from tests.factories import ApplicantFactory
from tests.flows import approve_permit
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_ratings_of_one_case_save_exactly_one(
    calendar_data, clerk, reviewer, approver, two_departments
):
    decision = approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=two_departments,
        applicant=ApplicantFactory(),
        at=None,
    )
    app = approvals.deliver(application_id=decision.application.pk, clerk=clerk, collected_by="张")
    results = run_together(
        [
            (
                lambda level=level: services.rate(
                    application_id=app.pk, level=level, channel="online"
                )
            )
            for level in (1, 2, 1, 2, 5, 4)
        ]
    )
    wins = [r[1] for r in results if r[0] == "ok"]
    losses = [r[1] for r in results if r[0] == "error"]
    assert len(wins) == 1 and len(losses) == 5
    assert all(isinstance(e, services.AlreadyRated) for e in losses)
    assert Rating.objects.count() == 1
    assert RatingFollowUp.objects.count() == (1 if wins[0].level <= 2 else 0)


def test_simultaneous_complaints_get_distinct_gap_free_numbers(calendar_data):
    results = run_together(
        [
            (
                lambda i=i: services.submit_complaint(
                    name=f"李{i}", phone="13812345678", text="排队太久"
                )
            )
            for i in range(8)
        ]
    )
    assert all(r[0] == "ok" for r in results), results
    serials = sorted(int(n[-6:]) for n in Complaint.objects.values_list("number", flat=True))
    assert serials == list(range(1, 9))


def test_simultaneous_copies_of_one_complaint_make_one(calendar_data):
    results = run_together(
        [
            lambda: services.submit_complaint(name="李四", phone="13812345678", text="排队太久")
            for _ in range(6)
        ]
    )
    assert all(r[0] == "ok" for r in results), results
    assert len({r[1].pk for r in results}) == 1
    assert [n[-6:] for n in Complaint.objects.values_list("number", flat=True)] == ["000001"]
