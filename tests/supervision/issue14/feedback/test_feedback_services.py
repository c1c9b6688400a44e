"""Issue 14, feedback: the feedback deadline set at the claim, the 处置反馈 thread (interim keeps
the clock, final closes), the "feedback" flagger and the bureau's close of a report."""

import datetime

import pytest
import time_machine

from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from supervision import services
from supervision.models import Push, PushFeedback, SupervisionReport
from supervision.services import feedback as fb
from supervision.services.duties import FLAGGERS
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


def _market_push(decided, when=datetime.datetime(2026, 9, 29, 10, tzinfo=SHANGHAI)):
    return Push.objects.get(decision=decided(at=when), department__code="market")


@pytest.fixture
def claimed(decided, liaison):
    """Claimed on Wed 30 Sep 2026, just before National Day (1–7 Oct off, Sat 10 Oct worked)."""
    push = _market_push(decided)
    with at(2026, 9, 30, 15):
        return services.claim_push(push_id=push.pk, user=liaison)


def _local_date(moment):
    return moment.astimezone(SHANGHAI).date()


# --- the deadline --------------------------------------------------------------------------------


def test_the_feedback_deadline_is_the_departments_10_working_days_across_national_day(claimed):
    # Working days after Wed 30 Sep (1–7 Oct off): Thu 8, Fri 9, Sat 10 (make-up), Mon 12 …
    # Tue 20 Oct is the 10th (a naive count of 10 days would give Sat 10 Oct).
    assert claimed.department.feedback_limit_days == 10
    assert _local_date(claimed.feedback_deadline) == datetime.date(2026, 10, 20)
    local = claimed.feedback_deadline.astimezone(SHANGHAI)
    assert (local.hour, local.minute) == (23, 59)


def test_the_item_versions_limit_wins_over_the_departments(decided, liaison):
    push = _market_push(decided)
    version = push.decision.application.item_version
    version.feedback_limit_days = 2
    version.save(update_fields=["feedback_limit_days"])
    with at(2026, 9, 30, 15):
        push = services.claim_push(push_id=push.pk, user=liaison)
    assert _local_date(push.feedback_deadline) == datetime.date(2026, 10, 9)


def test_the_departments_own_limit_applies(decided, liaison):
    push = _market_push(decided)
    push.department.feedback_limit_days = 1
    push.department.save(update_fields=["feedback_limit_days"])
    with at(2026, 9, 30, 15):
        push = services.claim_push(push_id=push.pk, user=liaison)
    assert _local_date(push.feedback_deadline) == datetime.date(2026, 10, 8)


def test_no_feedback_deadline_before_the_claim(decided):
    assert _market_push(decided).feedback_deadline is None


# --- the thread ----------------------------------------------------------------------------------


def test_interim_then_final_closes_the_push_and_more_is_409(claimed, liaison):
    with at(2026, 10, 12, 9):
        push = services.give_feedback(push_id=claimed.pk, user=liaison, note="已约谈,整改中")
    assert push.status == Push.Status.FEEDBACK_GIVEN and push.closed_at is None
    assert push.feedback == "已约谈,整改中"
    with at(2026, 10, 13, 9):
        push = services.give_feedback(
            push_id=claimed.pk, user=liaison, note="整改完毕", final=True, result="已复查合格"
        )
    assert push.status == Push.Status.CLOSED
    assert push.closed_at == datetime.datetime(2026, 10, 13, 9, tzinfo=SHANGHAI)
    assert push.feedback == "整改完毕"
    thread = list(PushFeedback.objects.filter(push=claimed).values_list("final", "note", "result"))
    assert thread == [(False, "已约谈,整改中", ""), (True, "整改完毕", "已复查合格")]
    actions = list(
        AuditEvent.objects.filter(object_id=str(claimed.pk), content_type__model="push")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["feedback", "final_feedback"]
    with pytest.raises(InvalidTransition) as err:
        services.give_feedback(push_id=claimed.pk, user=liaison, note="再补充")
    assert err.value.code == "push_closed" and err.value.status == 409
    assert PushFeedback.objects.filter(push=claimed).count() == 2


def test_a_final_feedback_right_after_the_claim(claimed, liaison):
    push = services.give_feedback(push_id=claimed.pk, user=liaison, note="已纳入监管", final=True)
    assert push.status == Push.Status.CLOSED


def test_feedback_before_the_claim_is_409(decided, liaison):
    push = _market_push(decided)
    with pytest.raises(InvalidTransition):
        services.give_feedback(push_id=push.pk, user=liaison, note="x", final=True)


def test_another_departments_push_is_404(decided, liaison_health, liaison):
    push = Push.objects.get(decision=decided(), department__code="market")
    services.claim_push(push_id=push.pk, user=liaison)
    with pytest.raises(NotFound):
        services.give_feedback(push_id=push.pk, user=liaison_health, note="x")


def test_an_inspector_may_not_give_feedback(claimed, inspector):
    with pytest.raises(NotAllowed):
        services.give_feedback(push_id=claimed.pk, user=inspector, note="x")


@pytest.mark.parametrize(
    "note,result,field",
    [
        ("", "", "note"),
        ("   ", "", "note"),
        ("整改\x00", "", "note"),
        ("x" * 5001, "", "note"),
        ("整改", "结果\x1b", "result"),
        ("整改", "y" * 2001, "result"),
    ],
)
def test_hostile_feedback_is_invalid_input_and_writes_nothing(
    claimed, liaison, note, result, field
):
    with pytest.raises(InvalidInput) as err:
        services.give_feedback(
            push_id=claimed.pk, user=liaison, note=note, final=True, result=result
        )
    assert field in err.value.fields
    claimed.refresh_from_db()
    assert claimed.status == Push.Status.CLAIMED
    assert not PushFeedback.objects.filter(push=claimed).exists()


# --- overdue: one rule ---------------------------------------------------------------------------

AFTER = datetime.datetime(2026, 10, 21, 0, 30, tzinfo=SHANGHAI)
BEFORE = datetime.datetime(2026, 10, 20, 23, 0, tzinfo=SHANGHAI)


def _overdue_ids(now):
    return set(Push.objects.filter(Push.feedback_overdue_q(now)).values_list("pk", flat=True))


def test_interim_feedback_does_not_stop_the_clock(claimed, liaison):
    services.give_feedback(push_id=claimed.pk, user=liaison, note="处置中")
    push = Push.objects.get(pk=claimed.pk)
    assert not push.is_feedback_overdue_at(BEFORE) and claimed.pk not in _overdue_ids(BEFORE)
    assert push.is_feedback_overdue_at(AFTER) and claimed.pk in _overdue_ids(AFTER)


def test_the_final_feedback_stops_the_clock(claimed, liaison):
    services.give_feedback(push_id=claimed.pk, user=liaison, note="完毕", final=True)
    push = Push.objects.get(pk=claimed.pk)
    assert not push.is_feedback_overdue_at(AFTER) and claimed.pk not in _overdue_ids(AFTER)


def test_the_flagger_is_registered_and_flags_once(claimed, decided, liaison):
    assert FLAGGERS["feedback"] is fb.flag_feedback_overdue
    closed = Push.objects.get(
        decision=decided(at=datetime.datetime(2026, 9, 28, 10, tzinfo=SHANGHAI)),
        department__code="market",
    )
    with at(2026, 9, 30, 15):
        services.claim_push(push_id=closed.pk, user=liaison)
    services.give_feedback(push_id=closed.pk, user=liaison, note="完毕", final=True)
    assert fb.flag_feedback_overdue(BEFORE) == []
    rows = fb.flag_feedback_overdue(AFTER)
    assert [(pk, dep) for pk, _deadline, dep in rows] == [(claimed.pk, claimed.department_id)]
    assert rows[0][1] == claimed.feedback_deadline
    assert fb.flag_feedback_overdue(AFTER + datetime.timedelta(days=1)) == []
    claimed.refresh_from_db()
    assert claimed.feedback_flagged_at == AFTER


# --- the bureau closes a report ------------------------------------------------------------------


@pytest.fixture
def report(decided, liaison):
    decision = decided()
    return services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="other",
        decision_number="监1",
        decision_date=datetime.date(2026, 6, 1),
        summary="日常检查发现标识不规范,已当场整改",
    )


def test_the_bureau_closes_a_claimed_report_as_acknowledged_once(report, clerk):
    with pytest.raises(InvalidTransition) as err:
        fb.close_report(report_id=report.pk, user=clerk, outcome="acknowledged", note="")
    assert err.value.code == "not_claimed"
    services.claim_report(report_id=report.pk, user=clerk)
    closed = fb.close_report(report_id=report.pk, user=clerk, outcome="acknowledged", note="知悉")
    assert closed.status == SupervisionReport.Status.CLOSED
    assert (closed.close_outcome, closed.close_note, closed.closed_by) == (
        "acknowledged",
        "知悉",
        clerk,
    )
    assert AuditEvent.objects.filter(action="close_report", object_id=str(report.pk)).count() == 1
    with pytest.raises(InvalidTransition) as err:
        fb.close_report(report_id=report.pk, user=clerk, outcome="done", note="")
    assert err.value.code == "report_closed" and err.value.status == 409


def test_a_liaison_may_not_close_a_report(report, clerk, liaison):
    services.claim_report(report_id=report.pk, user=clerk)
    with pytest.raises(NotAllowed):
        fb.close_report(report_id=report.pk, user=liaison, outcome="done", note="")


@pytest.mark.parametrize(
    "outcome,note,field",
    [
        ("", "", "outcome"),
        ("closed", "", "outcome"),
        (None, "", "outcome"),
        ("done", "\x07", "note"),
        ("done", "n" * 2001, "note"),
    ],
)
def test_hostile_close_is_invalid_input(report, clerk, outcome, note, field):
    services.claim_report(report_id=report.pk, user=clerk)
    with pytest.raises(InvalidInput) as err:
        fb.close_report(report_id=report.pk, user=clerk, outcome=outcome, note=note)
    assert field in err.value.fields
    report.refresh_from_db()
    assert report.status == SupervisionReport.Status.CLAIMED
