"""Every catalog text has a length that fits its use, read from the model by every layer: an
over-long value is a Chinese form error in the admin, a refused row on import and a refused
service call, never a 500 and never stored."""

import pytest
from import_export.formats.base_formats import CSV

from catalog import services
from catalog.models import GUIDE_TEXT_MAX, LEGAL_BASIS_MAX, Item, ItemVersion
from catalog.resources import COLUMNS, HEADERS, CatalogResource
from core.errors import InvalidInput
from tests.catalog.admin_forms import change_url, form_data
from tests.catalog.factories import draft_item, published_item

pytestmark = pytest.mark.django_db

LIMITS = {
    "legal_basis": LEGAL_BASIS_MAX,
    "conditions": GUIDE_TEXT_MAX,
    "review_standard": GUIDE_TEXT_MAX,
    "procedure": GUIDE_TEXT_MAX,
    "commitment_check_method": LEGAL_BASIS_MAX,
    "name": 200,
    "category": 50,
    "responsible_post": 200,
}


@pytest.fixture
def admin_client(client, catalog_admin):
    client.force_login(catalog_admin)
    return client


def test_every_text_of_a_version_has_a_limit_below_an_xlsx_cell():
    for field in ItemVersion._meta.get_fields():
        if getattr(field, "get_internal_type", lambda: "")() in ("CharField", "TextField"):
            assert field.max_length and field.max_length < 32767, field.name
    assert {f: ItemVersion._meta.get_field(f).max_length for f in LIMITS} == LIMITS


@pytest.mark.parametrize("field", sorted(LIMITS))
def test_an_over_long_text_in_the_draft_form_is_a_chinese_form_error(
    admin_client, catalog_admin, field
):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    data[field] = "长" * (LIMITS[field] + 1)
    response = admin_client.post(change_url(draft), data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "不超过" in errors[field][0] and str(LIMITS[field]) in errors[field][0]
    draft.refresh_from_db()
    assert len(getattr(draft, field)) <= LIMITS[field]


def test_a_text_at_its_limit_is_saved(admin_client, catalog_admin):
    draft = draft_item(catalog_admin)
    data = form_data(admin_client.get(change_url(draft)))
    data["conditions"] = "长" * GUIDE_TEXT_MAX
    assert admin_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert len(draft.conditions) == GUIDE_TEXT_MAX


def test_an_over_long_legal_basis_on_the_new_item_form_is_a_form_error(admin_client):
    response = admin_client.post(
        "/admin/catalog/item/add/",
        {
            "code": "SC-777",
            "name": "食品经营许可",
            "category": "市场准入",
            "legal_basis": "法" * (LEGAL_BASIS_MAX + 1),
            "statutory_limit_days": "10",
            "committed_limit_days": "5",
        },
    )
    assert response.status_code == 200
    assert "legal_basis" in response.context["adminform"].form.errors
    assert not Item.objects.filter(code="SC-777").exists()


@pytest.mark.parametrize("field", ["procedure", "legal_basis"])
def test_the_service_refuses_an_over_long_text(catalog_admin, field):
    draft = draft_item(catalog_admin)
    with pytest.raises(InvalidInput) as refused:
        services.update_draft(
            version=draft, actor=catalog_admin, **{field: "长" * (LIMITS[field] + 1)}
        )
    assert str(LIMITS[field]) in refused.value.fields[field][0]


def test_an_over_long_cell_on_import_is_refused_on_its_row(catalog_admin):
    published_item(catalog_admin, "SC-001")
    dataset = CSV().create_dataset(CSV().export_data(CatalogResource().export()))
    row = list(dataset[0])
    row[COLUMNS.index("review_standard")] = "长" * (GUIDE_TEXT_MAX + 1)
    dataset[0] = row
    result = CatalogResource().import_data(dataset, dry_run=False, user=catalog_admin)
    assert result.has_validation_errors() and not result.has_errors()
    assert HEADERS["review_standard"] in result.invalid_rows[0].error_dict
    assert not ItemVersion.objects.filter(status=ItemVersion.Status.DRAFT).exists()


def test_full_clean_refuses_an_over_long_text(catalog_admin):
    draft = draft_item(catalog_admin)
    draft.procedure = "长" * (GUIDE_TEXT_MAX + 1)
    with pytest.raises(Exception) as refused:
        draft.full_clean()
    assert "procedure" in refused.value.message_dict
