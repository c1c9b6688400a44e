"""补正 has a deadline: request_correction sets it (settings.CORRECTION_WORKING_DAYS working days,
end of day, the one workdays service); supplying the required materials or accepting before it
stops the clock; past it expire_corrections closes the application as 视为撤回, once."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from approvals import services, tasks
from approvals.models import Application
from approvals.services import branches
from audit.models import AuditEvent
from tests.approvals.conftest import MONDAY, SHANGHAI
from tests.queries import exact_queries

S = Application.Status
# Ten working days after Monday 1 June 2026: 2..5, 8..12, 15 June (端午 is 19 June).
DEADLINE = datetime.datetime.combine(datetime.date(2026, 6, 15), datetime.time.max, SHANGHAI)
AFTER = datetime.datetime(2026, 6, 16, 0, 0, 1, tzinfo=SHANGHAI)


@pytest.fixture
def notices(monkeypatch):
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
def corrected(submitted, clerk, materials, seal):
    """An application asked for correction of the waivable required material, at MONDAY."""

    def _make():
        with time_machine.travel(MONDAY, tick=False):
            app = submitted(provided=[materials[0]])
            return services.request_correction(
                application_id=app.pk, clerk=clerk, missing=[materials[1]], note="请补交身份证明"
            )

    return _make


def _expire(at):
    with time_machine.travel(at, tick=False):
        return services.expire_corrections()


def test_request_correction_sets_the_deadline_from_the_working_day_calendar(corrected):
    app = corrected()
    app.refresh_from_db()
    assert app.correction_deadline == DEADLINE
    assert app.correction_supplied_at is None
    event = AuditEvent.objects.filter(object_id=str(app.pk), action="request_correction").get()
    assert event.data["correction_deadline"] == DEADLINE.isoformat()


def test_the_deadline_reads_the_setting(corrected, settings):
    settings.CORRECTION_WORKING_DAYS = 3
    app = corrected()
    assert timezone.localtime(app.correction_deadline).date() == datetime.date(2026, 6, 4)


def test_nothing_expires_up_to_the_end_of_the_deadline_day(corrected, notices):
    app = corrected()
    assert _expire(DEADLINE - datetime.timedelta(seconds=1)) == 0
    assert _expire(DEADLINE) == 0
    app.refresh_from_db()
    assert app.status == S.CORRECTION_REQUESTED and notices == []


def test_past_the_deadline_the_application_is_deemed_withdrawn_once(corrected, notices):
    app = corrected()
    other = corrected()
    assert _expire(AFTER) == 2
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN and app.deemed_withdrawn
    assert app.closed_by is None and app.closed_at == AFTER
    assert "视为撤回" in app.closure_reason
    assert sorted(notices) == sorted([("withdrawal", app.pk, None), ("withdrawal", other.pk, None)])
    [event] = AuditEvent.objects.filter(object_id=str(app.pk), action="deem_withdrawn")
    assert (event.before, event.after, event.actor_id) == (
        S.CORRECTION_REQUESTED,
        S.WITHDRAWN,
        None,
    )
    # A second run (and a later one) changes nothing.
    assert _expire(AFTER) == 0
    assert _expire(AFTER + datetime.timedelta(days=30)) == 0
    assert len(notices) == 2
    assert AuditEvent.objects.filter(action="deem_withdrawn").count() == 2


def test_the_withdrawal_notice_is_frozen_with_the_application(corrected, notices):
    pytest.importorskip("approvals.archive")
    from approvals.models import IssuedDocument

    app = corrected()
    _expire(AFTER)
    _expire(AFTER)
    assert IssuedDocument.objects.filter(application=app, kind="withdrawal").count() == 1


def test_supplying_the_required_materials_stops_the_clock(corrected, clerk, materials, notices):
    app = corrected()
    with time_machine.travel(MONDAY + datetime.timedelta(days=2), tick=False):
        services.record_materials(application_id=app.pk, clerk=clerk, provided=[materials[1]])
    app.refresh_from_db()
    assert app.correction_supplied_at is not None
    assert _expire(AFTER) == 0
    app.refresh_from_db()
    assert app.status == S.CORRECTION_REQUESTED and notices == []
    with time_machine.travel(AFTER, tick=False):  # the clerk may still accept afterwards
        services.accept(application_id=app.pk, clerk=clerk)
    app.refresh_from_db()
    assert app.status == S.ACCEPTED


def test_supplying_only_an_optional_material_leaves_the_clock_running(
    corrected, clerk, materials, notices
):
    app = corrected()
    with time_machine.travel(MONDAY, tick=False):
        services.record_materials(application_id=app.pk, clerk=clerk, provided=[materials[2]])
    app.refresh_from_db()
    assert app.correction_supplied_at is None
    assert _expire(AFTER) == 1


def test_accepting_before_the_deadline_stops_the_clock(corrected, clerk, materials, notices):
    app = corrected()
    with time_machine.travel(MONDAY, tick=False):
        services.accept(application_id=app.pk, clerk=clerk, waived=[materials[1]])
    assert _expire(AFTER) == 0
    app.refresh_from_db()
    assert app.status == S.ACCEPTED and notices == []


def test_a_second_notice_starts_a_fresh_clock(corrected, clerk, materials, notices):
    app = corrected()
    with time_machine.travel(MONDAY + datetime.timedelta(days=7), tick=False):  # Mon 8 June
        services.record_materials(application_id=app.pk, clerk=clerk, provided=[materials[1]])
        services.request_correction(application_id=app.pk, clerk=clerk, missing=[materials[2]])
    app.refresh_from_db()
    assert app.correction_supplied_at is None
    assert timezone.localtime(app.correction_deadline).date() == datetime.date(2026, 6, 23)
    assert _expire(AFTER) == 0  # the first deadline no longer counts
    assert _expire(datetime.datetime(2026, 6, 24, 0, 0, 1, tzinfo=SHANGHAI)) == 1


def test_withdrawn_by_the_clerk_before_the_deadline_is_not_deemed_again(corrected, clerk, notices):
    app = corrected()
    with time_machine.travel(MONDAY, tick=False):
        services.withdraw(application_id=app.pk, clerk=clerk, reason="申请人撤回")
    assert _expire(AFTER) == 0
    app.refresh_from_db()
    assert app.status == S.WITHDRAWN and not app.deemed_withdrawn
    assert [kind for kind, *_ in notices] == ["withdrawal"]


def test_the_task_runs_the_same_job(corrected, notices):
    app = corrected()
    with time_machine.travel(AFTER, tick=False):
        assert tasks.expire_corrections() == 1
        assert tasks.expire_corrections() == 0
    app.refresh_from_db()
    assert app.deemed_withdrawn


def test_the_expiry_scan_is_one_query_on_the_partial_index(corrected):
    corrected()
    at = DEADLINE - datetime.timedelta(hours=1)
    # Nothing due: the savepoint, the one SELECT ... FOR UPDATE, the release.
    with time_machine.travel(at, tick=False), exact_queries(3) as ctx:
        assert services.expire_corrections() == 0
    [scan] = [q["sql"] for q in ctx.captured_queries if "SELECT" in q["sql"]]
    assert "correction_deadline" in scan and "correction_supplied_at" in scan
