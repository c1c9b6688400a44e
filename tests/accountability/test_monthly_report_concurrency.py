"""Two beat runs of the monthly 通报 at the same moment (PostgreSQL, real transactions): one
report, one number, one set of notifications; the loser's transaction rolls back whole."""

import datetime

import pytest
import time_machine

from accountability.models import MonthlyReport
from accountability.reports import services as reports
from approvals.models import DocumentCounter
from supervision.models import Notification
from tests.factories import SealFactory
from tests.threads import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

JULY_1 = datetime.datetime(2026, 7, 1, 1, 40, tzinfo=datetime.UTC)


def test_concurrent_runs_make_one_report(calendar_data, inspector):
    SealFactory()
    with time_machine.travel(JULY_1, tick=False):
        results = run_together([reports.run_monthly_report for _ in range(3)])
    assert all(kind == "ok" for kind, _value in results), results
    assert len({value.pk for _kind, value in results}) == 1
    assert MonthlyReport.objects.count() == 1
    assert DocumentCounter.objects.get(series="monthly_report", year=2026).last == 1
    assert Notification.objects.filter(recipient=inspector).count() == 1
