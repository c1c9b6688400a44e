"""The overdue job (accountability on top): each app flags its own late rows once, the job
writes one OverdueRecord each and tells the departments and the inspectors."""

import datetime

import pytest
import time_machine
from django.core.management import call_command

from accountability.models import OverdueRecord
from accountability.services import flag_overdue
from approvals import services as approvals
from catalog.models import Department
from supervision import services
from supervision.models import Notification, Push, WebhookDelivery, WebhookEndpoint
from tests.approvals.conftest import SHANGHAI
from tests.threads import run_together

pytestmark = pytest.mark.django_db


def at(*args):
    return time_machine.travel(datetime.datetime(*args, tzinfo=SHANGHAI), tick=False)


def _endpoint(code, url):
    return WebhookEndpoint.objects.create(
        department=Department.objects.get(code=code), url=url, secret="s3cr3t"
    )


def test_flag_overdue_before_and_after_the_deadline_twice(decided, inspector):
    decided()  # pushed Mon 1 Jun 10:00 -> deadline end of Thu 4 Jun
    before = datetime.datetime(2026, 6, 4, 23, 0, tzinfo=SHANGHAI)
    after = datetime.datetime(2026, 6, 5, 0, 30, tzinfo=SHANGHAI)
    assert flag_overdue(as_of=before).pushes == 0
    result = flag_overdue(as_of=after)
    assert result.pushes == 2
    assert flag_overdue(as_of=after).total == 0  # running twice flags nothing new
    assert OverdueRecord.objects.filter(kind="push").count() == 2
    assert set(Push.objects.values_list("overdue_flagged_at", flat=True)) == {after}
    assert Notification.objects.filter(recipient=inspector).count() == 1


def test_flag_overdue_notifies_the_departments_liaison_once(decided, liaison):
    decided()
    moment = datetime.datetime(2026, 6, 8, 9, tzinfo=SHANGHAI)
    flag_overdue(as_of=moment)
    flag_overdue(as_of=moment + datetime.timedelta(hours=1))
    notes = Notification.objects.filter(recipient=liaison, subject__contains="逾期")
    assert notes.count() == 1


def test_a_claimed_push_is_never_flagged(decided, liaison):
    push = Push.objects.get(decision=decided(), department__code="market")
    services.claim_push(push_id=push.pk, user=liaison)
    flag_overdue(as_of=datetime.datetime(2026, 7, 1, tzinfo=SHANGHAI))
    push.refresh_from_db()
    assert push.overdue_flagged_at is None


def test_late_applications_are_flagged_the_same_way(decided, clerk):
    from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory

    SealFactory()  # the 受理通知书 is sealed and numbered when the case is accepted
    version = PublishedVersionFactory()
    materials = list(version.materials.values_list("pk", flat=True))
    with at(2026, 6, 1, 10):
        app = approvals.submit(
            clerk=clerk,
            item_version=version,
            applicant=ApplicantFactory(),
            provided={m: True for m in materials},
        )
        approvals.accept(application_id=app.pk, clerk=clerk)  # due Mon 8 Jun
    assert flag_overdue(as_of=datetime.datetime(2026, 6, 8, 20, tzinfo=SHANGHAI)).applications == 0
    result = flag_overdue(as_of=datetime.datetime(2026, 6, 9, 9, tzinfo=SHANGHAI))
    assert result.applications == 1
    app.refresh_from_db()
    assert app.overdue_flagged_at is not None
    assert OverdueRecord.objects.get(kind="application").application == app


def test_flag_overdue_command_with_as_of_twice(decided):
    import io

    decided()
    out = io.StringIO()
    call_command("flag_overdue", "--as-of", "2026-06-04T12:00:00+08:00", stdout=out)
    assert "flagged 0" in out.getvalue()
    call_command("flag_overdue", "--as-of", "2026-06-05T09:00:00+08:00", stdout=out)
    assert "flagged 2: pushes=2" in out.getvalue()
    out = io.StringIO()
    call_command("flag_overdue", "--as-of", "2026-06-05T09:00:00+08:00", stdout=out)
    assert "flagged 0" in out.getvalue()


def test_redelivered_flag_task_changes_nothing(decided, settings):
    """The task body run twice (a broker redelivery): the second run changes nothing."""
    from accountability.tasks import flag_overdue as task

    decided()
    first = task.apply(kwargs={"as_of": "2026-06-05T09:00:00+08:00"}).get()
    second = task.apply(kwargs={"as_of": "2026-06-05T09:00:00+08:00"}).get()
    assert first == {"pushes": 2, "reports": 0, "applications": 0}
    assert second == {"pushes": 0, "reports": 0, "applications": 0}
    assert OverdueRecord.objects.count() == 2


def test_flagging_overdue_sends_push_flagged_overdue(decided, receiver_factory):
    receiver = receiver_factory(200, 200)
    _endpoint("market", receiver.url)
    decided()
    flag_overdue(as_of=datetime.datetime(2026, 6, 8, 9, tzinfo=SHANGHAI))
    events = list(WebhookDelivery.objects.order_by("created_at").values_list("event", flat=True))
    assert events == ["push.created", "push.flagged_overdue"]
    flag_overdue(as_of=datetime.datetime(2026, 6, 8, 10, tzinfo=SHANGHAI))
    assert WebhookDelivery.objects.count() == 2


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_overdue_runs_at_once_flag_each_push_once(decided_tx):
    for _ in range(3):
        decided_tx()
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=30)
    results = run_together(
        [
            lambda: flag_overdue(as_of=later),
            lambda: flag_overdue(as_of=later + datetime.timedelta(seconds=1)),
        ]
    )
    assert all(r[0] == "ok" for r in results), results
    assert sum(r[1].pushes for r in results) == 6
    assert OverdueRecord.objects.filter(kind="push").count() == 6
