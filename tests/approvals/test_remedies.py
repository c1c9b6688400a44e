"""复议应诉, the domain: deadlines as the law counts them, every action allowed and refused
(role × status), what an outcome starts, the signal, the monitoring row's colour."""

import datetime

import pytest
import time_machine

from approvals import services, signals
from approvals.models import PermitProcedure, Remedy
from approvals.services import remedies
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from core.roles import Role
from tests.flows import approve_permit

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
D = datetime.date
K = Remedy.Kind
JUNE_8 = D(2026, 6, 8)
O = Remedy.Outcome  # noqa: E741


def at(day: datetime.date, hour=10):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), SHANGHAI), tick=False
    )


@pytest.fixture
def decision(clerk, reviewer, approver, department):
    """An approval decided on Monday 1 June 2026 (its permit valid)."""
    return approve_permit(
        clerk=clerk, reviewer=reviewer, approver=approver, departments=[department]
    )


@pytest.fixture
def record(decision, approver):
    def _record(*, kind=K.RECONSIDERATION, received_on=JUNE_8, case="示政复〔2026〕1号", **kw):
        with at(kw.pop("today", received_on)):
            return services.record_remedy(
                decision_id=kw.pop("decision_id", decision.pk),
                actor=kw.pop("actor", approver),
                kind=kind,
                body=kw.pop("body", "示例县人民政府"),
                case_number=case,
                claimant=kw.pop("claimant", "李四"),
                received_on=received_on,
                **kw,
            )

    return _record


def outcome(remedy, actor, result, day=None):
    day = day or remedy.received_on + datetime.timedelta(days=20)
    with at(day):
        return services.record_outcome(
            remedy_id=remedy.pk, actor=actor, outcome=result, outcome_on=day, document_number="X1"
        )


# --- deadlines ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_reconsideration_reply_is_due_in_ten_working_days_across_national_day():
    # 行政复议法 第八十八条: its 十日 are working days. Friday 25 Sep 2026, then 国庆 1–7 Oct
    # and the make-up Saturday 10 Oct: the 10th working day is Thursday 15 Oct.
    due = remedies.reply_deadline(K.RECONSIDERATION, D(2026, 9, 25))
    assert due.date == D(2026, 10, 15)
    assert due.at == datetime.datetime(2026, 10, 15, 23, 59, 59, 999999, tzinfo=due.at.tzinfo)
    assert due.at.utcoffset() == datetime.timedelta(hours=8)


@pytest.mark.django_db
def test_lawsuit_defence_is_fifteen_calendar_days_even_over_a_holiday():
    # Friday 11 Sep 2026 + 15 days = Saturday 26 Sep... a rest day: Monday 28 Sep.
    assert remedies.reply_deadline(K.LAWSUIT, D(2026, 9, 11)).date == D(2026, 9, 28)
    # Friday 25 Sep + 15 = Saturday 10 Oct, a make-up working day (调休): it stays. The
    # golden week inside the period does not lengthen it (calendar days).
    assert remedies.reply_deadline(K.LAWSUIT, D(2026, 9, 25)).date == D(2026, 10, 10)
    # Friday 18 Sep + 15 = Saturday 3 Oct, in the holiday: the next working day, Thursday 8 Oct.
    assert remedies.reply_deadline(K.LAWSUIT, D(2026, 9, 18)).date == D(2026, 10, 8)
    # An ordinary Monday: Monday 1 Jun + 15 = Tuesday 16 Jun.
    assert remedies.reply_deadline(K.LAWSUIT, D(2026, 6, 1)).date == D(2026, 6, 16)


@pytest.mark.django_db
def test_body_decision_deadlines_for_information():
    # 复议 60 日 from acceptance: 1 Jun + 60 = Friday 31 Jul.
    assert remedies.body_decision_due(K.RECONSIDERATION, D(2026, 6, 1)) == D(2026, 7, 31)
    # 诉讼 6 months from 立案: 31 Mar -> 30 Sep (no 31 Sep), a Wednesday.
    assert remedies.body_decision_due(K.LAWSUIT, D(2026, 3, 31)) == D(2026, 9, 30)
    # 6 months from 1 Apr = 1 Oct, in the holiday: Thursday 8 Oct.
    assert remedies.body_decision_due(K.LAWSUIT, D(2026, 4, 1)) == D(2026, 10, 8)
    assert remedies.body_decision_due(K.LAWSUIT, None) is None


def test_recording_stores_the_deadline_computed_then(record):
    remedy = record(kind=K.LAWSUIT, received_on=D(2026, 6, 5), accepted_on=D(2026, 6, 2))
    assert remedy.reply_due_on == D(2026, 6, 22)  # Sat 20 Jun -> Mon 22 Jun
    assert remedy.reply_due_at.astimezone(SHANGHAI).date() == D(2026, 6, 22)
    assert remedy.decision_due_on == D(2026, 12, 2)
    assert remedy.status == Remedy.Status.OPEN
    event = AuditEvent.objects.get(action="record_remedy")
    assert event.object_id == str(remedy.pk) and event.actor_id == remedy.recorded_by_id


# --- roles × status -----------------------------------------------------------------------------


@pytest.fixture
def users(clerk, reviewer, approver, inspector, make_user, department):
    return {
        "window_clerk": clerk,
        "reviewer": reviewer,
        "approver": approver,
        "inspector": inspector,
        "liaison": make_user("liaison_m", Role.LIAISON, department=department),
        "nobody": make_user("nobody"),
    }


@pytest.mark.parametrize(
    "role,ok",
    [
        ("approver", True),
        ("reviewer", True),
        ("window_clerk", False),
        ("inspector", False),
        ("liaison", False),
        ("nobody", False),
    ],
)
def test_who_may_record(record, users, role, ok):
    if ok:
        assert record(actor=users[role]).pk
    else:
        with pytest.raises(NotAllowed):
            record(actor=users[role])
        assert not Remedy.objects.exists()


@pytest.mark.parametrize(
    "role,ok",
    [
        ("approver", True),
        ("reviewer", True),
        ("window_clerk", False),
        ("inspector", False),
        ("liaison", False),
    ],
)
def test_who_may_reply_and_record_the_outcome(record, users, role, ok):
    remedy = record()
    with at(D(2026, 6, 10)):
        if ok:
            services.record_reply(remedy_id=remedy.pk, actor=users[role], replied_on=D(2026, 6, 10))
        else:
            with pytest.raises(NotAllowed):
                services.record_reply(
                    remedy_id=remedy.pk, actor=users[role], replied_on=D(2026, 6, 10)
                )
    remedy.refresh_from_db()
    assert remedy.status == ("replied" if ok else "open")
    if ok:
        outcome(remedy, users[role], O.UPHELD)
    else:
        with pytest.raises(NotAllowed):
            outcome(remedy, users[role], O.UPHELD)


def test_reply_only_while_open(record, approver):
    remedy = record()
    with at(D(2026, 6, 10)):
        services.record_reply(remedy_id=remedy.pk, actor=approver, replied_on=D(2026, 6, 10))
        with pytest.raises(InvalidTransition):  # twice
            services.record_reply(remedy_id=remedy.pk, actor=approver, replied_on=D(2026, 6, 10))
    outcome(remedy, approver, O.DISMISSED)
    with at(D(2026, 7, 1)), pytest.raises(InvalidTransition):  # closed
        services.record_reply(remedy_id=remedy.pk, actor=approver, replied_on=D(2026, 7, 1))


def test_outcome_from_open_or_replied_and_once(record, approver):
    withdrawn = outcome(record(case="A"), approver, O.WITHDRAWN)  # straight from open
    assert withdrawn.status == "closed" and withdrawn.follow_up == "none"
    with pytest.raises(InvalidTransition):
        outcome(withdrawn, approver, O.ANNULLED)
    assert Remedy.objects.get(pk=withdrawn.pk).outcome == O.WITHDRAWN


def test_resolve_only_for_the_approver_of_a_flagged_outcome(record, approver, reviewer):
    flagged = outcome(record(case="A"), reviewer, O.ORDERED_TO_ACT)
    assert flagged.follow_up == Remedy.FollowUp.APPROVER
    with at(D(2026, 7, 1)):
        with pytest.raises(NotAllowed):
            services.resolve_follow_up(remedy_id=flagged.pk, actor=reviewer, note="已重新受理")
        with pytest.raises(InvalidInput):
            services.resolve_follow_up(remedy_id=flagged.pk, actor=approver, note=" \u200b ")
        done = services.resolve_follow_up(
            remedy_id=flagged.pk, actor=approver, note="已重新作出决定"
        )
        assert done.follow_up == Remedy.FollowUp.DONE
        with pytest.raises(InvalidTransition) as again:
            services.resolve_follow_up(remedy_id=flagged.pk, actor=approver, note="再次")
        assert again.value.code == "no_follow_up"
    plain = outcome(record(case="B"), approver, O.UPHELD)
    with at(D(2026, 7, 1)), pytest.raises(InvalidTransition):
        services.resolve_follow_up(remedy_id=plain.pk, actor=approver, note="无")
    open_one = record(case="C")
    with at(D(2026, 7, 1)), pytest.raises(InvalidTransition):
        services.resolve_follow_up(remedy_id=open_one.pk, actor=approver, note="无")


# --- input --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "received_on,field",
    [(D(2026, 5, 31), "received_on"), (D(2026, 6, 9), "received_on")],  # before decision; future
)
def test_received_on_between_the_decision_and_today(record, received_on, field):
    with pytest.raises(InvalidInput) as exc:
        record(received_on=received_on, today=D(2026, 6, 8))
    assert field in exc.value.fields


def test_accepted_on_not_after_receipt(record):
    with pytest.raises(InvalidInput) as exc:
        record(received_on=D(2026, 6, 8), accepted_on=D(2026, 6, 9), today=D(2026, 6, 10))
    assert "accepted_on" in exc.value.fields


@pytest.mark.parametrize("field", ["body", "case", "claimant"])
def test_required_texts_refuse_invisible_only(record, field):
    kwargs = {"body": "示例县人民政府", "case": "A1", "claimant": "李四"}
    kwargs[field] = "\u200b\u3000"
    with pytest.raises(InvalidInput):
        record(**kwargs)


def test_huge_case_number_is_refused(record):
    with pytest.raises(InvalidInput) as exc:
        record(case="号" * 61)
    assert "case_number" in exc.value.fields


def test_same_case_twice_is_409(record):
    record(case="（2026）示0101行初12号", kind=K.LAWSUIT, body="示例县人民法院")
    with pytest.raises(InvalidTransition) as exc:
        record(case="（2026）示0101行初12号", kind=K.LAWSUIT, body="示例县人民法院")
    assert exc.value.code == "duplicate_case"
    assert Remedy.objects.count() == 1


def test_unknown_decision_is_not_found(record):
    with pytest.raises(NotFound):
        record(decision_id=10**12)


def test_outcome_date_and_choice_checked(record, approver):
    remedy = record()
    with at(D(2026, 6, 10)):
        with pytest.raises(InvalidInput):
            services.record_outcome(
                remedy_id=remedy.pk, actor=approver, outcome="quashed", outcome_on=D(2026, 6, 10)
            )
        with pytest.raises(InvalidInput):  # before the copy was received
            services.record_outcome(
                remedy_id=remedy.pk, actor=approver, outcome="upheld", outcome_on=D(2026, 6, 1)
            )
        with pytest.raises(InvalidInput):  # in the future
            services.record_outcome(
                remedy_id=remedy.pk, actor=approver, outcome="upheld", outcome_on=D(2026, 6, 11)
            )
    assert Remedy.objects.get(pk=remedy.pk).status == "open"


# --- what an outcome starts ---------------------------------------------------------------------


def test_annulled_approval_starts_one_revoke_procedure(record, approver, decision):
    remedy = outcome(record(), approver, O.ANNULLED)
    procedure = PermitProcedure.objects.get()
    assert (procedure.kind, procedure.source, procedure.source_ref) == (
        "revoke",
        "remedy",
        str(remedy.pk),
    )
    assert procedure.permit_id == decision.permit_id
    assert remedy.follow_up == Remedy.FollowUp.PROCEDURE and remedy.procedure_id == procedure.pk
    # A double submit of the outcome is refused and starts nothing more.
    with pytest.raises(InvalidTransition):
        outcome(remedy, approver, O.ANNULLED)
    assert PermitProcedure.objects.count() == 1


def test_changed_approval_starts_a_change_procedure(record, reviewer):
    remedy = outcome(record(), reviewer, O.CHANGED)
    assert PermitProcedure.objects.get().kind == "change"
    assert remedy.follow_up == Remedy.FollowUp.PROCEDURE


@pytest.mark.parametrize("result", [O.UPHELD, O.DISMISSED, O.WITHDRAWN])
def test_outcomes_that_leave_the_decision_start_nothing(record, approver, result):
    remedy = outcome(record(), approver, result)
    assert remedy.follow_up == Remedy.FollowUp.NONE
    assert not PermitProcedure.objects.exists()


@pytest.mark.parametrize("result", [O.ORDERED_TO_ACT, O.CONFIRMED_UNLAWFUL])
def test_orders_and_findings_are_flagged_for_the_approver(record, approver, result):
    remedy = outcome(record(), approver, result)
    assert remedy.follow_up == Remedy.FollowUp.APPROVER
    assert not PermitProcedure.objects.exists()


def test_annulled_denial_reopens_nothing_but_is_flagged(clerk, reviewer, approver, submitted_deny):
    denial = submitted_deny()
    with at(D(2026, 6, 8)):
        remedy = services.record_remedy(
            decision_id=denial.pk,
            actor=reviewer,
            kind=K.RECONSIDERATION,
            body="示例县人民政府",
            case_number="D1",
            claimant="王小明",
            received_on=D(2026, 6, 8),
        )
    remedy = outcome(remedy, approver, O.ANNULLED)
    assert remedy.follow_up == Remedy.FollowUp.APPROVER
    assert not PermitProcedure.objects.exists()
    denial.application.refresh_from_db()
    assert denial.application.status == "denied"


@pytest.fixture
def submitted_deny(clerk, reviewer, approver, department):
    from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

    def _deny():
        SealFactory()
        version = PublishedVersionFactory(setup=[department])
        with at(D(2026, 6, 1)):
            app = services.submit(
                clerk=clerk,
                item_version=version,
                applicant=ApplicantFactory(),
                provided={m: True for m in version.materials.values_list("pk", flat=True)},
                content="开办餐馆",
            )
            services.accept(application_id=app.pk, clerk=clerk)
            services.review(
                application_id=app.pk,
                reviewer=reviewer,
                opinion="不符合",
                recommendation="deny",
                site_inspection="已踏勘",
            )
            return services.decide(
                application_id=app.pk, approver=approver, approve=False, reason="不符合条件"
            )

    return _deny


def test_annulled_approval_whose_permit_is_already_revoked_is_flagged(record, approver, decision):
    with at(D(2026, 6, 5)):
        services.act_on_permit(
            permit_number=decision.permit.number, approver=approver, kind="revoke", reason="另案"
        )
    remedy = outcome(record(), approver, O.ANNULLED)
    assert remedy.follow_up == Remedy.FollowUp.APPROVER
    assert "未能自动启动" in remedy.follow_up_note
    assert not PermitProcedure.objects.exists()


def test_the_signal_is_sent_once_inside_the_transaction(record, approver):
    seen = []

    def receiver(sender, remedy, **kwargs):
        from django.db import connection

        seen.append((sender, remedy.pk, remedy.outcome, connection.in_atomic_block))

    signals.remedy_outcome_recorded.connect(receiver)
    try:
        remedy = record()
        with at(D(2026, 6, 10)):
            services.record_reply(remedy_id=remedy.pk, actor=approver, replied_on=D(2026, 6, 10))
        assert seen == []
        outcome(remedy, approver, O.ANNULLED)
        with pytest.raises(InvalidTransition):
            outcome(remedy, approver, O.ANNULLED)
    finally:
        signals.remedy_outcome_recorded.disconnect(receiver)
    assert seen == [(Remedy, remedy.pk, "annulled", True)]


def test_a_failing_receiver_rolls_the_outcome_back(record, approver):
    def boom(sender, remedy, **kwargs):
        raise RuntimeError("down")

    remedy = record()
    signals.remedy_outcome_recorded.connect(boom)
    try:
        with pytest.raises(RuntimeError):
            outcome(remedy, approver, O.ANNULLED)
    finally:
        signals.remedy_outcome_recorded.disconnect(boom)
    assert Remedy.objects.get(pk=remedy.pk).status == "open"
    assert not PermitProcedure.objects.exists()


# --- the monitoring page ------------------------------------------------------------------------


def test_reply_deadline_is_yellow_then_red_on_the_monitoring_page(record, approver):
    from accountability.oversight import deadlines

    # 10 working days after Monday 8 Jun, over 端午 (Friday 19 Jun): Tuesday 23 Jun.
    remedy = record(received_on=D(2026, 6, 8))
    assert remedy.reply_due_on == D(2026, 6, 23)

    def colour(day, hour=10):
        now = datetime.datetime.combine(day, datetime.time(hour), SHANGHAI)
        rows = deadlines.open_deadlines(codes=["remedy"], now=now)
        return [(r.object_id, r.colour) for r in rows]

    assert colour(D(2026, 6, 18)) == [(remedy.pk, "")]
    assert colour(D(2026, 6, 19)) == [(remedy.pk, "")]  # the holiday: two working days left
    assert colour(D(2026, 6, 22)) == [(remedy.pk, "yellow")]  # one working day left
    assert colour(D(2026, 6, 23), 23) == [(remedy.pk, "yellow")]  # the day itself
    assert colour(D(2026, 6, 24), 0) == [(remedy.pk, "red")]
    # The list page's colour reads the same rule.
    for day, state in [(D(2026, 6, 19), ""), (D(2026, 6, 22), "warn"), (D(2026, 6, 24), "late")]:
        now = datetime.datetime.combine(day, datetime.time(10), SHANGHAI)
        remedies.mark_reply_due([remedy], now)
        assert remedy.due_state == state
    with at(D(2026, 6, 22)):
        services.record_reply(remedy_id=remedy.pk, actor=approver, replied_on=D(2026, 6, 22))
    assert colour(D(2026, 6, 24)) == []


def test_the_warning_goes_to_the_recorder_and_the_approvers(record, reviewer, approver):
    from accountability.oversight import deadlines

    remedy = record(actor=reviewer)
    kind = deadlines.kind("remedy")
    rows = kind.rows(deadlines.Filters())
    assert [r.object_id for r in rows] == [remedy.pk]
    assert rows[0].person_id == reviewer.pk and rows[0].item.startswith("测试许可")
    assert {u.pk for u in kind.recipients(rows)[remedy.pk]} == {reviewer.pk, approver.pk}
    assert kind.rows(deadlines.Filters(person_id=approver.pk)) == []
