"""The branches (approvals.services.branches): 退回重审, 撤回申请, 终止, 即办件 一审一核 and the
not-transferred refusal at intake — every transition allowed and refused (state × role)."""

import pytest

from approvals import selectors, services, workflow
from approvals.models import Application, ReviewOpinion
from approvals.services import branches
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.factories import DepartmentFactory, PublishedVersionFactory

S = Application.Status
BEFORE = sorted(workflow.BEFORE_DECISION)
HOSTILE_BLANK = ["", "   ", "\u200b\u200b", "\u3000", "\ufeff \u200d"]


@pytest.fixture
def notices(monkeypatch):
    """Every notice the branches issue (kind, application id, actor), passed on to the real
    approvals.archive.issue_notice once the documents part has it."""
    calls = []
    real = branches._issue_notice

    def spy(kind, *, application, actor):
        calls.append((kind, application.pk, actor))
        try:
            import approvals.archive  # noqa: F401
        except ImportError:  # the documents part has not landed its archive yet
            return None
        return real(kind, application=application, actor=actor)

    monkeypatch.setattr(branches, "_issue_notice", spy)
    return calls


@pytest.fixture
def in_status(submitted, accepted, reviewed, clerk, reviewer, approver, materials, seal):
    """in_status(status) -> an application brought there through the real services."""

    def _make(status):
        if status == S.SUBMITTED:
            return submitted()
        if status == S.CORRECTION_REQUESTED:
            app = submitted()
            return services.request_correction(
                application_id=app.pk, clerk=clerk, missing=[materials[1]]
            )
        if status == S.ACCEPTED:
            return accepted()
        if status == S.UNDER_REVIEW:
            app = accepted()
            return services.start_review(application_id=app.pk, reviewer=reviewer)
        if status == S.REVIEWED:
            return reviewed()
        if status == S.REFUSED:
            app = submitted()
            return services.refuse(application_id=app.pk, clerk=clerk, reason="不符合条件")
        if status in (S.APPROVED, S.DENIED, S.DELIVERED):
            app = reviewed()
            services.decide(
                application_id=app.pk,
                approver=approver,
                approve=status != S.DENIED,
                reason="" if status != S.DENIED else "不符合",
            )
            if status == S.DELIVERED:
                services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
            app.refresh_from_db()
            return app
        raise AssertionError(status)

    return _make


def _events(app, action):
    return list(AuditEvent.objects.filter(object_id=str(app.pk), action=action))


# --- 退回重审 ----------------------------------------------------------------------------------


def test_send_back_returns_a_reviewed_case_to_review_with_the_reason(
    at_monday, in_status, approver, reviewer
):
    app = in_status(S.REVIEWED)
    back = services.send_back(application_id=app.pk, approver=approver, reason="现场踏勘记录不全")
    back.refresh_from_db()
    assert back.status == S.UNDER_REVIEW
    assert back.send_back_reason == "现场踏勘记录不全"
    assert back.sent_back_at is not None
    assert back.reviewed_by == reviewer  # it goes back to the same reviewer
    assert ReviewOpinion.objects.filter(application=app).count() == 1  # the old opinion stays
    [event] = _events(app, "send_back")
    assert (event.before, event.after, event.note) == (
        S.REVIEWED,
        S.UNDER_REVIEW,
        "现场踏勘记录不全",
    )
    assert back in selectors.review_queue(reviewer)
    assert back not in selectors.decide_queue(approver)


def test_sent_back_case_is_reviewed_again_then_decided(at_monday, in_status, approver, reviewer):
    app = in_status(S.REVIEWED)
    services.send_back(application_id=app.pk, approver=approver, reason="请补充意见")
    with pytest.raises(InvalidTransition):
        services.decide(application_id=app.pk, approver=approver, approve=True)
    services.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="补充:经复核符合条件",
        recommendation="approve",
        site_inspection="已复核",
    )
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    app.refresh_from_db()
    assert app.status == S.APPROVED and decision.permit is not None
    assert [o.opinion for o in app.opinions.all()] == ["材料齐全,符合条件", "补充:经复核符合条件"]


def test_another_reviewer_may_not_answer_a_case_sent_back_to_its_reviewer(
    at_monday, in_status, approver, make_user
):
    app = in_status(S.REVIEWED)
    services.send_back(application_id=app.pk, approver=approver, reason="请补充意见")
    other = make_user("reviewer2", "reviewer")
    with pytest.raises(NotAllowed) as err:
        services.review(
            application_id=app.pk,
            reviewer=other,
            opinion="x",
            recommendation="approve",
            site_inspection="x",
        )
    assert err.value.code == "not_your_case"


@pytest.mark.parametrize("status", [s for s in S.values if s != S.REVIEWED])
def test_send_back_is_refused_outside_reviewed(at_monday, in_status, approver, status):
    if status in (S.WITHDRAWN, S.TERMINATED):
        pytest.skip("made below, by their own services")
    app = in_status(status)
    with pytest.raises(InvalidTransition) as err:
        services.send_back(application_id=app.pk, approver=approver, reason="x")
    assert err.value.status == 409
    app.refresh_from_db()
    assert app.status == status


@pytest.mark.parametrize("who", ["clerk", "reviewer", "inspector"])
def test_only_the_approver_sends_back(at_monday, in_status, request, who):
    app = in_status(S.REVIEWED)
    with pytest.raises(NotAllowed):
        services.send_back(application_id=app.pk, approver=request.getfixturevalue(who), reason="x")
    app.refresh_from_db()
    assert app.status == S.REVIEWED


def test_send_back_is_refused_while_a_special_procedure_runs(at_monday, in_status, approver):
    app = in_status(S.REVIEWED)
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="hearing")
    with pytest.raises(InvalidTransition):
        services.send_back(application_id=app.pk, approver=approver, reason="x")


@pytest.mark.parametrize("reason", HOSTILE_BLANK)
def test_send_back_needs_a_visible_reason(at_monday, in_status, approver, reason):
    app = in_status(S.REVIEWED)
    with pytest.raises(InvalidInput) as err:
        services.send_back(application_id=app.pk, approver=approver, reason=reason)
    assert err.value.code == "reason_required" and "reason" in err.value.fields


def test_send_back_reason_is_limited_and_normalized(at_monday, in_status, approver):
    app = in_status(S.REVIEWED)
    with pytest.raises(InvalidInput) as err:
        services.send_back(application_id=app.pk, approver=approver, reason="长" * 2001)
    assert "reason" in err.value.fields
    back = services.send_back(
        application_id=app.pk, approver=approver, reason="\u200b 请\u200b补充 \u3000"
    )
    assert "\u200b" not in back.send_back_reason and back.send_back_reason.startswith("请")


# --- 撤回申请 / 终止 ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", BEFORE)
def test_clerk_records_a_withdrawal_before_the_decision(
    at_monday, in_status, clerk, notices, status
):
    app = in_status(status)
    closed = services.withdraw(application_id=app.pk, clerk=clerk, reason="申请人书面申请撤回")
    closed.refresh_from_db()
    assert closed.status == S.WITHDRAWN and not closed.deemed_withdrawn
    assert (closed.closure_reason, closed.closed_by) == ("申请人书面申请撤回", clerk)
    assert notices == [("withdrawal", app.pk, clerk)]
    [event] = _events(app, "withdraw_application")
    assert (event.before, event.after) == (status, S.WITHDRAWN)


@pytest.mark.parametrize("status", BEFORE)
@pytest.mark.parametrize("who", ["clerk", "approver"])
def test_clerk_or_approver_terminates_before_the_decision(
    at_monday, in_status, request, notices, status, who
):
    actor = request.getfixturevalue(who)
    app = in_status(status)
    closed = services.terminate(application_id=app.pk, actor=actor, reason="申请单位已注销")
    closed.refresh_from_db()
    assert closed.status == S.TERMINATED and closed.closed_by == actor
    assert notices == [("termination", app.pk, actor)]


@pytest.mark.parametrize(
    "status", [S.REFUSED, S.APPROVED, S.DENIED, S.DELIVERED], ids=lambda s: str(s)
)
@pytest.mark.parametrize("service", ["withdraw", "terminate"])
def test_no_withdrawal_or_termination_after_the_decision(
    at_monday, in_status, clerk, notices, status, service
):
    app = in_status(status)
    kwargs = {"clerk": clerk} if service == "withdraw" else {"actor": clerk}
    with pytest.raises(InvalidTransition) as err:
        getattr(services, service)(application_id=app.pk, reason="撤回", **kwargs)
    assert err.value.status == 409
    app.refresh_from_db()
    assert app.status == status and notices == []


@pytest.mark.parametrize("service", ["withdraw", "terminate"])
def test_a_closed_application_cannot_be_closed_again(at_monday, in_status, clerk, notices, service):
    app = in_status(S.ACCEPTED)
    kwargs = {"clerk": clerk} if service == "withdraw" else {"actor": clerk}
    getattr(services, service)(application_id=app.pk, reason="第一次", **kwargs)
    for again in (services.withdraw, services.terminate):
        with pytest.raises(InvalidTransition):
            if again is services.withdraw:
                again(application_id=app.pk, clerk=clerk, reason="第二次")
            else:
                again(application_id=app.pk, actor=clerk, reason="第二次")
    assert len(notices) == 1


@pytest.mark.parametrize("who", ["reviewer", "approver", "inspector"])
def test_only_the_clerk_records_a_withdrawal(at_monday, in_status, request, notices, who):
    app = in_status(S.ACCEPTED)
    with pytest.raises(NotAllowed):
        services.withdraw(application_id=app.pk, clerk=request.getfixturevalue(who), reason="x")
    assert notices == []


@pytest.mark.parametrize("who", ["reviewer", "inspector"])
def test_reviewer_and_inspector_may_not_terminate(at_monday, in_status, request, notices, who):
    app = in_status(S.UNDER_REVIEW)
    with pytest.raises(NotAllowed):
        services.terminate(application_id=app.pk, actor=request.getfixturevalue(who), reason="x")
    assert notices == []


@pytest.mark.parametrize("reason", HOSTILE_BLANK)
def test_withdraw_and_terminate_need_a_visible_reason(at_monday, in_status, clerk, notices, reason):
    app = in_status(S.ACCEPTED)
    for call in (
        lambda: services.withdraw(application_id=app.pk, clerk=clerk, reason=reason),
        lambda: services.terminate(application_id=app.pk, actor=clerk, reason=reason),
    ):
        with pytest.raises(InvalidInput) as err:
            call()
        assert err.value.code == "reason_required"
    app.refresh_from_db()
    assert app.status == S.ACCEPTED and notices == []


def test_closing_ends_an_open_special_procedure(at_monday, in_status, approver, notices):
    app = in_status(S.UNDER_REVIEW)
    services.start_special_procedure(application_id=app.pk, actor=approver, kind="hearing")
    services.terminate(application_id=app.pk, actor=approver, reason="申请人死亡")
    app.refresh_from_db()
    assert not app.paused
    assert app.special_procedures.get().ended_at is not None


def test_closed_applications_are_not_open_overdue_or_queued(
    at_monday, in_status, clerk, approver, reviewer, notices
):
    withdrawn = in_status(S.ACCEPTED)
    terminated = in_status(S.REVIEWED)
    services.withdraw(application_id=withdrawn.pk, clerk=clerk, reason="撤回")
    services.terminate(application_id=terminated.pk, actor=approver, reason="终止")
    at_monday.shift(60 * 60 * 24 * 90)  # long past both due dates
    from django.utils import timezone

    now = timezone.now()
    for app in (withdrawn, terminated):
        app.refresh_from_db()
        assert app.status not in Application.OPEN_STATUSES
        assert not app.is_overdue_at(now)
    assert not Application.objects.overdue(now).exists()
    assert not Application.objects.to_flag(now).exists()
    assert not selectors.review_queue(reviewer).exists()
    assert not selectors.decide_queue(approver).exists()
    assert not selectors.open_deadlines().exists()
    assert not selectors.closed_case_files().exists()


# --- 即办件: the accepting clerk is not the one who decides ------------------------------------


@pytest.fixture
def instant_version(db):
    version = PublishedVersionFactory(committed_limit_days=1)
    version.instant = True
    version.save(update_fields=["instant"])
    return version


def _accept_instant(version, clerk, applicant):
    app = services.submit(
        clerk=clerk,
        item_version=version,
        applicant=applicant,
        provided={m.pk: True for m in version.materials.all()},
    )
    return services.accept(application_id=app.pk, clerk=clerk)


def test_instant_item_is_not_decided_by_the_clerk_who_accepted_it(
    at_monday, instant_version, applicant, make_user, approver, seal
):
    both = make_user("clerk_approver", "window_clerk", "approver")
    app = _accept_instant(instant_version, both, applicant)
    with pytest.raises(NotAllowed) as err:
        services.decide(application_id=app.pk, approver=both, approve=True)
    assert err.value.code == "same_person" and err.value.status == 403
    app.refresh_from_db()
    assert app.status == S.ACCEPTED
    # Another approver decides on the spot, straight after acceptance (INSTANT_DECIDE_FROM).
    services.decide(application_id=app.pk, approver=approver, approve=True)
    app.refresh_from_db()
    assert app.status == S.APPROVED


def test_the_accepting_clerk_may_decide_an_ordinary_reviewed_item(
    at_monday, version, applicant, make_user, reviewer, seal
):
    """The 即办件 rule only: an ordinary item has its reviewer as the second person."""
    both = make_user("clerk_approver", "window_clerk", "approver")
    app = services.submit(
        clerk=both,
        item_version=version,
        applicant=applicant,
        provided={m.pk: True for m in version.materials.all()},
    )
    services.accept(application_id=app.pk, clerk=both)
    services.review(
        application_id=app.pk, reviewer=reviewer, opinion="同意", recommendation="approve"
    )
    services.decide(application_id=app.pk, approver=both, approve=True)
    app.refresh_from_db()
    assert app.status == S.APPROVED


# --- items not transferred to the bureau -------------------------------------------------------


def test_a_not_transferred_item_is_refused_at_intake_naming_its_department(
    at_monday, clerk, applicant
):
    department = DepartmentFactory(code="water", name="县水利局")
    version = PublishedVersionFactory()
    version.transferred, version.handling_department = False, department
    version.save(update_fields=["transferred", "handling_department"])
    with pytest.raises(InvalidInput) as err:
        services.submit(clerk=clerk, item_version=version, applicant=applicant, provided={})
    assert err.value.code == "not_transferred"
    assert "县水利局" in str(err.value.message) and "item" in err.value.fields
    assert not Application.objects.exists()


def test_a_not_transferred_item_without_a_department_is_still_refused(at_monday, clerk, applicant):
    version = PublishedVersionFactory()
    version.transferred = False
    version.save(update_fields=["transferred"])
    with pytest.raises(InvalidInput) as err:
        services.submit(clerk=clerk, item_version=version, applicant=applicant, provided={})
    assert err.value.code == "not_transferred" and "原主管部门" in str(err.value.message)


def test_a_not_transferred_item_takes_nothing_in(at_monday, clerk):
    from approvals.models import Applicant

    version = PublishedVersionFactory()
    version.transferred = False
    version.save(update_fields=["transferred"])
    with pytest.raises(InvalidInput):
        services.take_in(
            clerk=clerk,
            item_version=version,
            applicant={
                "kind": "person",
                "name": "李四",
                "id_number": "440305199003071236",
                "phone": "13800000001",
                "address": "示例县",
            },
            provided={},
        )
    assert not Applicant.objects.exists()
