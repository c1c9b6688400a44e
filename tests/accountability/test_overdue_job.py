"""Who writes what in the overdue job: each app flags its own rows and returns them; only
accountability writes OverdueRecords, from what was returned, in the one transaction."""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from accountability import services as job
from accountability.models import OverdueRecord
from approvals import services as approvals
from approvals.models import Application
from approvals.services.overdue import flag_overdue_applications
from supervision import services
from supervision.models import (
    Notification,
    Push,
    SupervisionReport,
    WebhookDelivery,
    WebhookEndpoint,
)
from supervision.services.overdue import flag_overdue_pushes, flag_overdue_reports
from tests.flows import SHANGHAI

pytestmark = pytest.mark.django_db

LATE = datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI)  # past every deadline below


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def late_rows(decided, liaison, clerk):
    """Two pushes (market, health), one report and one application, all past their deadline
    at LATE and none flagged."""
    decision = decided()  # pushed Mon 1 Jun 10:00, to be claimed by Thu 4 Jun
    with at(2026, 6, 1, 11):
        report = services.create_report(
            user=liaison,
            permit_number=decision.permit.number,
            kind="penalty",
            decision_number="示市监罚〔2026〕8号",
            decision_date=datetime.date(2026, 6, 1),
            summary="超范围经营",
        )
    from tests.factories import ApplicantFactory, PublishedVersionFactory

    version = PublishedVersionFactory()
    with at(2026, 6, 1, 10):
        app = approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=ApplicantFactory(),
            provided={m: True for m in version.materials.values_list("pk", flat=True)},
        )
        approvals.accept(application_id=app.pk, clerk=clerk)  # due Mon 8 Jun
    return {
        "pushes": list(Push.objects.filter(decision=decision).order_by("pk")),
        "report": report,
        "application": Application.objects.get(pk=app.pk),
    }


def test_no_apps_flag_function_writes_an_overdue_record(late_rows):
    """Each app's flag function flags and returns its own rows and touches no table of
    accountability's (not by the ORM, not by SQL)."""
    pushes, report, app = late_rows["pushes"], late_rows["report"], late_rows["application"]
    with CaptureQueriesContext(connection) as queries:
        flagged_pushes = flag_overdue_pushes(now=LATE)
        flagged_reports = flag_overdue_reports(now=LATE)
        flagged_apps = flag_overdue_applications(now=LATE)
    assert sorted(flagged_pushes) == [(p.pk, p.claim_deadline, p.department_id) for p in pushes]
    assert flagged_reports == [(report.pk, report.claim_deadline, None)]
    assert flagged_apps == [(app.pk, app.due_at, None)]
    assert not [q["sql"] for q in queries.captured_queries if "accountability_" in q["sql"]]
    assert OverdueRecord.objects.count() == 0
    assert set(Push.objects.values_list("overdue_flagged_at", flat=True)) == {LATE}
    # Flagged once: called again, they find nothing.
    assert flag_overdue_pushes(now=LATE) == []
    assert flag_overdue_reports(now=LATE) == []
    assert flag_overdue_applications(now=LATE) == []


def test_the_job_records_what_each_app_flagged(late_rows):
    pushes, report, app = late_rows["pushes"], late_rows["report"], late_rows["application"]
    result = job.flag_overdue(as_of=LATE)
    assert (result.pushes, result.reports, result.applications, result.total) == (2, 1, 1, 4)
    records = {
        (r.kind, r.push_id or r.report_id or r.application_id): r
        for r in OverdueRecord.objects.all()
    }
    assert set(records) == {
        *(("push", p.pk) for p in pushes),
        ("report", report.pk),
        ("application", app.pk),
    }
    for push in pushes:
        record = records[("push", push.pk)]
        assert (record.deadline, record.department_id) == (push.claim_deadline, push.department_id)
    assert records[("report", report.pk)].deadline == report.claim_deadline
    assert records[("application", app.pk)].deadline == app.due_at
    assert records[("application", app.pk)].department_id is None
    assert {r.flagged_at for r in records.values()} == {LATE}
    assert len({r.run_id for r in records.values()}) == 1


def test_a_failure_while_writing_the_records_rolls_back_the_flags(
    late_rows, monkeypatch, inspector, liaison
):
    """The records are written after every app has flagged (and told its departments): if
    writing them fails, nothing is flagged, told or queued, and the next run does it all."""
    WebhookEndpoint.objects.create(
        department=late_rows["pushes"][0].department,
        url="http://127.0.0.1:9/hook",  # nothing is sent: the test never commits
        secret="s3cr3t",
    )
    deliveries_before = WebhookDelivery.objects.count()
    real_record = job._record

    def record_then_fail(kind, rows, **kwargs):
        real_record(kind, rows, **kwargs)
        if kind == OverdueRecord.Kind.APPLICATION:
            raise DatabaseError("disk full")

    monkeypatch.setattr(job, "_record", record_then_fail)
    with pytest.raises(DatabaseError):
        job.flag_overdue(as_of=LATE)
    assert OverdueRecord.objects.count() == 0
    assert not Push.objects.filter(overdue_flagged_at__isnull=False).exists()
    assert not SupervisionReport.objects.filter(overdue_flagged_at__isnull=False).exists()
    assert not Application.objects.filter(overdue_flagged_at__isnull=False).exists()
    assert not Notification.objects.filter(subject__contains="逾期").exists()
    assert WebhookDelivery.objects.count() == deliveries_before

    monkeypatch.setattr(job, "_record", real_record)
    assert job.flag_overdue(as_of=LATE).total == 4
    assert OverdueRecord.objects.count() == 4


def test_the_command_with_the_same_as_of_twice_flags_and_records_once(late_rows):
    moment = "2026-06-09T09:00:00+08:00"
    first, second = io.StringIO(), io.StringIO()
    call_command("flag_overdue", "--as-of", moment, stdout=first)
    call_command("flag_overdue", "--as-of", moment, stdout=second)
    assert first.getvalue().strip() == "flagged 4: pushes=2 reports=1 applications=1"
    assert second.getvalue().strip() == "flagged 0: pushes=0 reports=0 applications=0"
    assert OverdueRecord.objects.count() == 4
    assert set(OverdueRecord.objects.values_list("flagged_at", flat=True)) == {LATE}


def test_the_beat_schedule_runs_accountabilitys_task_by_its_old_name(settings):
    from config.celery import app

    app.loader.import_default_modules()
    name = settings.CELERY_BEAT_SCHEDULE["flag-overdue"]["task"]
    assert name == "supervision.flag_overdue"
    assert app.tasks[name].run.__module__ == "accountability.tasks"


def test_no_other_app_defines_a_task_named_supervision_flag_overdue():
    import importlib

    from celery.local import Proxy
    from django.apps import apps

    name, owners = "supervision.flag_overdue", []
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.tasks")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, Proxy) and getattr(value, "name", "") == name:
                owners.append(module.__name__)
    assert owners == ["accountability.tasks"]


def test_a_flag_cleared_by_hand_makes_the_next_run_refuse_rather_than_record_twice(late_rows):
    """Each object has one record; a flag cleared behind the job's back (no code does it) is
    an inconsistency the run refuses loudly, all or nothing, instead of skipping in silence."""
    from django.db import IntegrityError

    job.flag_overdue(as_of=LATE)
    push = late_rows["pushes"][0]
    Push.objects.filter(pk=push.pk).update(overdue_flagged_at=None)  # by hand, in SQL
    with pytest.raises(IntegrityError):
        job.flag_overdue(as_of=LATE + datetime.timedelta(hours=1))
    push.refresh_from_db()
    assert push.overdue_flagged_at is None
    assert OverdueRecord.objects.filter(push=push).count() == 1
