"""The case page's 程序清单 stepper: every application status maps to a stage of the steps, the
page shows the current step with its post and limit, and costs one query whatever the steps."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from approvals import services
from approvals.models import Application
from approvals.steps import CLOSED, DONE, STAGE_OF_STATUS, place
from catalog.models import ProcedureStep
from catalog.services.sample import default_steps
from tests.approvals.pages.helpers import detail_url, logged_in

S = Application.Status
Stage = ProcedureStep.Stage
pytestmark = pytest.mark.usefixtures("at_monday", "seal")

# The table the code must match: a new status without a row here fails the first test.
EXPECTED = {
    S.SUBMITTED: Stage.INTAKE,
    S.CORRECTION_REQUESTED: Stage.INTAKE,
    S.REFUSED: CLOSED,
    S.ACCEPTED: Stage.REVIEW,
    S.UNDER_REVIEW: Stage.REVIEW,
    S.REVIEWED: Stage.DECISION,
    S.APPROVED: Stage.DELIVERY,
    S.DENIED: Stage.DELIVERY,
    S.DELIVERED: DONE,
    S.WITHDRAWN: CLOSED,
    S.TERMINATED: CLOSED,
}


def test_every_application_status_has_a_stage():
    assert set(STAGE_OF_STATUS) == set(S.values) == set(EXPECTED)
    assert STAGE_OF_STATUS == EXPECTED


def _sample_steps(site=True, committed=10):
    from catalog.models import ItemVersion

    version = ItemVersion(category="市场准入", committed_limit_days=committed, site_inspection=site)
    steps = default_steps(version)
    for n, s in enumerate(steps, 1):
        s.pk = n  # distinct identities, as loaded rows have
    return steps


# 受理, 审查, 现场踏勘, 决定, 制证送达
@pytest.mark.parametrize(
    ("status", "states", "current"),
    [
        (S.SUBMITTED, ["current", "todo", "todo", "todo", "todo"], "受理"),
        (S.CORRECTION_REQUESTED, ["current", "todo", "todo", "todo", "todo"], "受理"),
        (S.ACCEPTED, ["done", "current", "current", "todo", "todo"], "审查"),
        (S.UNDER_REVIEW, ["done", "current", "current", "todo", "todo"], "审查"),
        (S.REVIEWED, ["done", "done", "done", "current", "todo"], "决定"),
        (S.APPROVED, ["done", "done", "done", "done", "current"], "制证送达"),
        (S.DENIED, ["done", "done", "done", "done", "current"], "制证送达"),
        (S.DELIVERED, ["done"] * 5, None),
        (S.REFUSED, ["stopped"] * 5, None),
        (S.WITHDRAWN, ["stopped"] * 5, None),
        (S.TERMINATED, ["stopped"] * 5, None),
    ],
)
def test_a_case_is_placed_on_the_steps_of_its_status(status, states, current):
    placed, now = place(status, _sample_steps())
    assert [p.state for p in placed] == states
    assert (now.name if now else None) == current


def test_a_version_without_a_step_of_the_stage_is_at_the_next_stage():
    steps = [s for s in _sample_steps() if s.stage != Stage.DECISION]
    placed, now = place(S.REVIEWED, steps)
    assert now.name == "制证送达"
    assert [p.state for p in placed] == ["done", "done", "done", "current"]
    placed, now = place(S.APPROVED, [s for s in steps if s.stage != Stage.DELIVERY])
    assert now is None and {p.state for p in placed} == {"done"}


@pytest.fixture
def with_steps(version):
    def _with(site=False):
        version.site_inspection = site
        for step in default_steps(version):
            step.save()
        return list(version.steps.all())

    return _with


def test_the_case_page_shows_the_current_step_its_post_and_limit(
    client, clerk, accepted, with_steps
):
    with_steps()  # committed 5: 受理 1, 审查 2, 决定 1, 制证送达 1
    app = accepted()

    text = logged_in(client, clerk).get(detail_url(app)).content.decode()

    stepper = text[text.index('data-testid="case-steps"') :]
    stepper = stepper[: stepper.index("</nav>")]
    assert stepper.count('data-testid="case-step"') == 4
    assert 'aria-current="step"' in stepper
    current = stepper[stepper.index('data-testid="current-step"') :]
    assert "审查" in current and "市场准入审批股" in current and "时限 2 个工作日" in current
    states = [chunk.split('"', 1)[0] for chunk in stepper.split('data-state="')[1:]]
    assert states == ["done", "current", "todo", "todo"]


def test_a_submitted_case_is_at_intake_and_a_refused_one_at_no_step(
    client, clerk, submitted, with_steps
):
    with_steps()
    app = submitted()
    text = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert "当前环节" in text and "综合受理窗口" in text
    services.refuse(application_id=app.pk, clerk=clerk, reason="不属于本机关职权范围")
    text = client.get(detail_url(app)).content.decode()
    assert 'aria-current="step"' not in text
    assert "办件已终结" in text


def test_a_version_without_steps_shows_no_stepper(client, clerk, accepted):
    app = accepted()
    text = logged_in(client, clerk).get(detail_url(app)).content.decode()
    assert "case-steps" not in text


def _page_queries(client, app) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(detail_url(app)).status_code == 200
    return len(ctx.captured_queries)


def test_the_steps_cost_the_case_page_one_query_whatever_their_number(
    client, clerk, accepted, with_steps, version
):
    app = accepted()
    logged_in(client, clerk)
    _page_queries(client, app)  # warm the session and caches
    without = _page_queries(client, app)
    with_steps(site=True)
    five = _page_queries(client, app)
    ProcedureStep.objects.filter(version=version, position__gt=2).delete()
    two = _page_queries(client, app)
    # The empty steps list is one query too: the page always asks once.
    assert five == two == without
