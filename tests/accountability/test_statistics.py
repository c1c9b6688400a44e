"""Statistics against the targets: hand-counted June 2026 across 端午节 (see
statistics_fixtures.py), the scope of a liaison, the range rules, a constant query count."""

import datetime

import pytest
from django.db import connection
from django.http import QueryDict

from accountability.statistics import services as stats
from core.errors import InvalidInput, NotFound
from core.roles import Role
from tests.accountability.statistics_fixtures import build_june
from tests.factories import DepartmentFactory
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


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
def health_liaison(make_user, departments):
    return make_user("liaison_health", Role.LIAISON, department=departments[1])


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


def _query(user, **params):
    data = QueryDict(mutable=True)
    data.update({"from": "2026-06-01", "to": "2026-06-30", **params})
    return stats.parse_query(user, data)


def test_all_departments_june_hand_counted(june, inspector):
    result = stats.summary(_query(inspector), now=NOW)
    apps = result["applications"]
    assert apps["accepted"] == 5
    assert apps["decided"] == 4
    assert apps["decided_on_time"] == 3
    assert apps["on_time_rate"] == 0.75
    assert apps["avg_working_days"] == 3.0  # (2 + 9 + 0 + 1) / 4
    assert apps["p90_working_days"] == 6.9  # [0, 1, 2, 9]: 2 + 0.7 × 7
    assert apps["refused"] == 1
    assert apps["corrections"] == 1
    assert apps["instant_decided"] == 1
    assert apps["instant_on_the_spot"] == 1
    assert apps["on_the_spot_rate"] == 0.25
    assert apps["window_approval_rate"] == 1.0
    pushes = result["pushes"]
    assert pushes["pushed"] == 4
    assert pushes["claimed"] == 2
    assert pushes["claimed_on_time"] == 1
    assert pushes["claimed_on_time_rate"] == 0.3333  # 1 of 3 due (app2's is not due yet)
    assert pushes["median_claim_working_days"] == 3.0  # [1, 5]
    assert pushes["overdue"] == 2
    assert pushes["returned"] == 0
    assert pushes["feedback_on_time"] is None
    assert result["targets"]["on_the_spot_rate"] == {"target": 0.85, "actual": 0.25}
    assert result["targets"]["window_approval_rate"]["target"] == 0.9


def test_market_alone_across_the_holiday(june, inspector):
    result = stats.summary(_query(inspector, department="market"), now=NOW)
    apps, pushes = result["applications"], result["pushes"]
    assert (apps["accepted"], apps["decided"], apps["decided_on_time"]) == (4, 3, 2)
    assert apps["avg_working_days"] == 3.67  # (2 + 9 + 0) / 3: the holiday is not counted
    assert apps["p90_working_days"] == 7.6  # [0, 2, 9]: 2 + 0.8 × 7
    assert (apps["refused"], apps["corrections"]) == (1, 1)
    assert (pushes["pushed"], pushes["claimed"], pushes["claimed_on_time"]) == (3, 2, 1)
    assert pushes["claimed_on_time_rate"] == 0.5
    assert pushes["overdue"] == 1


def test_a_liaison_gets_their_own_department_without_asking(june, health_liaison):
    query = _query(health_liaison)
    assert query.department.code == "health"
    result = stats.summary(query, now=NOW)
    assert result["applications"]["decided"] == 1
    assert result["applications"]["avg_working_days"] == 1.0
    assert result["pushes"]["pushed"] == 1
    assert result["pushes"]["overdue"] == 1
    assert result["pushes"]["claimed_on_time_rate"] == 0.0


def test_a_liaison_asking_for_another_department_is_not_found(june, health_liaison):
    with pytest.raises(NotFound):
        _query(health_liaison, department="market")
    with pytest.raises(NotFound):
        _query(health_liaison, department="nosuch")


def test_a_clerk_may_not_see_statistics(clerk):
    from core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        _query(clerk)


def test_as_of_the_end_of_the_range_a_later_claim_does_not_count(june, inspector):
    # Seen from 25 June: app3's push was claimed late, app1's on time, app2 not pushed yet.
    early = datetime.datetime(2026, 6, 25, 12, tzinfo=datetime.UTC)
    pushes = stats.summary(_query(inspector), now=early)["pushes"]
    assert pushes["pushed"] == 3
    assert pushes["claimed"] == 2
    # The same June seen from December: unchanged by what happened in between (nothing did).
    assert stats.summary(_query(inspector), now=NOW)["pushes"]["claimed"] == 2


def test_a_later_claim_of_a_june_push_leaves_june_unchanged(june, inspector, health_liaison):
    import time_machine

    from supervision import services as supervision

    before = stats.summary(_query(inspector), now=NOW)
    push = june["app7"][1].pushes.get()
    with time_machine.travel(datetime.datetime(2026, 7, 6, 10, tzinfo=datetime.UTC)):
        supervision.claim_push(push_id=push.pk, user=health_liaison)
    end_of_june = datetime.datetime(2026, 6, 30, 16, 0, 1, tzinfo=datetime.UTC)
    again = stats.summary(_query(inspector), now=end_of_june)
    assert again["pushes"] == before["pushes"]
    assert again["applications"] == before["applications"]


def test_the_count_of_queries_does_not_grow_with_rows(june, inspector, clerk, reviewer, approver):
    from tests.flows import approve_permit

    query = _query(inspector)
    for _round in range(2):
        with exact_queries(SUMMARY_QUERIES):
            stats.summary(query, now=NOW)
        with exact_queries(PAGE_QUERIES[connection.vendor]):
            both = stats.summary_and_breakdown(query, now=NOW)
        assert both[0] == stats.summary(query, now=NOW)
        # More rows of every kind (a new item, a new department's push) change no count.
        approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=[DepartmentFactory(code=f"extra{_round}")],
            at=datetime.datetime(2026, 6, 22, 10, tzinfo=datetime.UTC),
        )


# the applications' aggregate, the pushes' aggregate, reports, the catalog's items in force, the
# ratings (working days are stored on the rows: no calendar, no minima)
SUMMARY_QUERIES = 5
# the summary's five, the tables' overall rows folded from the same aggregates' buckets, + the
# labels of items and departments (the same on PostgreSQL and SQLite)
PAGE_QUERIES = {"postgresql": 7, "sqlite": 7}


@pytest.mark.parametrize(
    "params, field",
    [
        ({"from": "2026-13-01"}, "from"),
        ({"from": "2026-06-31"}, "from"),
        ({"to": "not-a-date"}, "to"),
        ({"from": "2026-06-30", "to": "2026-06-01"}, "to"),
        ({"from": "1900-01-01", "to": "1900-01-02"}, "from"),
        ({"from": "2020-01-01", "to": "2026-06-01"}, "to"),
        ({"from": "２０２６-０６-０１"}, "from"),
        ({"from": "2026-06-01\x00"}, "from"),
        ({"group": "everything"}, "group"),
        ({"staff": "99999999999999999999"}, "staff"),
    ],
)
def test_bad_filters_are_invalid_input(inspector, params, field):
    with pytest.raises(InvalidInput) as error:
        _query(inspector, **params)
    assert field in error.value.fields


def test_the_default_range_is_this_month(inspector):
    import time_machine

    with time_machine.travel(datetime.datetime(2026, 2, 14, 3, tzinfo=datetime.UTC)):
        query = stats.parse_query(inspector, QueryDict())
    assert (query.date_from, query.date_to) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 2, 28),
    )


def test_breakdown_by_item_and_pushes_by_department(june, inspector):
    table = stats.breakdown(_query(inspector), now=NOW)
    by_department = {row["label"]: row for row in table["pushes"]}
    assert by_department["县市场监督管理局"]["pushed"] == 3
    assert by_department["县卫生健康局"]["overdue"] == 1
    assert sum(row["decided"] for row in table["applications"]) == 4
    staff = stats.breakdown(_query(inspector, group="staff"), now=NOW)
    assert [row["decided"] for row in staff["applications"] if row["key"]] == [4]


def test_satisfaction_is_the_share_of_basically_satisfied_or_better(
    june, inspector, health_liaison
):
    # Ratings rows made directly: the rating service (another part) is not what is tested here.
    from django.apps import apps as django_apps

    rating = django_apps.get_model("accountability", "Rating")
    rows = [("app1", 5, 20), ("app2", 3, 29), ("app3", 2, 12), ("app7", 1, 3)]
    for name, level, day in rows:
        rating.objects.create(
            application=june[name][0],
            level=level,
            channel="window",
            rated_at=datetime.datetime(2026, 6, day, 10, tzinfo=datetime.UTC),
        )
    rating.objects.filter(application=june["app7"][0]).update(
        rated_at=datetime.datetime(2026, 7, 3, 10, tzinfo=datetime.UTC)  # outside June
    )
    everyone = stats.summary(_query(inspector), now=NOW)["satisfaction"]
    assert everyone == {"ratings": 3, "satisfied": 2, "satisfaction_rate": 0.6667}
    health = stats.summary(_query(health_liaison), now=NOW)["satisfaction"]
    assert health == {"ratings": 0, "satisfied": 0, "satisfaction_rate": None}


def test_stationed_items_as_of_the_end_of_the_range(june, inspector):
    result = stats.summary(_query(inspector), now=NOW)
    assert result["stationed"] == {"items": 3, "transferred": 3}
    assert result["targets"]["stationed_rate"] == {"target": 0.9, "actual": 1.0}


def test_an_empty_range_gives_zeros_and_nulls(inspector):
    summary, table = stats.summary_and_breakdown(_query(inspector), now=NOW)
    assert summary == stats.summary(_query(inspector), now=NOW)
    assert summary["applications"]["decided"] == 0
    assert summary["applications"]["on_time_rate"] is None
    assert summary["pushes"]["claimed_on_time_rate"] is None
    assert summary["pushes"]["median_claim_working_days"] is None
    assert table["applications"] == [] and table["pushes"] == []


def test_a_push_returned_before_its_deadline_is_returned_not_overdue(
    june, inspector, clerk, reviewer, approver, departments, market_liaison
):
    import time_machine

    from supervision import services as supervision
    from tests.flows import approve_permit

    decision = approve_permit(
        clerk=clerk,
        reviewer=reviewer,
        approver=approver,
        departments=[departments[0]],
        at=datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC),
    )
    push = decision.pushes.get()
    with time_machine.travel(datetime.datetime(2026, 6, 11, 9, tzinfo=datetime.UTC)):
        supervision.return_push(push_id=push.pk, user=market_liaison, reason="不属于本部门监管")
    pushes = stats.summary(_query(inspector, department="market"), now=NOW)["pushes"]
    assert pushes["pushed"] == 4
    assert pushes["returned"] == 1
    assert pushes["overdue"] == 1  # app3's late claim only
    assert pushes["claimed_on_time_rate"] == 0.5  # the returned one is not due
