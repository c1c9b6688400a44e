"""补正 expiry with two workers at once, on PostgreSQL (row locks, skip_locked): each
application is deemed withdrawn once, with one notice and one audit event, not two."""

import datetime

import pytest
import time_machine

from approvals import services
from approvals.models import Application
from approvals.validators import id_check_digit
from audit.models import AuditEvent
from tests.approvals.conftest import MONDAY, SHANGHAI
from tests.factories import ApplicantFactory, PublishedVersionFactory, SealFactory
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

AFTER = datetime.datetime(2026, 6, 16, 0, 0, 1, tzinfo=SHANGHAI)


def _valid_id(i: int) -> str:
    first17 = f"11010519900307{i:03d}"
    return first17 + id_check_digit(first17)


IDS = [_valid_id(i) for i in range(1, 9)]


def test_two_workers_at_once_close_each_application_once(calendar_data, clerk):
    SealFactory()
    version = PublishedVersionFactory()
    first = version.materials.order_by("position").first()
    apps = []
    with time_machine.travel(MONDAY, tick=False):
        for i, id_number in enumerate(IDS):
            applicant = ApplicantFactory(id_number=id_number, name=f"申请人{i}")
            app = services.submit(
                clerk=clerk, item_version=version, applicant=applicant, provided={first.pk: True}
            )
            services.request_correction(
                application_id=app.pk, clerk=clerk, missing=[m.pk for m in version.materials.all()]
            )
            apps.append(app)
    results = run_together([lambda: services.expire_corrections(now=AFTER) for _ in range(2)])
    assert all(kind == "ok" for kind, _ in results), results
    assert sum(n for _, n in results) == len(apps)
    assert Application.objects.filter(status="withdrawn", deemed_withdrawn=True).count() == len(
        apps
    )
    for app in apps:
        assert (
            AuditEvent.objects.filter(object_id=str(app.pk), action="deem_withdrawn").count() == 1
        )
    try:
        from approvals.models import IssuedDocument
    except ImportError:
        return
    for app in apps:
        assert IssuedDocument.objects.filter(application=app, kind="withdrawal").count() == 1
    # And a third run afterwards: nothing.
    assert services.expire_corrections(now=AFTER) == 0
