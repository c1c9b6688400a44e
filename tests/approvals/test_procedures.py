"""Later decisions on a permit as procedures: start → review → decide (一审一核) → deliver, the
kinds each permit state allows, who may do what, a double submit, suspension and reinstatement,
审批内容 in the first decision."""

import datetime

import pytest
from django.db import transaction

from approvals import procedures as rules
from approvals import services
from approvals.models import Decision, Permit, PermitProcedure
from audit.models import AuditEvent
from core.errors import InvalidInput, InvalidTransition, NotAllowed, NotFound
from tests.flows import decide_on_permit

K = PermitProcedure.Kind
P = PermitProcedure.Status
PS = Permit.Status


@pytest.fixture
def permit(reviewed, approver, seal):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    return Permit.objects.get(application=app)


@pytest.fixture
def reviewer2(make_user):
    return make_user("reviewer2", "reviewer")


def _start(permit, actor, kind="revoke", source="ex_officio", reason="以欺骗手段取得许可", **kw):
    return services.start_procedure(
        permit_number=permit.number, kind=kind, actor=actor, source=source, reason=reason, **kw
    )


def _review(procedure, reviewer, recommendation="approve"):
    return services.review_procedure(
        procedure_id=procedure.pk,
        reviewer=reviewer,
        opinion="经核查属实",
        recommendation=recommendation,
    )


def _decide(procedure, approver, approve=True, **kw):
    return services.decide_procedure(
        procedure_id=procedure.pk, approver=approver, approve=approve, **kw
    )


# --- the path -----------------------------------------------------------------------------------


def test_a_revocation_is_started_reviewed_decided_under_the_seal_and_delivered(
    permit, clerk, reviewer, approver
):
    procedure = _start(permit, approver)
    assert procedure.status == P.STARTED and procedure.started_by == approver
    permit.refresh_from_db()
    assert permit.status == PS.VALID  # nothing decided yet
    _review(procedure, reviewer)
    procedure = _decide(procedure, approver)
    assert procedure.status == P.DECIDED
    decision = procedure.decision
    assert decision.kind == Decision.Kind.REVOKE and decision.permit == permit
    assert decision.number == "示审批〔2026〕2号" and decision.seal_use.used_by == approver
    assert decision.reason == "以欺骗手段取得许可"
    permit.refresh_from_db()
    assert permit.status == PS.REVOKED
    procedure = services.deliver_procedure(
        procedure_id=procedure.pk, clerk=clerk, collected_by="王小明"
    )
    assert procedure.status == P.DELIVERED and procedure.delivered_by == clerk
    actions = list(
        AuditEvent.objects.filter(object_id=str(procedure.pk), action__endswith="_procedure")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "start_procedure",
        "review_procedure",
        "decide_procedure",
        "deliver_procedure",
    ]


def test_the_approver_may_not_be_the_reviewer(permit, make_user, approver):
    both = make_user("both", "reviewer", "approver")
    procedure = _start(permit, approver)
    _review(procedure, both)
    with pytest.raises(NotAllowed) as err:
        _decide(procedure, both)
    assert err.value.code == "same_person"
    with pytest.raises(NotAllowed) as err:
        _decide(procedure, both, approve=False, reason="x")
    assert err.value.code == "same_person"
    procedure.refresh_from_db()
    assert procedure.status == P.REVIEWED and procedure.decision is None


def test_a_declined_procedure_is_closed_with_its_reason_and_the_permit_stands(
    permit, reviewer, approver
):
    procedure = _start(permit, approver)
    _review(procedure, reviewer, recommendation="decline")
    with pytest.raises(InvalidInput) as err:
        _decide(procedure, approver, approve=False, reason=" \u200b ")
    assert err.value.code == "reason_required"
    procedure = _decide(procedure, approver, approve=False, reason="证据不足")
    assert procedure.status == P.DECLINED and procedure.decline_reason == "证据不足"
    assert procedure.decision is None
    permit.refresh_from_db()
    assert permit.status == PS.VALID
    with pytest.raises(InvalidTransition):
        _decide(procedure, approver)
    # closed: a new one of the same kind may start
    assert _start(permit, approver).pk != procedure.pk


def test_sent_back_to_review_then_reviewed_again_and_decided(permit, reviewer, approver):
    procedure = _start(permit, approver)
    _review(procedure, reviewer)
    with pytest.raises(InvalidInput) as err:
        services.send_back_procedure(procedure_id=procedure.pk, approver=approver, reason="")
    assert err.value.code == "reason_required"
    procedure = services.send_back_procedure(
        procedure_id=procedure.pk, approver=approver, reason="请补充违法事实"
    )
    assert procedure.status == P.SENT_BACK and procedure.send_back_reason == "请补充违法事实"
    with pytest.raises(InvalidTransition):
        _decide(procedure, approver)
    _review(procedure, reviewer)
    assert _decide(procedure, approver).status == P.DECIDED


# --- kinds × permit status ----------------------------------------------------------------------

ALL_STATUSES = [s.value for s in PS]


@pytest.mark.parametrize("kind", K.values)
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_which_kinds_may_start_on_which_permit_status(permit, approver, kind, status):
    Permit.objects.filter(pk=permit.pk).update(status=status)
    allowed = status in rules.PERMIT_STATUSES[kind]
    if allowed:
        assert _start(permit, approver, kind=kind).status == P.STARTED
    else:
        with pytest.raises(InvalidTransition) as err:
            _start(permit, approver, kind=kind)
        assert err.value.code == "permit_status"


def test_the_table_says_what_the_rules_are():
    assert rules.PERMIT_STATUSES[K.SUSPEND] == {PS.VALID}
    assert rules.PERMIT_STATUSES[K.REINSTATE] == {PS.SUSPENDED}
    assert PS.REVOKED not in rules.PERMIT_STATUSES[K.CHANGE]


def test_a_valid_permit_past_its_validity_is_expired_for_the_rules(permit, approver):
    Permit.objects.filter(pk=permit.pk).update(valid_until=datetime.date(2020, 1, 1))
    with pytest.raises(InvalidTransition):
        _start(permit, approver, kind="suspend")
    assert _start(permit, approver, kind="cancel").status == P.STARTED


def test_the_permit_is_checked_again_when_deciding(permit, reviewer, approver):
    change = _start(permit, approver, kind="change", reason="地址变更", content="新地址")
    revoke = _start(permit, approver)
    for procedure in (change, revoke):
        _review(procedure, reviewer)
    _decide(revoke, approver)
    with pytest.raises(InvalidTransition) as err:
        _decide(change, approver)
    assert err.value.code == "permit_status"
    change.refresh_from_db()
    assert change.status == P.REVIEWED


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "role", "ok"),
    [
        ("window", "window_clerk", True),
        ("window", "approver", False),
        ("window", "reviewer", False),
        ("report", "approver", True),
        ("report", "window_clerk", False),
        ("ex_officio", "approver", True),
        ("ex_officio", "reviewer", True),
        ("ex_officio", "window_clerk", False),
        ("remedy", "reviewer", True),
        ("remedy", "approver", True),
        ("remedy", "window_clerk", False),
        ("ex_officio", "inspector", False),
        ("ex_officio", "liaison", False),
        ("ex_officio", "catalog_admin", False),
    ],
)
def test_who_may_start_from_which_source(permit, make_user, source, role, ok):
    user = make_user(f"u_{role}", role)
    kind = "cancel"  # every source may start a cancellation
    if ok:
        assert _start(permit, user, kind=kind, source=source).source == source
    else:
        with pytest.raises(NotAllowed):
            _start(permit, user, kind=kind, source=source)


@pytest.mark.parametrize("kind", ["revoke", "withdraw", "suspend"])
def test_the_window_cannot_start_the_bureaus_own_acts(permit, clerk, kind):
    with pytest.raises(InvalidInput) as err:
        _start(permit, clerk, kind=kind, source="window")
    assert err.value.code == "kind_not_allowed"


def test_each_step_is_for_its_role_only(permit, clerk, reviewer, approver, inspector):
    procedure = _start(permit, approver)
    for user in (clerk, approver, inspector):
        with pytest.raises(NotAllowed):
            _review(procedure, user)
    _review(procedure, reviewer)
    for user in (clerk, reviewer, inspector):
        with pytest.raises(NotAllowed):
            _decide(procedure, user)
        with pytest.raises(NotAllowed):
            services.send_back_procedure(procedure_id=procedure.pk, approver=user, reason="x")
    _decide(procedure, approver)
    for user in (reviewer, approver, inspector):
        with pytest.raises(NotAllowed):
            services.deliver_procedure(procedure_id=procedure.pk, clerk=user, collected_by="x")


# --- procedure status × action -------------------------------------------------------------------


def _act(action, procedure, clerk, reviewer, approver):
    if action == "review":
        return _review(procedure, reviewer)
    if action == "decide":
        return _decide(procedure, approver)
    if action == "decline":
        return _decide(procedure, approver, approve=False, reason="不予")
    if action == "send_back":
        return services.send_back_procedure(
            procedure_id=procedure.pk, approver=approver, reason="x"
        )
    return services.deliver_procedure(procedure_id=procedure.pk, clerk=clerk, collected_by="王")


ACTION_OF = {
    "review": rules.ProcedureAction.REVIEW,
    "decide": rules.ProcedureAction.DECIDE,
    "decline": rules.ProcedureAction.DECLINE,
    "send_back": rules.ProcedureAction.SEND_BACK,
    "deliver": rules.ProcedureAction.DELIVER,
}


@pytest.mark.parametrize("action", list(ACTION_OF))
@pytest.mark.parametrize("status", P.values)
def test_each_action_is_refused_from_every_other_status(
    permit, clerk, reviewer, approver, action, status
):
    procedure = _start(permit, approver, kind="cancel")
    if status in rules.ALLOWED[ACTION_OF[action]]:
        pytest.skip("allowed: the path tests run it")
    PermitProcedure.objects.filter(pk=procedure.pk).update(status=status, reviewed_by=reviewer)
    with pytest.raises(InvalidTransition):
        _act(action, procedure, clerk, reviewer, approver)
    procedure.refresh_from_db()
    assert procedure.status == status


def test_every_allowed_action_is_run_by_some_path():
    """The skipped cells above are exactly the ALLOWED table, which the path tests walk."""
    assert rules.ALLOWED[rules.ProcedureAction.REVIEW] == {P.STARTED, P.SENT_BACK}
    assert rules.ALLOWED[rules.ProcedureAction.DECIDE] == {P.REVIEWED}
    assert rules.ALLOWED[rules.ProcedureAction.DELIVER] == {P.DECIDED}


def test_an_unknown_procedure_is_not_found(approver):
    for pk in (10**9, "x", None, 2**70):
        with pytest.raises(NotFound):
            services.decide_procedure(procedure_id=pk, approver=approver, approve=True)


# --- one open procedure of a kind; a double submit ---------------------------------------------


def test_a_double_submit_answers_the_first(permit, approver):
    first = _start(permit, approver)
    again = _start(permit, approver)
    assert again.pk == first.pk
    assert PermitProcedure.objects.filter(permit=permit).count() == 1
    assert AuditEvent.objects.filter(action="start_procedure").count() == 1


def test_a_different_request_of_an_open_kind_is_409(permit, approver):
    _start(permit, approver)
    with pytest.raises(InvalidTransition) as err:
        _start(permit, approver, reason="另一个理由")
    assert err.value.code == "procedure_open"
    # another kind is its own procedure
    assert _start(permit, approver, kind="suspend", reason="责令停产停业").kind == "suspend"


def test_start_runs_inside_a_callers_transaction(permit, approver):
    with transaction.atomic():
        procedure = _start(permit, approver)
    assert PermitProcedure.objects.get(pk=procedure.pk).status == P.STARTED


# --- suspension and reinstatement ---------------------------------------------------------------


def test_a_suspension_makes_the_permit_not_valid_until_reinstated(permit, reviewer, approver):
    decide_on_permit(
        permit_number=permit.number,
        kind="suspend",
        starter=approver,
        reviewer=reviewer,
        approver=approver,
        reason="责令停产停业三个月",
    )
    permit.refresh_from_db()
    assert permit.status == PS.SUSPENDED
    assert permit.current_status == PS.SUSPENDED and not permit.is_valid
    with pytest.raises(InvalidTransition):
        _start(permit, approver, kind="suspend")
    with pytest.raises(InvalidTransition):
        _start(permit, approver, kind="change", content="x")
    procedure = decide_on_permit(
        permit_number=permit.number,
        kind="reinstate",
        starter=approver,
        reviewer=reviewer,
        approver=approver,
        reason="整改完毕",
    )
    assert procedure.decision.kind == Decision.Kind.REINSTATE
    permit.refresh_from_db()
    assert permit.status == PS.VALID and permit.is_valid


def test_a_suspended_permit_still_expires(permit, reviewer, approver):
    decide_on_permit(
        permit_number=permit.number,
        kind="suspend",
        starter=approver,
        reviewer=reviewer,
        approver=approver,
    )
    permit.refresh_from_db()
    later = permit.valid_until + datetime.timedelta(days=1)
    assert services.expire_permits(as_of=later) == 1
    permit.refresh_from_db()
    assert permit.status == PS.EXPIRED
    assert services.expire_permits(as_of=later) == 0


def test_a_suspended_permit_past_validity_reads_expired(permit):
    Permit.objects.filter(pk=permit.pk).update(
        status=PS.SUSPENDED, valid_until=datetime.date(2020, 1, 1)
    )
    permit.refresh_from_db()
    assert permit.current_status == PS.EXPIRED


# --- change and renewal -------------------------------------------------------------------------


def test_a_change_issues_a_replacing_permit_with_what_was_asked(permit, clerk, reviewer, approver):
    procedure = decide_on_permit(
        permit_number=permit.number,
        kind="change",
        starter=clerk,
        source="window",
        reviewer=reviewer,
        approver=approver,
        reason="名称变更",
        content="经营场所:新街 1 号",
        holder_name="王小明餐饮店",
    )
    decision = procedure.decision
    new = decision.permit
    assert new.replaces == permit and new.holder_name == "王小明餐饮店"
    assert new.content == decision.content == "经营场所:新街 1 号"
    permit.refresh_from_db()
    assert permit.status == PS.CHANGED


def test_the_approver_may_state_what_is_changed(permit, reviewer, approver):
    procedure = _start(permit, approver, kind="change", reason="变更", content="申请的内容")
    _review(procedure, reviewer)
    procedure = _decide(procedure, approver, content="核准的内容")
    assert procedure.decision.content == "核准的内容"
    assert procedure.decision.permit.content == "核准的内容"


def test_a_renewal_starts_after_the_current_validity(permit, clerk, reviewer, approver):
    procedure = decide_on_permit(
        permit_number=permit.number,
        kind="renew",
        starter=clerk,
        source="window",
        reviewer=reviewer,
        approver=approver,
    )
    new = procedure.decision.permit
    assert new.valid_from == permit.valid_until + datetime.timedelta(days=1)


# --- hostile input ------------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["", "X" * 31, None, 12, "XK\x00", "不存在"])
def test_a_bad_permit_number_is_not_found(db, approver, number):
    with pytest.raises(NotFound):
        services.start_procedure(
            permit_number=number, kind="revoke", actor=approver, source="ex_officio", reason="x"
        )


@pytest.mark.parametrize(
    ("field", "kw"),
    [
        ("kind", {"kind": "approve"}),
        ("kind", {"kind": None}),
        ("source", {"source": "phone"}),
        ("source", {"source": ["window"]}),
        ("reason", {"reason": "\u200b\u200b"}),
        ("reason", {"reason": "长" * 2001}),
        ("valid_until", {"valid_until": datetime.date(2030, 1, 1)}),
        ("holder_name", {"holder_name": "新名称"}),
        ("holder_name", {"holder_name": "\u200b"}),
        ("content", {"content": "x" * 2001}),
        ("source_ref", {"source_ref": "1" * 41}),
    ],
)
def test_bad_input_is_refused_with_its_field(permit, approver, field, kw):
    args = {"kind": "revoke", "source": "ex_officio", "reason": "理由", **kw}
    with pytest.raises(InvalidInput) as err:
        services.start_procedure(permit_number=permit.number, actor=approver, **args)
    assert field in err.value.fields
    assert not PermitProcedure.objects.exists()


def test_a_change_past_the_items_validity_is_refused(permit, approver):
    with pytest.raises(InvalidInput) as err:
        _start(permit, approver, kind="change", valid_until=datetime.date(2099, 1, 1))
    assert err.value.code == "invalid_valid_until"


# --- 审批内容 in the first decision ---------------------------------------------------------------


def test_the_first_decision_carries_what_the_approver_approved(reviewed, approver, seal):
    app = reviewed()
    decision = services.decide(
        application_id=app.pk, approver=approver, approve=True, content="核准:经营超市(不含生鲜)"
    )
    assert decision.content == "核准:经营超市(不含生鲜)"
    assert decision.permit.content == "核准:经营超市(不含生鲜)"
    app.refresh_from_db()
    assert app.content == "申请开办超市"  # the applicant's own text stays as it was


def test_the_first_decision_defaults_to_the_applications_content(reviewed, approver, seal):
    app = reviewed()
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    assert decision.content == "申请开办超市"


def test_a_blank_approved_content_is_refused(reviewed, approver, seal):
    app = reviewed()
    with pytest.raises(InvalidInput) as err:
        services.decide(application_id=app.pk, approver=approver, approve=True, content="\u200b ")
    assert err.value.code == "content_required"
    assert not Decision.objects.exists()


# --- the decision of a procedure is a decision like any other ----------------------------------


def test_a_procedures_decision_is_pushed_and_gets_its_letter(permit, reviewer, approver):
    from approvals.models import IssuedDocument
    from supervision.models import Push

    procedure = decide_on_permit(
        permit_number=permit.number,
        kind="suspend",
        starter=approver,
        reviewer=reviewer,
        approver=approver,
        reason="责令停产停业",
    )
    decision = procedure.decision
    pushes = Push.objects.filter(decision=decision)
    assert pushes.count() == permit.item_version.supervising_departments.count() == 1
    assert IssuedDocument.objects.filter(decision=decision).count() == 1


def test_a_declined_procedure_pushes_nothing(permit, reviewer, approver):
    from supervision.models import Push

    before = Push.objects.count()
    procedure = _start(permit, approver)
    _review(procedure, reviewer, recommendation="decline")
    _decide(procedure, approver, approve=False, reason="证据不足")
    assert Push.objects.count() == before
