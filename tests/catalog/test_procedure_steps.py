"""程序清单: an item version's procedure as steps — the limits rule (a Chinese error on the
version's admin form), editing only while a draft, copied into a new draft, frozen when
published, history rows, the sample catalog's default steps and the guide's flow chart."""

import pytest
from django.db import IntegrityError, transaction

from audit.services import events_for
from catalog import services
from catalog.models import Item, ItemVersion, ProcedureStep
from catalog.services.sample import default_steps
from catalog.services.step_rules import step_limits_problem
from catalog.services.steps import save_draft_steps
from core.errors import InvalidInput, InvalidTransition
from tests.catalog.admin_forms import change_url, form_data
from tests.catalog.factories import draft_item, published_item, sample_catalog

pytestmark = pytest.mark.django_db

Stage = ProcedureStep.Stage
Status = ItemVersion.Status


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


def _steps(version, *limits):
    """Steps 受理 / 审查 / 决定 … with the given limits, saved through the service."""
    names = [("受理", Stage.INTAKE), ("审查", Stage.REVIEW), ("决定", Stage.DECISION)]
    names += [("送达", Stage.DELIVERY)] * max(0, len(limits) - 3)
    rows = [
        ProcedureStep(
            version=version,
            position=i,
            name=name,
            stage=stage,
            post="审批股",
            limit_days=days,
        )
        for i, ((name, stage), days) in enumerate(zip(names, limits, strict=False), 1)
    ]
    return rows


def _add_step(data, values):
    n = int(data["steps-TOTAL_FORMS"])
    data["steps-TOTAL_FORMS"] = n + 1
    for key, value in values.items():
        data[f"steps-{n}-{key}"] = value


def _step_row(version, position, name, stage, days, post="综合受理窗口"):
    return {
        "position": position,
        "name": name,
        "stage": stage,
        "post": post,
        "limit_days": days,
        "requirements": "",
        "version": version.pk,
    }


# --- the limits rule --------------------------------------------------------------------------


def test_the_rule_allows_limits_up_to_the_committed_limit_and_no_more():
    assert step_limits_problem(5, [1, 3, 1]) is None
    assert step_limits_problem(0, [0, 0]) is None
    message = step_limits_problem(5, [1, 4, 1])
    assert "合计 6 个工作日" in message and "承诺时限 5 个工作日" in message


def test_steps_over_the_committed_limit_are_a_chinese_error_on_the_admin_form(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)  # committed 5
    data = form_data(admin_client.get(change_url(draft)))
    _add_step(data, _step_row(draft, 1, "受理", Stage.INTAKE, 1))
    _add_step(data, _step_row(draft, 2, "审查", Stage.REVIEW, 5, "审批股"))

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 200  # the form again, not a 500
    text = response.content.decode()
    assert "各办理环节时限合计 6 个工作日,超过承诺时限 5 个工作日" in text
    assert not draft.steps.exists()


def test_lowering_the_committed_limit_below_the_steps_is_refused_on_the_same_form(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)
    save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1, 3, 1))
    data = form_data(admin_client.get(change_url(draft)))
    data["committed_limit_days"] = 4

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 200
    assert "超过承诺时限 4 个工作日" in response.content.decode()
    draft.refresh_from_db()
    assert draft.committed_limit_days == 5


def test_steps_within_the_limit_are_saved_from_the_admin_with_one_audit_event(
    admin_client, catalog_admin
):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    _add_step(data, _step_row(draft, 1, "受理", Stage.INTAKE, 0))
    _add_step(data, _step_row(draft, 2, "审查", Stage.REVIEW, 5, "审批股"))

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 302
    assert [(s.position, s.name, s.limit_days) for s in draft.steps.all()] == [
        (1, "受理", 0),
        (2, "审查", 5),
    ]
    event = events_for(draft).get(action="edit_draft_steps")
    assert event.actor == catalog_admin
    assert event.data == {"added": ["受理", "审查"], "changed": [], "deleted": []}


def test_two_steps_with_one_position_are_a_form_error(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    _add_step(data, _step_row(draft, 1, "受理", Stage.INTAKE, 0))
    _add_step(data, _step_row(draft, 1, "审查", Stage.REVIEW, 1))

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 200
    assert not draft.steps.exists()
    assert "序号" in response.content.decode()


def test_swapping_two_positions_is_saved(catalog_admin):
    draft = draft_item(catalog_admin)
    first, second = save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1, 2))
    first.position, second.position = 2, 1

    save_draft_steps(version=draft, actor=catalog_admin, saved=[first, second])

    assert [s.name for s in draft.steps.all()] == ["审查", "受理"]


def test_the_service_refuses_steps_over_the_limit_and_duplicate_positions(catalog_admin):
    draft = draft_item(catalog_admin)
    with pytest.raises(InvalidInput) as over:
        save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 3, 3))
    assert over.value.code == "steps_over_limit"
    twins = _steps(draft, 1, 1)
    twins[1].position = 1
    with pytest.raises(InvalidInput) as twin:
        save_draft_steps(version=draft, actor=catalog_admin, saved=twins)
    assert twin.value.code == "step_position_taken"
    assert not draft.steps.exists()


def test_the_database_refuses_two_steps_at_one_position(catalog_admin):
    draft = draft_item(catalog_admin)
    ProcedureStep.objects.create(
        version=draft, position=1, name="受理", stage=Stage.INTAKE, post="窗口"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ProcedureStep.objects.create(
            version=draft, position=1, name="审查", stage=Stage.REVIEW, post="股"
        )


def test_a_draft_whose_steps_exceed_the_limit_cannot_be_published(catalog_admin):
    draft = draft_item(catalog_admin)
    # Written under the rule, then the limit is lowered through the service that knows no steps.
    save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1, 3, 1))
    services.update_draft(version=draft, actor=catalog_admin, committed_limit_days=3)
    draft.refresh_from_db()
    assert "steps" in services.publication_problems(draft)
    with pytest.raises(InvalidInput) as refused:
        services.publish(version=draft, actor=catalog_admin)
    assert "办理环节" in str(refused.value.message)


# --- draft only, copied, frozen ---------------------------------------------------------------


def test_a_published_versions_steps_are_read_only_in_the_admin(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1, 3))
    version = services.publish(version=draft, actor=catalog_admin)

    response = admin_client.get(change_url(version))

    steps_inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model is ProcedureStep
    )
    assert not steps_inline.has_add_permission
    assert not steps_inline.has_change_permission
    assert not steps_inline.has_delete_permission
    assert "受理" in response.content.decode()


def test_the_draft_inline_offers_an_empty_step_row(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    response = admin_client.get(change_url(draft))
    steps_inline = next(
        i for i in response.context["inline_admin_formsets"] if i.formset.model is ProcedureStep
    )
    assert steps_inline.has_add_permission and steps_inline.has_change_permission
    assert len(steps_inline.formset.forms) == 1  # the extra row


def test_the_service_refuses_to_change_a_published_versions_steps(catalog_admin):
    draft = draft_item(catalog_admin)
    (step,) = save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1))
    services.publish(version=draft, actor=catalog_admin)
    step.limit_days = 2
    with pytest.raises(InvalidTransition):
        save_draft_steps(version=draft, actor=catalog_admin, saved=[step])
    with pytest.raises(InvalidTransition):
        save_draft_steps(version=draft, actor=catalog_admin, deleted=[step])
    assert draft.steps.get().limit_days == 1


def test_a_new_draft_copies_the_published_steps(catalog_admin):
    draft = draft_item(catalog_admin)
    save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1, 3, 1))
    published = services.publish(version=draft, actor=catalog_admin)

    new = services.start_draft(item=published.item, actor=catalog_admin)

    fields = ("position", "name", "stage", "post", "requirements", "limit_days")
    assert [tuple(getattr(s, f) for f in fields) for s in new.steps.all()] == [
        tuple(getattr(s, f) for f in fields) for s in published.steps.all()
    ]
    assert {s.pk for s in new.steps.all()}.isdisjoint({s.pk for s in published.steps.all()})
    # editing the draft's copy leaves the published version's steps as they were
    step = new.steps.get(position=2)
    step.limit_days = 2
    save_draft_steps(version=new, actor=catalog_admin, saved=[step])
    assert published.steps.get(position=2).limit_days == 3


def test_every_step_change_leaves_a_history_row_with_its_actor(catalog_admin):
    draft = draft_item(catalog_admin)
    (step,) = save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 1))
    step.post = "综合受理窗口"
    save_draft_steps(version=draft, actor=catalog_admin, saved=[step])
    save_draft_steps(version=draft, actor=catalog_admin, deleted=[step])

    rows = ProcedureStep.history.filter(version_id=draft.pk).order_by("history_id")
    assert [r.history_type for r in rows] == ["+", "~", "-"]
    assert {r.history_user for r in rows} == {catalog_admin}
    assert rows[1].post == "综合受理窗口"


def test_the_step_service_needs_a_catalog_admin(catalog_admin, clerk):
    from core.errors import NotAllowed

    draft = draft_item(catalog_admin)
    with pytest.raises(NotAllowed):
        save_draft_steps(version=draft, actor=clerk, saved=_steps(draft, 1))


# --- the sample catalog -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("committed", "site", "expected"),
    [
        (5, True, [("受理", 1), ("审查", 1), ("现场踏勘", 1), ("决定", 1), ("制证送达", 1)]),
        (20, True, [("受理", 1), ("审查", 12), ("现场踏勘", 5), ("决定", 1), ("制证送达", 1)]),
        (3, False, [("受理", 0), ("审查", 2), ("决定", 1), ("制证送达", 0)]),
        (0, False, [("受理", 0), ("审查", 0), ("决定", 0), ("制证送达", 0)]),
    ],
)
def test_default_steps_follow_the_limits_and_the_site_inspection_flag(committed, site, expected):
    version = ItemVersion(category="市场准入", committed_limit_days=committed, site_inspection=site)
    steps = default_steps(version)
    assert [(s.name, s.limit_days) for s in steps] == expected
    assert [s.position for s in steps] == list(range(1, len(steps) + 1))
    assert sum(s.limit_days for s in steps) <= committed
    assert steps[0].post == steps[-1].post == "综合受理窗口"
    assert steps[1].post == "市场准入审批股"
    assert [s.stage for s in steps][0] == Stage.INTAKE and steps[-1].stage == Stage.DELIVERY


def test_every_sample_item_gets_its_default_steps_within_its_limit():
    services.load_sample_catalog(sample_catalog())
    versions = ItemVersion.objects.filter(status=Status.PUBLISHED).prefetch_related("steps")
    assert versions.count() == len(sample_catalog()["items"])
    for version in versions:
        steps = list(version.steps.all())
        assert [s.name for s in steps] == [s.name for s in default_steps(version)], version
        assert sum(s.limit_days for s in steps) <= version.committed_limit_days
        assert ("现场踏勘" in [s.name for s in steps]) == version.site_inspection


def test_loading_the_sample_twice_leaves_the_steps_alone():
    services.load_sample_catalog(sample_catalog())
    before = ProcedureStep.objects.count()
    counts = services.load_sample_catalog(sample_catalog())
    assert counts[services.IMPORT_CREATED] == counts[services.IMPORT_UPDATED] == 0
    assert ProcedureStep.objects.count() == before


def test_a_sample_item_loaded_before_steps_existed_is_republished_with_them():
    services.load_sample_catalog(sample_catalog())
    item = Item.objects.get(code="SC-001")
    ProcedureStep.objects.filter(version=item.published_version).delete()

    counts = services.load_sample_catalog(sample_catalog())

    assert counts[services.IMPORT_UPDATED] == 1
    item.refresh_from_db()
    assert item.published_version.number == 2
    assert item.published_version.steps.count() == 5


# --- the public guide: the flow chart ---------------------------------------------------------


def test_the_guide_draws_the_steps_as_an_ordered_flow_chart(client, catalog_admin):
    draft = draft_item(catalog_admin, code="SC-901")
    rows = _steps(draft, 0, 3, 1)
    rows[1].requirements = "核查经营场所"
    save_draft_steps(version=draft, actor=catalog_admin, saved=rows)
    services.publish(version=draft, actor=catalog_admin)

    text = client.get("/catalog/SC-901/").content.decode()

    chart = text[text.index('data-testid="flow-steps"') :]
    chart = chart[: chart.index("</ol>")]
    assert chart.count('data-testid="flow-step"') == 3
    assert chart.index("受理") < chart.index("审查") < chart.index("决定")
    assert "即时/当场办理" in chart and "3 个工作日" in chart and "核查经营场所" in chart
    assert "审批股" in chart
    assert "<script" not in chart and "style=" not in chart


def test_a_guide_without_steps_draws_no_chart(client, catalog_admin):
    published_item(catalog_admin, code="SC-902")
    text = client.get("/catalog/SC-902/").content.decode()
    assert "flow-steps" not in text and "办理流程图" not in text


# --- the API: the item's detail lists its steps -----------------------------------------------


def test_the_item_detail_api_lists_the_steps_in_order_and_the_list_does_not(
    api, clerk, catalog_admin
):
    draft = draft_item(catalog_admin, code="SC-903")
    save_draft_steps(version=draft, actor=catalog_admin, saved=_steps(draft, 0, 4, 1))
    services.publish(version=draft, actor=catalog_admin)
    reader = api.as_user(clerk)

    body = reader.get("/api/v1/catalog/items/SC-903/").json()

    assert [(s["position"], s["name"], s["stage"], s["limit_days"]) for s in body["steps"]] == [
        (1, "受理", "intake", 0),
        (2, "审查", "review", 4),
        (3, "决定", "decision", 1),
    ]
    assert set(body["steps"][0]) == {
        "position",
        "name",
        "stage",
        "post",
        "requirements",
        "limit_days",
    }
    listed = reader.get("/api/v1/catalog/items/").json()["results"]
    assert "steps" not in listed[0]


def test_the_schema_documents_the_detail_steps(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    detail = schema["components"]["schemas"]["CatalogItemDetail"]
    assert "steps" in detail["properties"]
    step = schema["components"]["schemas"]["CatalogStep"]
    assert set(step["properties"]) == {
        "position",
        "name",
        "stage",
        "post",
        "requirements",
        "limit_days",
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("limit_days", "99999999999999999999"),
        ("limit_days", "-1"),
        ("position", "0"),
        ("position", "1000"),
        ("stage", "nowhere"),
        ("name", "受" * 51),
        ("requirements", "要" * 1001),
        ("post", ""),
    ],
)
def test_hostile_step_values_are_form_errors_not_500(admin_client, catalog_admin, field, value):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    row = _step_row(draft, 1, "受理", Stage.INTAKE, 0)
    row[field] = value
    _add_step(data, row)

    response = admin_client.post(change_url(draft), data)

    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    assert not draft.steps.exists()
