"""The working days statistics read are stored when the clock stops — decide() writes
Application.decide_working_days, claim_push writes Push.claim_working_days — counted by the one
working-day service; the migrations' backfill (store_working_days) writes the same numbers."""

import datetime

import pytest

from approvals import statistics as application_stats
from approvals.models import Application
from core.roles import Role
from supervision import statistics as push_stats
from supervision.models import Push
from tests.accountability.statistics_fixtures import build_june
from tests.factories import DepartmentFactory
from workdays import services as workdays


@pytest.fixture
def departments(db):
    return (
        DepartmentFactory(code="market", name="县市场监督管理局"),
        DepartmentFactory(code="health", name="县卫生健康局"),
    )


@pytest.fixture
def market_liaison(make_user, departments):
    return make_user("liaison_market", Role.LIAISON, department=departments[0])


@pytest.fixture
def june(clerk, reviewer, approver, departments, market_liaison):
    return build_june(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        market=departments[0],
        health=departments[1],
        market_liaison=market_liaison,
    )


def _stored(june, name):
    return Application.objects.get(pk=june[name][0].pk).decide_working_days


def test_decide_stores_the_working_days_from_acceptance(june):
    # hand-counted in statistics_fixtures (端午节 Friday 19 June is a holiday)
    assert [_stored(june, n) for n in ("app1", "app2", "app3", "app7")] == [2, 9, 0, 1]
    assert _stored(june, "app6") is None  # still under way


def test_claim_push_stores_the_working_days_from_the_push(june):
    claimed = {p.decision.application_id: p.claim_working_days for p in Push.objects.all()}
    assert claimed[june["app1"][0].pk] == 1
    assert claimed[june["app3"][0].pk] == 5
    assert claimed[june["app2"][0].pk] is None and claimed[june["app7"][0].pk] is None


def test_the_stored_value_is_what_the_working_day_service_answers(june):
    for app in Application.objects.filter(decided_at__isnull=False):
        expected = workdays.working_days_between(
            app.accepted_at.astimezone(workdays.TZ).date(),
            app.decided_at.astimezone(workdays.TZ).date(),
        )
        assert app.decide_working_days == expected


def test_the_backfill_writes_the_same_numbers_in_any_batch_size(june):
    before_apps = dict(Application.objects.values_list("pk", "decide_working_days"))
    before_pushes = dict(Push.objects.values_list("pk", "claim_working_days"))
    for batch in (1, 2, 5000):
        Application.objects.update(decide_working_days=None)
        Push.objects.update(claim_working_days=None)
        assert application_stats.store_decide_working_days(batch=batch) == 4
        assert push_stats.store_claim_working_days(batch=batch) == 2
        assert dict(Application.objects.values_list("pk", "decide_working_days")) == before_apps
        assert dict(Push.objects.values_list("pk", "claim_working_days")) == before_pushes
    # only the missing ones by default: a second run writes nothing
    assert application_stats.store_decide_working_days() == 0
    assert push_stats.store_claim_working_days() == 0


def test_the_backfill_of_an_empty_table_does_nothing(db):
    assert application_stats.store_decide_working_days() == 0
    assert push_stats.store_claim_working_days() == 0


def test_a_calendar_edit_recounts_the_stored_days_of_that_year(june, catalog_admin):
    """Monday 22 June declared a holiday (an official edit): app1 (accepted Thu 18, decided Tue
    23) took 1 working day, not 2, once the year's receivers ran; another year's rows stay."""
    from workdays.services.writes import save_day

    holiday = datetime.date(2026, 6, 22)
    save_day(date=holiday, is_workday=False, name="测试假日", actor=catalog_admin)
    application_stats.on_official_year_entered(None, year=2025)
    assert _stored(june, "app1") == 2  # 2025 touches no 2026 row
    application_stats.on_official_year_entered(None, year=2026)
    push_stats.on_official_year_entered(None, year=2026)
    assert _stored(june, "app1") == 1
    assert _stored(june, "app2") == 8
    claimed = {p.decision.application_id: p.claim_working_days for p in Push.objects.all()}
    assert claimed[june["app1"][0].pk] == 1  # Tue 23 → Wed 24, untouched by the 22nd


def test_the_recount_is_connected_to_the_calendar_edit(
    june, catalog_admin, django_capture_on_commit_callbacks
):
    """The same edit through the calendar's own service: once it commits, official_year_entered
    reaches both apps' receivers (approvals.apps, supervision.apps) with no direct call."""
    from workdays.services.writes import save_day

    with django_capture_on_commit_callbacks(execute=True):
        save_day(
            date=datetime.date(2026, 6, 22), is_workday=False, name="测试假日", actor=catalog_admin
        )
    assert _stored(june, "app1") == 1
    assert _stored(june, "app2") == 8
