"""Due dates of applications: one rule (approvals.services.deadlines.due_for) at acceptance,
after a special procedure, and when official calendar data turns provisional dates official."""

import datetime

import pytest
import time_machine

from approvals import services
from approvals.models import Application
from approvals.services import deadlines
from audit.services import events_for
from tests.approvals.conftest import SHANGHAI
from workdays import services as workdays
from workdays.signals import official_year_entered

pytestmark = pytest.mark.usefixtures("seal")

# Wednesday 30 December 2026: 5 working days run into 2027, which has no official data yet.
DEC_30 = datetime.datetime(2026, 12, 30, 10, tzinfo=SHANGHAI)
# The 2027 arrangement as it will be entered: 1 Jan and (unlike the fallback) Mon 4 Jan off.
HOLIDAYS_2027 = [(datetime.date(2027, 1, 1), "元旦"), (datetime.date(2027, 1, 4), "元旦")]


def _at(moment):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def provisional(submitted, clerk):
    """An application accepted on 30 Dec 2026, due on a provisional date in 2027."""
    app = submitted()
    with _at(DEC_30):
        app = services.accept(application_id=app.pk, clerk=clerk)
    # Fallback 2027: Thu 31 Dec, (Fri 1 Jan off), Mon 4, Tue 5, Wed 6, Thu 7 Jan.
    assert (app.due_date, app.due_provisional) == (datetime.date(2027, 1, 7), True)
    return app


def _enter_2027(catalog_admin, capture):
    with capture(execute=True):
        workdays.set_year(
            year=2027, actor=catalog_admin, holidays=HOLIDAYS_2027, makeup_workdays=[]
        )


def test_entering_the_year_recomputes_a_provisional_due_date(
    provisional, catalog_admin, django_capture_on_commit_callbacks
):
    _enter_2027(catalog_admin, django_capture_on_commit_callbacks)
    provisional.refresh_from_db()
    # Official: Thu 31 Dec, Tue 5, Wed 6, Thu 7, Fri 8 Jan.
    assert provisional.due_date == datetime.date(2027, 1, 8)
    assert provisional.due_provisional is False
    assert provisional.due_at == workdays.end_of_day(datetime.date(2027, 1, 8))
    event = events_for(provisional).get(action="recompute_deadline")
    assert (event.before, event.after, event.note) == ("2027-01-07", "2027-01-08", "2027")


def test_the_recompute_keeps_the_working_days_a_special_procedure_took(
    provisional, reviewer, catalog_admin
):
    with _at(DEC_30):
        services.start_special_procedure(
            application_id=provisional.pk, actor=reviewer, kind="testing"
        )
    with _at(datetime.datetime(2027, 1, 5, 10, tzinfo=SHANGHAI)):
        services.end_special_procedure(application_id=provisional.pk, actor=reviewer)
    provisional.refresh_from_db()
    # 31 Dec, 4 and 5 Jan paused (3 working days by the fallback): 7 Jan -> Tue 12 Jan.
    assert provisional.paused_working_days == 3
    assert (provisional.due_date, provisional.due_provisional) == (datetime.date(2027, 1, 12), True)
    # The year entered without running its on-commit signal: only our recompute runs here.
    workdays.set_year(year=2027, actor=catalog_admin, holidays=HOLIDAYS_2027, makeup_workdays=[])
    assert deadlines.recompute_provisional_due_dates(year=2027) == 1
    provisional.refresh_from_db()
    # Official: 8 Jan, then the 3 paused working days: Mon 11, Tue 12, Wed 13 Jan.
    assert provisional.due_date == datetime.date(2027, 1, 13)
    assert provisional.due_provisional is False


def test_the_recompute_changes_nothing_the_second_time(provisional, catalog_admin):
    workdays.set_year(year=2027, actor=catalog_admin, holidays=HOLIDAYS_2027, makeup_workdays=[])
    first = deadlines.recompute_provisional_due_dates(year=2027)
    again = deadlines.recompute_provisional_due_dates(year=2027)
    assert (first, again) == (1, 0)
    assert events_for(provisional).filter(action="recompute_deadline").count() == 1


def test_closed_and_official_due_dates_are_left_alone(provisional, accepted, clerk, catalog_admin):
    with _at(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI)):
        official = accepted()
    refused = Application.objects.filter(pk=provisional.pk)
    refused.update(status=Application.Status.REFUSED)
    workdays.set_year(year=2027, actor=catalog_admin, holidays=HOLIDAYS_2027, makeup_workdays=[])
    assert deadlines.recompute_provisional_due_dates(year=2027) == 0
    provisional.refresh_from_db()
    official.refresh_from_db()
    assert provisional.due_date == datetime.date(2027, 1, 7)
    assert official.due_date == datetime.date(2026, 6, 8)


def test_approvals_listens_to_official_year_entered():
    uids = {key[0] for key, _receiver, *_ in official_year_entered.receivers}
    assert "approvals_recompute_due_dates" in uids


def test_the_due_date_at_acceptance_and_after_a_pause_come_from_due_for(submitted, clerk, reviewer):
    app = submitted()
    with _at(datetime.datetime(2026, 6, 1, 10, tzinfo=SHANGHAI)):
        app = services.accept(application_id=app.pk, clerk=clerk)
        services.start_special_procedure(application_id=app.pk, actor=reviewer, kind="hearing")
    with _at(datetime.datetime(2026, 6, 3, 10, tzinfo=SHANGHAI)):
        services.end_special_procedure(application_id=app.pk, actor=reviewer)
    app.refresh_from_db()
    expected = deadlines.due_for(
        version=app.item_version, accepted_at=app.accepted_at, paused_working_days=2
    )
    assert app.paused_working_days == 2
    assert (app.due_date, app.due_at, app.due_provisional) == (
        expected.date,
        expected.at,
        expected.provisional,
    )
    assert app.due_date == datetime.date(2026, 6, 10)  # 8 June + Tue 9, Wed 10
