"""告知承诺核查: created with the push, its deadline through the calendar (a holiday in between),
flagged once, recorded once; 不属实 → revocation procedure + 失信记录 in the same transaction."""

import datetime

import pytest
import time_machine

from approvals.models import CreditRecord, PermitProcedure
from approvals.services.credit import credit_warning, lift_credit_record
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from supervision.models import CommitmentCheck
from supervision.services.checks import (
    access_check,
    checks_for,
    flag_overdue_checks,
    record_check,
)
from tests.factories import PublishedVersionFactory
from tests.flows import PERSON_ID, SHANGHAI, approve_permit

# Monday 15 June 2026; 端午节 is Friday 19 June 2026 (a holiday, no make-up day).
PUSHED = datetime.datetime(2026, 6, 15, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def commitment_permit(calendar_data, clerk, reviewer, approver, two_departments):
    def _make(days=5, at=PUSHED):
        version = PublishedVersionFactory(
            setup=two_departments,
            notice_commitment=True,
            commitment_check_method="现场核查经营场所",
            commitment_check_days=days,
        )
        return approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=two_departments,
            at=at,
            version=version,
        )

    return _make


@pytest.fixture
def liaison_market(make_user, two_departments):
    return make_user("liaison_m", "liaison", department=two_departments[0])


def _check(decision, department):
    return CommitmentCheck.objects.get(push__decision=decision, push__department=department)


def test_one_check_per_push_deadline_skips_the_holiday(commitment_permit, two_departments):
    decision = commitment_permit(days=5)
    checks = CommitmentCheck.objects.filter(push__decision=decision)
    assert checks.count() == 2
    check = _check(decision, two_departments[0])
    assert check.status == CommitmentCheck.Status.PENDING
    assert check.method == "现场核查经营场所"
    # 16, 17, 18, (19 端午), 22, 23 June: the end of Tuesday 23 June, not Monday 22.
    local = check.deadline.astimezone(SHANGHAI)
    assert local.date() == datetime.date(2026, 6, 23)


def test_no_check_days_is_exempted(commitment_permit, two_departments):
    decision = commitment_permit(days=None)
    check = _check(decision, two_departments[0])
    assert check.status == CommitmentCheck.Status.EXEMPTED
    assert check.deadline is None


def test_ordinary_item_has_no_check(calendar_data, clerk, reviewer, approver, two_departments):
    decision = approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=two_departments, at=PUSHED
    )
    assert not CommitmentCheck.objects.filter(push__decision=decision).exists()


def test_flagger_flags_pending_past_deadline_once(commitment_permit, two_departments):
    decision = commitment_permit(days=5)
    check = _check(decision, two_departments[0])
    before = datetime.datetime(2026, 6, 23, 20, 0, tzinfo=SHANGHAI)
    assert CommitmentCheck.objects.filter(CommitmentCheck.check_overdue_q(before)).count() == 0
    assert flag_overdue_checks(before) == []
    after = datetime.datetime(2026, 6, 24, 9, 0, tzinfo=SHANGHAI)
    rows = flag_overdue_checks(after)
    assert {(pk, dept) for pk, _d, dept in rows} == {
        (c.pk, c.department_id) for c in CommitmentCheck.objects.filter(push__decision=decision)
    }
    assert flag_overdue_checks(after + datetime.timedelta(days=1)) == []
    check.refresh_from_db()
    assert check.is_overdue_at(after) and check.overdue_flagged_at == after


def test_verified_late_is_marked(commitment_permit, two_departments, liaison_market):
    decision = commitment_permit(days=5)
    check = _check(decision, two_departments[0])
    with time_machine.travel(datetime.datetime(2026, 6, 25, 9, tzinfo=SHANGHAI), tick=False):
        done = record_check(user=liaison_market, check_id=check.pk, result="verified", note="属实")
    assert done.status == "verified" and done.late
    with pytest.raises(InvalidTransition) as exc:
        record_check(user=liaison_market, check_id=check.pk, result="false", note="再次")
    assert exc.value.code == "check_recorded"


def test_false_opens_revocation_and_credit_record(
    commitment_permit, two_departments, liaison_market, approver
):
    decision = commitment_permit(days=5)
    check = _check(decision, two_departments[0])
    with time_machine.travel(datetime.datetime(2026, 6, 18, 9, tzinfo=SHANGHAI), tick=False):
        done = record_check(
            user=liaison_market, check_id=check.pk, result="false", note="经营场所与承诺不符"
        )
    assert done.status == "false" and not done.late
    from supervision.models import DepartmentEvent

    assert DepartmentEvent.objects.filter(event="check.created").count() == 2
    recorded = DepartmentEvent.objects.get(event="check.recorded")
    assert recorded.department_id == check.department_id
    procedure = done.procedure
    assert procedure.kind == PermitProcedure.Kind.REVOKE
    assert procedure.source == PermitProcedure.Source.COMMITMENT_CHECK
    assert procedure.permit == decision.permit
    assert procedure.status == PermitProcedure.Status.STARTED
    record = done.credit_record
    assert record.id_number == PERSON_ID and record.standing
    assert "失信记录" in credit_warning(PERSON_ID)
    lift_credit_record(user=approver, record_id=record.pk, reason="已整改")
    assert credit_warning(PERSON_ID) == ""


def test_false_needs_a_note_and_nothing_is_written(
    commitment_permit, two_departments, liaison_market
):
    decision = commitment_permit(days=5)
    check = _check(decision, two_departments[0])
    for note in ["", "   ", "坏\x00字", "长" * 5001]:
        with pytest.raises(InvalidInput):
            record_check(user=liaison_market, check_id=check.pk, result="false", note=note)
    for result in ["", "FALSE", None, "１", ["false"]]:
        with pytest.raises(InvalidInput):
            record_check(user=liaison_market, check_id=check.pk, result=result, note="x")
    assert not CreditRecord.objects.exists()
    assert not PermitProcedure.objects.exists()


def test_isolation(commitment_permit, two_departments, liaison_market, inspector, clerk):
    decision = commitment_permit(days=5)
    other = _check(decision, two_departments[1])
    mine = _check(decision, two_departments[0])
    assert list(checks_for(liaison_market)) == [mine]
    with pytest.raises(NotFound):
        access_check(liaison_market, other.pk)
    with pytest.raises(NotFound):
        record_check(user=liaison_market, check_id=other.pk, result="verified", note="")
    for bad in ["abc", 10**30, -1]:
        with pytest.raises(NotFound):
            record_check(user=liaison_market, check_id=bad, result="verified", note="")
    assert checks_for(inspector).count() == 2
    with pytest.raises(NotAllowed):
        record_check(user=clerk, check_id=mine.pk, result="verified", note="")
