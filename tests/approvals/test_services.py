"""Domain rules of intake, review, decision and permits, through the services."""

import datetime

import pytest
import time_machine
from django.db import transaction

from approvals import selectors, services, signals
from approvals.models import Application, ApplicationMaterial, Decision, Permit, SealUse
from audit.services import events_for
from catalog.models import ItemVersion
from core.errors import InvalidInput, InvalidTransition, NotAllowed
from tests.approvals.conftest import SHANGHAI
from tests.factories import PublishedVersionFactory

S = Application.Status
pytestmark = pytest.mark.usefixtures("at_monday", "seal")


# --- intake --------------------------------------------------------------------------------------


def test_only_a_window_clerk_may_submit(reviewer, version, applicant):
    with pytest.raises(NotAllowed):
        services.submit(clerk=reviewer, item_version=version, applicant=applicant, provided={})


def test_a_draft_version_cannot_be_taken_in(clerk, version, applicant):
    ItemVersion.objects.filter(pk=version.pk).update(status=ItemVersion.Status.DRAFT)
    version.refresh_from_db()
    with pytest.raises(InvalidInput) as err:
        services.submit(clerk=clerk, item_version=version, applicant=applicant, provided={})
    assert err.value.code == "item_not_published"


def test_submission_copies_the_checklist_of_the_version(submitted, materials):
    app = submitted(provided=materials[:1])
    states = dict(app.materials.values_list("material_id", "state"))
    assert states == {materials[0]: "provided", materials[1]: "missing", materials[2]: "missing"}
    assert app.status == S.SUBMITTED


def test_accept_without_a_required_material_is_materials_missing(submitted, clerk, materials):
    app = submitted(provided=materials[1:2])
    with pytest.raises(InvalidInput) as err:
        services.accept(application_id=app.pk, clerk=clerk)
    assert err.value.code == "materials_missing"
    assert err.value.fields == {"materials": ["申请书"]}
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and app.receipt_number is None


def test_accept_starts_the_clock_with_the_committed_limit(accepted):
    app = accepted()
    assert app.status == S.ACCEPTED
    assert app.receipt_number == "SL2026000001"
    # 5 working days strictly after Monday 1 Jun 2026 -> Monday 8 Jun, end of day.
    assert app.due_date == datetime.date(2026, 6, 8)
    assert app.due_at.astimezone(SHANGHAI).replace(microsecond=0) == datetime.datetime(
        2026, 6, 8, 23, 59, 59, tzinfo=SHANGHAI
    )
    assert app.due_provisional is False


def test_due_date_counts_a_make_up_sunday_as_a_working_day(submitted, clerk):
    app = submitted()
    with time_machine.travel(datetime.datetime(2026, 9, 14, 10, tzinfo=SHANGHAI), tick=False):
        app = services.accept(application_id=app.pk, clerk=clerk)
    # Sunday 20 Sep 2026 is a make-up working day (国庆节调休): the 5th working day.
    assert app.due_date == datetime.date(2026, 9, 20)


def test_receipt_numbers_follow_each_other(accepted):
    assert [accepted().receipt_number for _ in range(3)] == [
        "SL2026000001",
        "SL2026000002",
        "SL2026000003",
    ]


def test_a_waivable_material_can_be_waived_with_a_supply_date(submitted, clerk, materials):
    app = submitted(provided=materials[:1])
    app = services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    line = app.materials.get(material_id=materials[1])
    assert line.state == ApplicationMaterial.State.WAIVED
    assert line.supply_by == app.due_date


def test_a_non_waivable_material_cannot_be_waived(submitted, clerk, materials):
    app = submitted(provided=materials[1:2])
    with pytest.raises(InvalidInput) as err:
        services.accept(application_id=app.pk, clerk=clerk, waived=[materials[0]])
    assert err.value.code == "not_waivable"


def test_accepting_twice_is_a_state_conflict(accepted, clerk):
    app = accepted()
    with pytest.raises(InvalidTransition) as err:
        services.accept(application_id=app.pk, clerk=clerk)
    assert err.value.status == 409


def test_correction_notice_lists_every_missing_material(submitted, clerk, materials):
    app = submitted(provided=[])
    app = services.request_correction(
        application_id=app.pk, clerk=clerk, missing=[materials[0]], note="请补齐"
    )
    assert app.status == S.CORRECTION_REQUESTED
    event = list(events_for(app))[-1]
    assert event.action == "request_correction"
    assert event.data["missing"] == sorted(materials)  # one notice: all three, not just the one


def test_corrected_application_can_then_be_accepted(submitted, clerk, materials):
    app = submitted(provided=[])
    services.request_correction(application_id=app.pk, clerk=clerk, missing=materials[:2])
    services.record_materials(application_id=app.pk, clerk=clerk, provided=materials[:2])
    app = services.accept(application_id=app.pk, clerk=clerk)
    assert app.status == S.ACCEPTED


def test_correction_needs_at_least_one_material(submitted, clerk):
    app = submitted()
    with pytest.raises(InvalidInput):
        services.request_correction(application_id=app.pk, clerk=clerk, missing=[])


def test_refusal_requires_a_reason(submitted, clerk):
    app = submitted()
    with pytest.raises(InvalidInput) as err:
        services.refuse(application_id=app.pk, clerk=clerk, reason="  ")
    assert err.value.code == "reason_required"
    app = services.refuse(application_id=app.pk, clerk=clerk, reason="不属于本机关职权范围")
    assert app.status == S.REFUSED and app.refusal_reason == "不属于本机关职权范围"


def test_an_accepted_application_cannot_be_refused(accepted, clerk):
    with pytest.raises(InvalidTransition):
        services.refuse(application_id=accepted().pk, clerk=clerk, reason="x")


# --- review and the clock ------------------------------------------------------------------------


def test_site_inspection_record_is_required_where_the_item_needs_it(accepted, reviewer):
    app = accepted()
    ItemVersion.objects.filter(pk=app.item_version_id).update(site_inspection=True)
    with pytest.raises(InvalidInput) as err:
        services.review(
            application_id=app.pk, reviewer=reviewer, opinion="同意", recommendation="approve"
        )
    assert err.value.code == "site_inspection_required"


def test_review_records_opinion_and_reviewer(accepted, reviewer):
    app = accepted()
    services.start_review(application_id=app.pk, reviewer=reviewer)
    opinion = services.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="符合条件",
        recommendation="approve",
        site_inspection="已踏勘",
    )
    app.refresh_from_db()
    assert app.status == S.REVIEWED and app.reviewed_by == reviewer
    assert opinion.recommendation == "approve"


def test_special_procedure_pauses_the_clock_and_moves_the_due_date(accepted, reviewer):
    app = accepted()  # due Monday 8 Jun
    with time_machine.travel(datetime.datetime(2026, 6, 2, 9, tzinfo=SHANGHAI), tick=False):
        services.start_special_procedure(application_id=app.pk, actor=reviewer, kind="hearing")
    with pytest.raises(InvalidTransition) as err:
        services.review(
            application_id=app.pk,
            reviewer=reviewer,
            opinion="x",
            recommendation="approve",
            site_inspection="x",
        )
    assert err.value.code == "paused"
    with time_machine.travel(datetime.datetime(2026, 6, 4, 16, tzinfo=SHANGHAI), tick=False):
        procedure = services.end_special_procedure(application_id=app.pk, actor=reviewer)
    assert procedure.working_days == 2  # Wed 3 and Thu 4 Jun
    app.refresh_from_db()
    assert app.due_date == datetime.date(2026, 6, 10) and app.paused is False
    assert app.paused_working_days == 2


def test_a_special_procedure_cannot_be_started_twice(accepted, reviewer):
    app = accepted()
    services.start_special_procedure(application_id=app.pk, actor=reviewer, kind="testing")
    with pytest.raises(InvalidTransition):
        services.start_special_procedure(application_id=app.pk, actor=reviewer, kind="testing")


# --- decision ------------------------------------------------------------------------------------


def test_approval_seals_a_numbered_decision_and_issues_a_permit(reviewed, approver, seal):
    app = reviewed()
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    assert decision.number == "示审批〔2026〕1号"
    assert SealUse.objects.get(decision=decision).used_by == approver
    permit = Permit.objects.get(application=app)
    assert permit.number == "XK2026000001"
    assert permit.valid_from == datetime.date(2026, 6, 1)
    assert permit.valid_until == datetime.date(2031, 5, 31)  # 5 years
    assert permit.holder_name == "张小三"
    app.refresh_from_db()
    assert app.status == S.APPROVED and app.decided_by == approver


def test_approver_may_not_be_the_reviewer_of_the_same_case(accepted, make_user):
    both = make_user("both", "reviewer", "approver")
    app = accepted()
    services.review(
        application_id=app.pk,
        reviewer=both,
        opinion="同意",
        recommendation="approve",
        site_inspection="x",
    )
    with pytest.raises(NotAllowed) as err:
        services.decide(application_id=app.pk, approver=both, approve=True)
    assert err.value.code == "same_person" and err.value.status == 403


def test_denial_requires_a_reason_and_issues_no_permit(reviewed, approver):
    app = reviewed()
    with pytest.raises(InvalidInput):
        services.decide(application_id=app.pk, approver=approver, approve=False)
    decision = services.decide(
        application_id=app.pk, approver=approver, approve=False, reason="不符合法定条件"
    )
    assert decision.kind == Decision.Kind.DENY
    assert not Permit.objects.filter(application=app).exists()


def test_deciding_twice_is_a_state_conflict(reviewed, approver):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    with pytest.raises(InvalidTransition):
        services.decide(application_id=app.pk, approver=approver, approve=True)


def test_an_unreviewed_ordinary_case_cannot_be_decided(accepted, approver):
    with pytest.raises(InvalidTransition):
        services.decide(application_id=accepted().pk, approver=approver, approve=True)


def test_an_instant_item_is_decided_on_the_spot(clerk, approver, applicant):
    version = PublishedVersionFactory(instant=True, committed_limit_days=1)
    materials = list(version.materials.values_list("pk", flat=True))
    app = services.submit(
        clerk=clerk,
        item_version=version,
        applicant=applicant,
        provided={m: True for m in materials},
    )
    app = services.accept(application_id=app.pk, clerk=clerk)
    assert app.due_date == datetime.date(2026, 6, 1)
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    assert decision.kind == Decision.Kind.APPROVE


def test_decision_numbers_have_no_gap_after_a_rollback(reviewed, approver):
    first, second = reviewed(), reviewed()

    def fail(sender, decision, **kwargs):
        raise RuntimeError("an outbox receiver failed after the number was taken")

    signals.decision_recorded.connect(fail, dispatch_uid="test-fail")
    try:
        with pytest.raises(RuntimeError):
            services.decide(application_id=first.pk, approver=approver, approve=True)
    finally:
        signals.decision_recorded.disconnect(dispatch_uid="test-fail")
    first.refresh_from_db()
    assert first.status == S.REVIEWED and not Decision.objects.exists()
    decision = services.decide(application_id=second.pk, approver=approver, approve=True)
    assert decision.number == "示审批〔2026〕1号"


def test_the_decision_refuses_to_run_inside_another_transaction(reviewed, approver):
    """Durable: no caller can hold the decision open (or roll it back) after it returns."""
    app = reviewed()
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        services.decide(application_id=app.pk, approver=approver, approve=True)
    app.refresh_from_db()
    assert app.status == S.REVIEWED
    decision = services.decide(application_id=app.pk, approver=approver, approve=True)
    assert decision.number == "示审批〔2026〕1号"


def test_no_active_seal_means_no_decision(reviewed, approver, seal):
    app = reviewed()
    type(seal).objects.update(active=False)
    with pytest.raises(InvalidTransition) as err:
        services.decide(application_id=app.pk, approver=approver, approve=True)
    assert err.value.code == "no_active_seal"


def test_decision_signal_is_sent_inside_the_transaction(reviewed, approver):
    seen = []

    def receiver(sender, decision, **kwargs):
        seen.append((decision.number, transaction.get_connection().in_atomic_block))

    signals.decision_recorded.connect(receiver)
    try:
        services.decide(application_id=reviewed().pk, approver=approver, approve=True)
    finally:
        signals.decision_recorded.disconnect(receiver)
    assert seen == [("示审批〔2026〕1号", True)]


# --- delivery ------------------------------------------------------------------------------------


def _approved_with_waiver(submitted, clerk, reviewer, approver, materials):
    app = submitted(provided=materials[:1])
    services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    services.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="同意",
        recommendation="approve",
        site_inspection="x",
    )
    services.decide(application_id=app.pk, approver=approver, approve=True)
    return app


def test_result_is_not_delivered_while_a_waived_material_is_outstanding(
    submitted, clerk, reviewer, approver, materials
):
    app = _approved_with_waiver(submitted, clerk, reviewer, approver, materials)
    with pytest.raises(InvalidTransition) as err:
        services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    assert err.value.code == "waived_materials_outstanding"
    services.supply_waived(application_id=app.pk, clerk=clerk, material_ids=[materials[1]])
    app = services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    assert app.status == S.DELIVERED and app.collected_by == "张小三"


def test_delivery_records_who_collected(reviewed, approver, clerk):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    with pytest.raises(InvalidInput):
        services.deliver(application_id=app.pk, clerk=clerk, collected_by="")
    app = services.deliver(application_id=app.pk, clerk=clerk, collected_by="李四(代领)")
    assert app.delivered_by == clerk and app.delivered_at is not None


# --- later decisions on a permit -----------------------------------------------------------------


def _permit(reviewed, approver):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    return Permit.objects.get(application=app)


def test_revoking_a_permit_is_a_numbered_decision(reviewed, approver):
    permit = _permit(reviewed, approver)
    decision = services.act_on_permit(
        permit_number=permit.number, approver=approver, kind="revoke", reason="以欺骗手段取得许可"
    )
    permit.refresh_from_db()
    assert permit.status == Permit.Status.REVOKED
    assert decision.number == "示审批〔2026〕2号" and decision.permit == permit
    assert selectors.granting_decision(permit).number == "示审批〔2026〕1号"
    with pytest.raises(InvalidTransition):
        services.act_on_permit(
            permit_number=permit.number, approver=approver, kind="cancel", reason="x"
        )


def test_a_later_decision_refuses_to_run_inside_another_transaction(reviewed, approver):
    permit = _permit(reviewed, approver)
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        services.act_on_permit(
            permit_number=permit.number, approver=approver, kind="revoke", reason="以欺骗手段"
        )
    permit.refresh_from_db()
    assert permit.status == Permit.Status.VALID


def test_a_change_issues_a_replacing_permit(reviewed, approver):
    permit = _permit(reviewed, approver)
    decision = services.act_on_permit(
        permit_number=permit.number,
        approver=approver,
        kind="change",
        reason="经营场所变更",
        content="新地址",
    )
    permit.refresh_from_db()
    assert permit.status == Permit.Status.CHANGED
    new = permit.replaced_by
    assert new.status == Permit.Status.VALID and new.content == "新地址"
    assert new.valid_until == permit.valid_until and decision.permit == new


def test_expiry_is_set_based_and_idempotent(reviewed, approver):
    permit = _permit(reviewed, approver)
    assert services.expire_permits(as_of=permit.valid_until) == 0
    later = permit.valid_until + datetime.timedelta(days=1)
    assert services.expire_permits(as_of=later) == 1
    assert services.expire_permits(as_of=later) == 0
    permit.refresh_from_db()
    assert permit.status == Permit.Status.EXPIRED


# --- the audit trail -----------------------------------------------------------------------------


def test_every_transition_leaves_an_audit_event(reviewed, approver, clerk):
    app = reviewed()
    services.decide(application_id=app.pk, approver=approver, approve=True)
    services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    trail = [(e.action, e.before, e.after) for e in events_for(app)]
    assert trail == [
        ("submit", "", "submitted"),
        ("accept", "submitted", "accepted"),
        ("review", "accepted", "reviewed"),
        ("decide", "reviewed", "approved"),
        ("deliver", "approved", "delivered"),
    ]
    assert {e.actor_name for e in events_for(app)} >= {"窗口甲", "审查乙", "审批丙"}


def test_a_failed_transition_writes_nothing(submitted, clerk):
    app = submitted(provided=[])
    before = list(events_for(app))
    with pytest.raises(InvalidInput):
        services.accept(application_id=app.pk, clerk=clerk)
    assert list(events_for(app)) == before


def test_a_denial_letter_is_delivered_even_with_a_waived_material_outstanding(
    submitted, clerk, reviewer, approver, materials
):
    app = submitted(provided=materials[:1])
    services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    services.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="不符合",
        recommendation="deny",
        site_inspection="x",
    )
    services.decide(application_id=app.pk, approver=approver, approve=False, reason="不符合条件")
    app = services.deliver(application_id=app.pk, clerk=clerk, collected_by="张小三")
    assert app.status == S.DELIVERED


def test_the_same_file_uploaded_twice_is_stored_once(clerk, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = b"%PDF-1.4\n" + b"x" * 100
    first = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("a.pdf", pdf)
    )
    second = services.store_file(
        actor=clerk, applicant=applicant, uploaded=SimpleUploadedFile("b.pdf", pdf)
    )
    assert first.pk == second.pk and first.content_type == "application/pdf"


def test_an_upload_that_is_not_pdf_jpeg_or_png_is_refused(clerk, applicant):
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(InvalidInput) as err:
        services.store_file(
            actor=clerk,
            applicant=applicant,
            uploaded=SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf"),
        )
    assert err.value.code == "file_type"


def test_a_wrong_or_non_ascii_check_code_is_just_wrong():
    from approvals.verification import check_code, is_valid_code

    assert is_valid_code("XK2026000001", check_code("XK2026000001"))
    assert not is_valid_code("XK2026000001", "中文")
    assert not is_valid_code("XK2026000001", "")
    assert not is_valid_code("XK2026000002", check_code("XK2026000001"))


def test_a_supply_date_in_the_past_is_refused(submitted, clerk, materials):
    app = submitted(provided=materials[:1])
    with pytest.raises(InvalidInput) as err:
        services.accept(
            application_id=app.pk,
            clerk=clerk,
            waived=[materials[1]],
            supply_by=datetime.date(2026, 5, 29),
        )
    assert err.value.code == "invalid_supply_by"
    app.refresh_from_db()
    assert app.status == S.SUBMITTED and app.receipt_number is None
