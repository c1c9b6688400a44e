"""Provisional claim deadlines of pushes and reports, recomputed one way for both when the
official arrangement of the year is entered (supervision.services.deadlines)."""

import datetime

import pytest
import time_machine

from audit.models import AuditEvent
from supervision import services
from supervision.models import Push, SupervisionReport
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

DEC_30 = datetime.datetime(2026, 12, 30, 10, tzinfo=SHANGHAI)


def _enter_2027(catalog_admin, django_capture_on_commit_callbacks):
    from workdays import services as workdays

    with django_capture_on_commit_callbacks(execute=True):
        workdays.set_year(
            year=2027,
            actor=catalog_admin,
            holidays=[(datetime.date(2027, 1, 1), "元旦"), (datetime.date(2027, 1, 4), "元旦")],
            makeup_workdays=[],
        )


@pytest.fixture
def provisional(decided, liaison):
    """A push and a report made on Wed 30 Dec 2026: Thu 31, then 2027 provisional (Fri 1 Jan a
    fixed holiday, Mon 4, Tue 5): both due at the end of Tue 5 Jan, provisionally."""
    decision = decided(at=DEC_30)
    with time_machine.travel(DEC_30 + datetime.timedelta(hours=1), tick=False):
        report = services.create_report(
            user=liaison,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="罚1",
            decision_date=datetime.date(2026, 12, 29),
            summary="x",
        )
    push = Push.objects.get(decision=decision, department__code="market")
    for row in (push, report):
        assert row.deadline_provisional is True
        assert row.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2027, 1, 5)
    return push, report


def _recomputed(row) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action="recompute_deadline", object_id=str(row.pk)).filter(
            content_type__model=row._meta.model_name
        )
    )


def test_official_data_recomputes_an_open_report_and_audits_it(
    provisional, catalog_admin, django_capture_on_commit_callbacks
):
    push, report = provisional
    _enter_2027(catalog_admin, django_capture_on_commit_callbacks)
    for row in (push, report):
        row.refresh_from_db()
        # Official now; Mon 4 Jan a holiday -> Wed 6 Jan.
        assert row.deadline_provisional is False, row
        assert row.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2027, 1, 6), row
        (event,) = _recomputed(row)
        assert event.actor is None and event.note == "2027"
        assert event.before.startswith("2027-01-05") and event.after.startswith("2027-01-06")


def test_a_claimed_report_keeps_its_deadline(
    provisional, clerk, catalog_admin, django_capture_on_commit_callbacks
):
    _push, report = provisional
    services.claim_report(report_id=report.pk, user=clerk)
    _enter_2027(catalog_admin, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.deadline_provisional is True
    assert report.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2027, 1, 5)
    assert not _recomputed(report)


def test_an_unchanged_deadline_becomes_official_with_one_event(
    provisional, catalog_admin, django_capture_on_commit_callbacks
):
    """The same date by the official data (no 4 Jan holiday): no longer provisional, audited."""
    from workdays import services as workdays

    _push, report = provisional
    with django_capture_on_commit_callbacks(execute=True):
        workdays.set_year(
            year=2027,
            actor=catalog_admin,
            holidays=[(datetime.date(2027, 1, 1), "元旦")],
            makeup_workdays=[],
        )
    report.refresh_from_db()
    assert report.deadline_provisional is False
    assert report.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2027, 1, 5)
    assert len(_recomputed(report)) == 1
    assert services.recompute_provisional_deadlines(year=2027) == 0  # nothing left to do
    assert SupervisionReport.objects.filter(deadline_provisional=True).count() == 0
