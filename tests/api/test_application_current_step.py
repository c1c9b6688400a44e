"""The application API's detail names the 程序清单 step a case is at (`current_step`), read from
its version's steps through approvals.steps — the same answer as the case page's stepper."""

import pytest

from catalog.models import ProcedureStep
from tests.api.applications import url
from tests.api.test_applications_schema_api import _generate_schema

pytestmark = pytest.mark.usefixtures("at_monday", "seal")
Stage = ProcedureStep.Stage

# (position, name, stage, post, limit_days): 受理 1, 审查 2, 现场踏勘 1 (both of the review
# stage), 决定 1, 送达 0 (当场).
ROWS = [
    (1, "受理", Stage.INTAKE, "综合受理窗口", 1),
    (2, "审查", Stage.REVIEW, "市场准入审批股", 2),
    (3, "现场踏勘", Stage.REVIEW, "市场准入审批股", 1),
    (5, "决定", Stage.DECISION, "首席代表", 1),
    (7, "制证送达", Stage.DELIVERY, "综合受理窗口", 0),
]


def _step(position, name, stage, post, limit_days):
    return {
        "position": position,
        "name": name,
        "stage": str(stage),
        "post": post,
        "limit_days": limit_days,
    }


@pytest.fixture
def steps(version):
    for position, name, stage, post, limit in ROWS:
        ProcedureStep.objects.create(
            version=version, position=position, name=name, stage=stage, post=post, limit_days=limit
        )
    return version


def _current(api, user, app_id):
    response = api.as_user(user).get(url(app_id))
    assert response.status_code == 200, response.content
    return response.json()["current_step"]


def test_the_detail_names_the_step_of_each_stage_of_the_case(api, clerk, flow, steps):
    app_id = flow.submit()
    assert _current(api, clerk, app_id) == _step(*ROWS[0])
    flow.accept(app_id)
    # The first step of the review stage (审查 and 现场踏勘 run side by side).
    assert _current(api, clerk, app_id) == _step(*ROWS[1])
    flow.review(app_id)
    assert _current(api, clerk, app_id) == _step(*ROWS[3])
    decided = flow.decide(app_id)
    # The transition's response is the detail too, current step included.
    assert decided["current_step"] == _step(*ROWS[4])


def test_a_refused_case_and_a_version_without_steps_have_no_current_step(api, clerk, flow, version):
    app_id = flow.submit()
    assert _current(api, clerk, app_id) is None  # the version has no steps
    ProcedureStep.objects.create(
        version=version, position=1, name="受理", stage=Stage.INTAKE, post="窗口", limit_days=0
    )
    assert _current(api, clerk, app_id)["name"] == "受理"
    refused = api.as_user(clerk).post(
        url(app_id, "refuse"), {"reason": "不属于本机关职权范围"}, format="json"
    )
    assert refused.status_code == 200, refused.content
    assert refused.json()["current_step"] is None


def test_a_version_without_a_step_of_the_stage_names_the_next_one(api, clerk, flow, version):
    for position, name, stage, post, limit in ROWS:
        if stage != Stage.REVIEW:
            ProcedureStep.objects.create(
                version=version,
                position=position,
                name=name,
                stage=stage,
                post=post,
                limit_days=limit,
            )
    app_id = flow.submit()
    flow.accept(app_id)
    assert _current(api, clerk, app_id) == _step(*ROWS[3])  # 决定


def test_the_list_stays_without_the_current_step(api, clerk, flow, steps):
    flow.submit()
    rows = api.as_user(clerk).get("/api/v1/applications/").json()["results"]
    assert rows and all("current_step" not in row for row in rows)


def test_the_schema_documents_the_current_step_as_a_nullable_object():
    schema = _generate_schema()[0]
    components = schema["components"]["schemas"]
    field = components["ApplicationDetail"]["properties"]["current_step"]
    # A nullable reference: drf-spectacular writes it as oneOf [ref, null] (OpenAPI 3.0:
    # allOf + nullable).
    refs = [v["$ref"] for v in field.get("allOf", field.get("oneOf", [])) if "$ref" in v]
    assert refs == ["#/components/schemas/CurrentStep"]
    assert field.get("nullable") is True or {"type": "null"} in field.get("oneOf", [])
    step = components["CurrentStep"]
    assert set(step["properties"]) == {"position", "name", "stage", "post", "limit_days"}
    assert set(step["required"]) == set(step["properties"])
    assert field.get("description") or components["CurrentStep"].get("description")


def test_the_current_step_costs_the_detail_one_query_whatever_the_steps(api, clerk, flow, version):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    app_id = flow.submit()
    client = api.as_user(clerk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(app_id)).status_code == 200
        return len(ctx.captured_queries)

    none = count()
    ProcedureStep.objects.create(
        version=version, position=1, name="受理", stage=Stage.INTAKE, post="窗口", limit_days=0
    )
    one = count()
    for position, name, stage, post, limit in ROWS[1:]:
        ProcedureStep.objects.create(
            version=version, position=position, name=name, stage=stage, post=post, limit_days=limit
        )
    assert none == one == count()
