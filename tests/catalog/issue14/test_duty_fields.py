"""The catalog's issue-14 fields travel as version content: 审管职责边界 (approval_duty,
supervision_matters, supervision_duty), 告知承诺核查期限 (commitment_check_days, blank =
免予核查) and 处置反馈时限 (feedback_limit_days, blank = the department's). Draft → publish →
a new draft copies them → the API shows them → the catalog file carries them both ways."""

import pytest
from import_export.formats.base_formats import CSV

from catalog import services
from catalog.models import Item
from catalog.resources import HEADERS, CatalogResource
from core.errors import InvalidInput
from tests.catalog.factories import draft_item, published_item, sample_catalog

pytestmark = pytest.mark.django_db

DUTY = {
    "approval_duty": "审批局负责受理、审查和决定。",
    "supervision_matters": "日常检查、双随机抽查。",
    "supervision_duty": "认领后依法监管,发现违法依法处理。",
}


def test_the_fields_go_from_a_draft_to_the_published_version_and_a_new_draft(catalog_admin):
    version = published_item(
        catalog_admin,
        notice_commitment=True,
        commitment_check_method="现场核查",
        commitment_check_days=20,
        feedback_limit_days=7,
        **DUTY,
    )
    assert (version.commitment_check_days, version.feedback_limit_days) == (20, 7)
    assert {field: getattr(version, field) for field in DUTY} == DUTY

    draft = services.start_draft(item=version.item, actor=catalog_admin)
    assert (draft.commitment_check_days, draft.feedback_limit_days) == (20, 7)
    assert draft.supervision_duty == DUTY["supervision_duty"]


@pytest.mark.parametrize("days", ["0", "366", "-3", "abc", "1.5", True])
def test_working_day_counts_out_of_range_are_refused_at_their_field(catalog_admin, days):
    with pytest.raises(InvalidInput) as refused:
        draft_item(catalog_admin, commitment_check_days=days, feedback_limit_days=days)
    assert {"commitment_check_days", "feedback_limit_days"} <= set(refused.value.fields)


def test_blank_counts_mean_none_and_full_width_digits_are_read(catalog_admin):
    draft = draft_item(catalog_admin, commitment_check_days="", feedback_limit_days="１５")
    assert (draft.commitment_check_days, draft.feedback_limit_days) == (None, 15)


def test_a_check_period_on_an_item_without_a_commitment_blocks_publication(catalog_admin):
    draft = draft_item(catalog_admin, notice_commitment=False, commitment_check_days=10)
    assert "commitment_check_days" in services.publication_problems(draft)
    services.update_draft(version=draft, actor=catalog_admin, commitment_check_days="")
    draft.refresh_from_db()
    assert "commitment_check_days" not in services.publication_problems(draft)


def test_a_commitment_item_without_check_days_publishes_as_exempt(catalog_admin):
    version = published_item(
        catalog_admin, notice_commitment=True, commitment_check_method="免予核查"
    )
    assert version.commitment_check_days is None


def test_the_api_shows_the_duty_boundary_and_the_periods(client, catalog_admin, make_user):
    published_item(catalog_admin, commitment_check_days=None, feedback_limit_days=5, **DUTY)
    client.force_login(make_user("reader"))
    body = client.get("/api/v1/catalog/items/SC-900/").json()
    assert {field: body[field] for field in DUTY} == DUTY
    assert (body["commitment_check_days"], body["feedback_limit_days"]) == (None, 5)


def test_the_sample_catalog_gives_every_item_a_duty_boundary_and_commitment_items_a_period():
    services.load_sample_catalog(sample_catalog())
    versions = [item.published_version for item in Item.objects.select_related("published_version")]
    assert len(versions) == 27
    for version in versions:
        assert version.approval_duty and version.supervision_matters and version.supervision_duty
        expected = 60 if version.notice_commitment else None
        assert version.commitment_check_days == expected, version.item.code
    assert any(v.notice_commitment for v in versions)


def test_the_file_carries_the_fields_under_their_chinese_headers_both_ways(catalog_admin):
    published_item(catalog_admin, feedback_limit_days=8, **DUTY)
    dataset = CSV().create_dataset(CSV().export_data(CatalogResource().export()))
    row = dict(zip(dataset.headers, dataset[0], strict=True))
    assert row[HEADERS["supervision_duty"]] == DUTY["supervision_duty"]
    assert row[HEADERS["feedback_limit_days"]] in ("8", 8)
    assert row[HEADERS["commitment_check_days"]] == ""

    changed = list(dataset[0])
    changed[dataset.headers.index(HEADERS["feedback_limit_days"])] = "12"
    dataset[0] = tuple(changed)
    result = CatalogResource().import_data(dataset, user=catalog_admin)

    assert not result.has_errors() and not result.has_validation_errors()
    draft = Item.objects.get(code="SC-900").versions.get(status="draft")
    assert draft.feedback_limit_days == 12
    assert draft.supervision_duty == DUTY["supervision_duty"]
