"""Push/claim handoff, the reverse push and overdue flagging, through the services."""

import datetime

import pytest
import time_machine
from django.core import mail

from approvals import services as approvals
from approvals.models import Decision
from core.errors import InvalidInput, InvalidTransition, NotFound
from supervision import services
from supervision.models import Notification, Push, SupervisionReport
from tests.approvals.conftest import SHANGHAI

pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


# --- the outbox ----------------------------------------------------------------------------------


def test_an_approval_writes_one_push_per_supervising_department(decided):
    decision = decided()
    pushes = Push.objects.filter(decision=decision).order_by("department__code")
    assert [p.department.code for p in pushes] == ["health", "market"]
    push = pushes[0]
    assert push.status == Push.Status.PUSHED
    assert push.item_name == decision.application.item_version.name
    assert push.decision_number == decision.number
    assert push.holder_name == "王小明" and push.holder_id_number == "440305199003071236"
    assert push.holder_phone == "13800000000" and push.content == "开办餐馆"
    assert push.valid_from == datetime.date(2026, 6, 1)


def test_a_denial_is_pushed_too(db, clerk, reviewer, approver, two_departments):
    from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

    SealFactory()
    version = PublishedVersionFactory(setup=two_departments)
    materials = list(version.materials.values_list("pk", flat=True))
    app = approvals.submit(
        clerk=clerk,
        item_version=version,
        applicant=ApplicantFactory(),
        provided={m: True for m in materials},
    )
    approvals.accept(application_id=app.pk, clerk=clerk)
    approvals.review(
        application_id=app.pk,
        reviewer=reviewer,
        opinion="不符合",
        recommendation="deny",
        site_inspection="x",
    )
    approvals.decide(application_id=app.pk, approver=approver, approve=False, reason="不符合条件")
    # Issue 12: every result is pushed (000), a denial marked 不予行政许可, with no permit.
    assert sorted(Push.objects.values_list("decision_kind", "permit_number")) == [
        ("deny", ""),
        ("deny", ""),
    ]


def test_the_push_is_a_snapshot(decided):
    decision = decided()
    applicant = decision.application.applicant
    applicant.phone, applicant.name = "13999999999", "改名后"
    applicant.save()
    push = Push.objects.filter(decision=decision).first()
    assert push.holder_phone == "13800000000" and push.holder_name == "王小明"


def test_outbox_rolls_back_with_the_decision(decided_tx, liaison, liaison_health, two_departments):
    """A failure AFTER the pushes, their notifications and webhook deliveries are written, still
    inside the decision's transaction (a later receiver of decision_recorded raises), loses the
    decision and its whole outbox together."""
    from approvals.models import Permit
    from approvals.signals import decision_recorded
    from supervision.models import WebhookDelivery, WebhookEndpoint

    for department in two_departments:
        WebhookEndpoint.objects.create(
            department=department, url="https://dept.example.test/hook", secret="s" * 32
        )
    written = {}

    def fail_after_the_outbox(sender, decision, **kwargs):
        written["pushes"] = Push.objects.filter(decision=decision).count()
        written["notifications"] = Notification.objects.count()
        written["deliveries"] = WebhookDelivery.objects.count()
        raise RuntimeError("database went away")

    decision_recorded.connect(fail_after_the_outbox, weak=False, dispatch_uid="test_fail")
    try:
        with pytest.raises(RuntimeError):
            decided_tx()
    finally:
        decision_recorded.disconnect(dispatch_uid="test_fail")
    # The failure came after the outbox was written in the decision's transaction...
    assert written == {"pushes": 2, "notifications": 2, "deliveries": 2}
    # ... and nothing of it survived.
    assert not Decision.objects.exists() and not Permit.objects.exists()
    assert not Push.objects.exists()
    assert not Notification.objects.exists()
    assert not WebhookDelivery.objects.exists()


def test_a_failing_notification_never_loses_a_push(
    decided, liaison, liaison_health, monkeypatch, django_capture_on_commit_callbacks
):
    """The broker is down: queuing the mail fails after commit, the decision and its pushes
    stay, and the notification rows wait for the periodic sweep."""
    from supervision.services import _common

    published = []

    def broker_down(task_path, args):
        published.append(task_path)
        raise ConnectionError("broker down")

    # The one publishing point after commit (_enqueue -> _publish): every attempt fails.
    monkeypatch.setattr(_common, "_publish", broker_down)
    monkeypatch.setattr(_common, "_publish_paused_until", 0.0)
    with django_capture_on_commit_callbacks(execute=True):
        decision = decided()
    assert published, "the decision tried to publish its tasks"
    assert Push.objects.filter(decision=decision).count() == 2
    pending = Notification.objects.filter(emailed_at__isnull=True)
    assert pending.count() == 2  # one per department's liaison... and none lost
    for note in pending:
        note.recipient.email = f"{note.recipient.username}@example.gov.cn"
        note.recipient.save()
    from supervision.notifications import mail_pending

    assert mail_pending() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        f"{n.recipient.username}@example.gov.cn" for n in Notification.objects.all()
    )
    assert mail_pending() == 0  # the sweep is idempotent


# --- deadlines -----------------------------------------------------------------------------------


def test_claim_deadline_across_national_day_2026(decided):
    """Pushed on Wed 30 Sep 2026: Oct 1-8 are holidays, Sat 10 Oct is a make-up working day:
    the 3rd working day after is Sat 10 Oct; the deadline is its end."""
    decision = decided(at=datetime.datetime(2026, 9, 30, 15, tzinfo=SHANGHAI))
    push = Push.objects.filter(decision=decision).first()
    local = push.claim_deadline.astimezone(SHANGHAI)
    assert local.date() == datetime.date(2026, 10, 10)
    assert (local.hour, local.minute) == (23, 59)


# --- claim, feedback, return ---------------------------------------------------------------------


def _push_for(decision, code):
    return Push.objects.get(decision=decision, department__code=code)


def test_liaison_claims_own_push(decided, liaison):
    push = _push_for(decided(), "market")
    with at(2026, 6, 2, 9):
        push = services.claim_push(push_id=push.pk, user=liaison)
    assert push.status == Push.Status.CLAIMED and push.claimed_by == liaison
    assert push.late is False


def test_second_claim_on_same_push_is_409(decided, liaison):
    push = _push_for(decided(), "market")
    services.claim_push(push_id=push.pk, user=liaison)
    with pytest.raises(InvalidTransition) as err:
        services.claim_push(push_id=push.pk, user=liaison)
    assert err.value.code == "already_claimed" and err.value.status == 409


def test_a_liaison_cannot_see_or_claim_another_departments_push(decided, liaison):
    push = _push_for(decided(), "health")
    with pytest.raises(NotFound):
        services.claim_push(push_id=push.pk, user=liaison)


def test_a_claim_after_the_deadline_is_allowed_and_late(decided, liaison):
    push = _push_for(decided(), "market")
    with at(2026, 6, 10, 9):
        push = services.claim_push(push_id=push.pk, user=liaison)
    assert push.status == Push.Status.CLAIMED and push.late is True


def test_feedback_only_after_claim(decided, liaison):
    push = _push_for(decided(), "market")
    with pytest.raises(InvalidTransition):
        services.give_feedback(push_id=push.pk, user=liaison, note="已纳入日常监管")
    services.claim_push(push_id=push.pk, user=liaison)
    with pytest.raises(InvalidInput):
        services.give_feedback(push_id=push.pk, user=liaison, note="")
    push = services.give_feedback(push_id=push.pk, user=liaison, note="已纳入日常监管")
    assert push.status == Push.Status.FEEDBACK_GIVEN and push.feedback == "已纳入日常监管"


def test_return_then_reroute_gives_a_fresh_deadline(decided, liaison, approver, make_user):
    from tests.factories import DepartmentFactory

    push = _push_for(decided(), "market")
    with pytest.raises(InvalidInput):
        services.return_push(push_id=push.pk, user=liaison, reason=" ")
    with at(2026, 6, 2, 9):
        services.return_push(push_id=push.pk, user=liaison, reason="不属于本部门监管")
    culture = DepartmentFactory(code="culture", name="县文化和旅游局")
    with at(2026, 6, 3, 9):
        new = services.reroute_push(push_id=push.pk, actor=approver, department=culture)
    assert new.department == culture and new.rerouted_from_id == push.pk
    assert new.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2026, 6, 8)
    with pytest.raises(InvalidTransition):
        services.reroute_push(push_id=push.pk, actor=approver, department=culture)
    with pytest.raises(InvalidTransition):
        services.claim_push(push_id=push.pk, user=liaison)  # returned: nothing to claim


# --- reverse push ------------------------------------------------------------------------------


def test_liaison_reports_a_penalty_on_a_supervised_permit(decided, liaison, clerk):
    decision = decided()
    with at(2026, 6, 15, 10):
        report = services.create_report(
            user=liaison,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="示市监罚〔2026〕8号",
            decision_date=datetime.date(2026, 6, 12),
            summary="超范围经营,罚款五千元",
        )
    assert report.status == SupervisionReport.Status.PUSHED and report.late is False
    assert report.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2026, 6, 18)
    claimed = services.claim_report(report_id=report.pk, user=clerk)
    assert claimed.status == SupervisionReport.Status.CLAIMED
    with pytest.raises(InvalidTransition) as err:
        services.claim_report(report_id=report.pk, user=clerk)
    assert err.value.status == 409


def test_report_after_the_seventh_working_day_is_late(decided, liaison):
    decision = decided()
    # Decision Fri 12 Jun 2026; 7th working day after: Wed 24 Jun (19 Jun Dragon Boat holiday).
    with at(2026, 6, 24, 23):
        on_time = services.create_report(
            user=liaison,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="罚0",
            decision_date=datetime.date(2026, 6, 12),
            summary="x",
        )
    assert on_time.late is False
    with at(2026, 6, 25, 9):
        report = services.create_report(
            user=liaison,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="罚1",
            decision_date=datetime.date(2026, 6, 12),
            summary="x",
        )
    assert report.late is True


def test_a_report_on_a_permit_outside_the_department_is_404(decided, make_user):
    from tests.factories import DepartmentFactory

    decision = decided()
    other = make_user("l_water", "liaison", department=DepartmentFactory(code="water"))
    with pytest.raises(NotFound):
        services.create_report(
            user=other,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="x",
            decision_date=datetime.date(2026, 6, 1),
            summary="x",
        )


def test_follow_up_on_a_report_starts_a_procedure_not_a_decision(decided, liaison, approver):
    decision = decided()
    report = services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="licence_revocation",
        decision_number="吊1",
        decision_date=datetime.date(2026, 6, 1),
        summary="吊销",
    )
    services.claim_report(report_id=report.pk, user=approver)
    pushes = Push.objects.count()
    procedure = services.follow_up_report(
        report_id=report.pk, approver=approver, kind="revoke", reason="被吊销营业执照"
    )
    assert (procedure.kind, procedure.source, procedure.source_ref) == (
        "revoke",
        "report",
        str(report.pk),
    )
    assert not Decision.objects.filter(kind=Decision.Kind.REVOKE).exists()
    assert Push.objects.count() == pushes
    report.refresh_from_db()
    assert report.status == SupervisionReport.Status.CLOSED and report.follow_up is None


# --- provisional deadlines ---------------------------------------------------------------------


def test_entering_official_data_recomputes_open_provisional_deadlines(
    decided, catalog_admin, django_capture_on_commit_callbacks
):
    from workdays import services as workdays

    decision = decided(at=datetime.datetime(2026, 12, 30, 10, tzinfo=SHANGHAI))
    push = Push.objects.filter(decision=decision).first()
    # Thu 31 Dec, then 2027 provisional: Fri 1 Jan (fixed holiday), Mon 4, Tue 5 -> the 3rd.
    assert push.deadline_provisional is True
    assert push.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2027, 1, 5)
    with django_capture_on_commit_callbacks(execute=True):
        workdays.set_year(
            year=2027,
            actor=catalog_admin,
            holidays=[(datetime.date(2027, 1, 1), "元旦"), (datetime.date(2027, 1, 4), "元旦")],
            makeup_workdays=[],
        )
    push.refresh_from_db()
    assert push.deadline_provisional is False  # official now; Mon 4 Jan a holiday -> Wed 6
    assert push.claim_deadline.astimezone(SHANGHAI).date() == datetime.date(2027, 1, 6)


def test_a_follow_up_decision_refuses_to_run_inside_another_transaction(decided, liaison, approver):
    """The decision path is durable: nested in a caller's transaction it would commit (seal,
    number, pushes) only when that caller does."""
    from django.db import transaction

    decision = decided()
    report = services.create_report(
        user=liaison,
        permit_number=decision.permit.number,
        kind="licence_revocation",
        decision_number="吊1",
        decision_date=datetime.date(2026, 6, 1),
        summary="吊销",
    )
    services.claim_report(report_id=report.pk, user=approver)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.follow_up_report(
            report_id=report.pk, approver=approver, kind="revoke", reason="被吊销营业执照"
        )
    report.refresh_from_db()
    assert report.status == SupervisionReport.Status.CLAIMED
