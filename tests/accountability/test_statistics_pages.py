"""The statistics page, its xlsx export, the definitions page and the summary API: the same
hand-counted June, a liaison's isolation everywhere, bad input as 400, a constant query count."""

import datetime
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from core.roles import Role
from tests.accountability.statistics_fixtures import build_june
from tests.factories import DepartmentFactory
from tests.queries import exact_queries

pytestmark = pytest.mark.django_db

JUNE = {"from": "2026-06-01", "to": "2026-06-30"}
DECEMBER = datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _december():
    with time_machine.travel(DECEMBER, tick=False):
        yield


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


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_page_shows_the_figures_and_the_chart_data(june, inspector):
    response = _client(inspector).get(reverse("accountability:statistics"), JUNE)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="statistics-data"' in html
    assert "vendor/echarts/6.1.0/echarts.min.js" in html
    assert "<script>" not in html  # CSP: data in json_script, code in static files
    figures = dict((n, v) for n, _l, v in response.context["application_figures"])
    assert figures["decided"] == "4"
    assert figures["on_time_rate"] == "75.0%"
    assert figures["p90_working_days"] == "6.9"
    targets = {row[0]: row for row in response.context["target_rows"]}
    assert targets["on_the_spot_rate"][2:] == ("85.0%", "25.0%", True)


def test_the_liaison_page_is_their_department_only(june, health_liaison):
    client = _client(health_liaison)
    response = client.get(reverse("accountability:statistics"), JUNE)
    assert response.status_code == 200
    assert response.context["summary"]["department"] == "health"
    assert [row["label"] for row in response.context["table"]["pushes"]] == ["县卫生健康局"]
    assert "县市场监督管理局" not in response.content.decode()
    assert (
        client.get(
            reverse("accountability:statistics"), {**JUNE, "department": "market"}
        ).status_code
        == 404
    )
    export = client.get(
        reverse("accountability:statistics_export"), {**JUNE, "department": "market"}
    )
    assert export.status_code == 404


@pytest.mark.parametrize(
    "params",
    [{"from": "2026-06-31"}, {"from": "2026-07-01", "to": "2026-06-01"}, {"to": "9999-01-01"}],
)
def test_bad_dates_on_the_page_are_a_chinese_400(inspector, params):
    response = _client(inspector).get(reverse("accountability:statistics"), params)
    assert response.status_code == 400
    assert "统计条件有误" in response.content.decode()


def test_others_may_not_see_the_page(clerk, client):
    assert _client(clerk).get(reverse("accountability:statistics")).status_code == 403
    assert _client(clerk).get(reverse("accountability:statistics_export")).status_code == 403
    anonymous = client.get(reverse("accountability:statistics"))
    assert anonymous.status_code == 302


def test_the_page_costs_the_same_queries_whatever_the_rows(
    june, inspector, clerk, reviewer, approver
):
    from tests.flows import approve_permit

    client = _client(inspector)
    url = reverse("accountability:statistics")
    client.get(url, JUNE)  # warm the session and the role caches
    counts = []
    for n in range(2):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, JUNE).status_code == 200
        counts.append(len(ctx.captured_queries))
        approve_permit(
            clerk=clerk,
            reviewer=reviewer,
            approver=approver,
            departments=[DepartmentFactory(code=f"more{n}")],
            at=datetime.datetime(2026, 6, 22, 10, tzinfo=datetime.UTC),
        )
    with exact_queries(counts[0]):
        client.get(url, JUNE)
    assert counts[0] == counts[1]


def test_the_export_is_a_workbook_with_the_same_numbers(june, inspector):
    response = _client(inspector).get(reverse("accountability:statistics_export"), JUNE)
    assert response.status_code == 200
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="statistics-20260601-20260630.xlsx"'
    )
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总", "目标对照", "办件明细", "推送按部门"]
    summary = {row[0]: row[1] for row in book["汇总"].iter_rows(min_row=2, values_only=True)}
    assert summary["办结件数"] == 4
    assert summary["按时办结率"] == 0.75
    assert summary["逾期"] == 2
    departments = {r[0]: r for r in book["推送按部门"].iter_rows(min_row=2, values_only=True)}
    assert departments["县市场监督管理局"][1] == 3


def test_a_formula_looking_label_is_written_as_text(june, inspector, departments):
    departments[1].name = '=HYPERLINK("http://x")'
    departments[1].save()
    response = _client(inspector).get(reverse("accountability:statistics_export"), JUNE)
    book = load_workbook(io.BytesIO(response.content))
    labels = [r[0] for r in book["推送按部门"].iter_rows(min_row=2, values_only=True)]
    assert '\'=HYPERLINK("http://x")' in labels


def test_the_definitions_page_names_every_figure(inspector, health_liaison):
    response = _client(inspector).get(reverse("accountability:statistics_definitions"))
    assert response.status_code == 200
    html = response.content.decode()
    for name in (
        "on_time_rate",
        "window_approval_rate",
        "on_the_spot_rate",
        "stationed_rate",
        "claimed_on_time_rate",
        "satisfaction_rate",
        "p90_working_days",
    ):
        assert f'id="{name}"' in html
    assert (
        _client(health_liaison).get(reverse("accountability:statistics_definitions")).status_code
        == 200
    )


# --- the API --------------------------------------------------------------------------------

URL = "/api/v1/statistics/summary/"


def test_api_summary_as_the_contract_says(june, inspector, api):
    response = api.as_user(inspector).get(URL, JUNE)
    assert response.status_code == 200
    body = response.json()
    assert body["applications"]["decided"] == 4
    assert body["applications"]["on_time_rate"] == 0.75
    assert body["applications"]["on_the_spot_rate"] == 0.25
    assert body["pushes"]["claimed_on_time_rate"] == 0.3333
    assert body["pushes"]["median_claim_working_days"] == 3.0
    assert body["targets"]["window_approval_rate"] == {"target": 0.9, "actual": 1.0}
    for section in ("applications", "pushes"):
        for name, value in body[section].items():
            if name.endswith("_rate"):
                assert value is None or 0 <= value <= 1


def test_api_liaison_isolation(june, health_liaison, api):
    client = api.as_user(health_liaison)
    own = client.get(URL, JUNE)
    assert own.status_code == 200 and own.json()["department"] == "health"
    assert own.json()["pushes"]["pushed"] == 1
    other = client.get(URL, {**JUNE, "department": "market"})
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"
    assert "pushes" not in other.json()


@pytest.mark.parametrize(
    "params, code",
    [
        ({"from": "2026-02-30"}, "invalid_range"),
        ({"from": "yesterday"}, "invalid_range"),
        ({"from": "2026-06-30", "to": "2026-06-01"}, "invalid_range"),
        ({"from": "1000-01-01"}, "invalid_range"),
        ({"from": "2000-01-01", "to": "2026-01-01"}, "invalid_range"),
        ({"from": "2026-06-01", "unknown": "1"}, "invalid"),
        ({"department": "nosuch"}, "invalid"),
        ({"department": ""}, "invalid"),
    ],
)
def test_api_bad_input_is_400_with_a_code(inspector, api, params, code):
    response = api.as_user(inspector).get(URL, params)
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_api_repeated_parameter_is_400(inspector, api):
    response = api.as_user(inspector).get(URL + "?from=2026-06-01&from=2026-06-02")
    assert response.status_code == 400


def test_api_roles(clerk, api, client):
    assert client.get(URL).status_code == 401
    assert api.as_user(clerk).get(URL).status_code == 403


def test_api_query_count_is_constant(june, inspector, api):
    client = api.as_user(inspector)
    client.get(URL, JUNE)
    with exact_queries(API_QUERIES):
        client.get(URL, JUNE)


# token with its user, the roles (groups), the summary's five
API_QUERIES = 7
