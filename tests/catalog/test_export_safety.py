"""The catalog file written safely: no live formula and no character XML cannot hold, in xlsx
and csv, and the file still imports back without changing anything; a control character in an
imported cell is refused on its row."""

import io

import openpyxl
import pytest
from import_export.formats.base_formats import CSV, XLSX

from audit.models import AuditEvent
from catalog import services
from catalog.models import ItemVersion
from catalog.resources import (
    COLUMNS,
    HEADERS,
    CatalogResource,
    column_for,
    escape_cell,
    unescape_cell,
)
from core.errors import InvalidInput
from tests.catalog.factories import MATERIALS, published_item

pytestmark = pytest.mark.django_db

FORMATS = {"xlsx": XLSX, "csv": CSV}
FORMULAS = {
    "name": "=1+2",
    "legal_basis": "+SUM(A1:A9)",
    "conditions": "-2+3",
    "review_standard": "@SUM(1)",
    "procedure": "'=已加引号",
}


def _export(fmt):
    return FORMATS[fmt]().export_data(CatalogResource().export())


def _import(fmt, data, user):
    dataset = FORMATS[fmt]().create_dataset(data)
    return CatalogResource().import_data(dataset, dry_run=False, user=user)


def _cells(fmt, data) -> dict:
    """The first data row as {column: (value, is_formula)} (columns by code, whatever the
    file's header)."""
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(data)).active
        header = [column_for(c.value) for c in sheet[1]]
        return {h: (c.value, c.data_type == "f") for h, c in zip(header, sheet[2], strict=True)}
    dataset = CSV().create_dataset(data)
    return {column_for(h): (v, False) for h, v in zip(dataset.headers, dataset[0], strict=True)}


def _state():
    return (
        list(ItemVersion.objects.order_by("pk").values_list("pk", "status", "updated_at")),
        AuditEvent.objects.count(),
        ItemVersion.history.count(),
    )


@pytest.fixture
def formulas(catalog_admin):
    materials = [{**MATERIALS[0], "name": '=HYPERLINK("http://x")'}, *MATERIALS[1:]]
    return published_item(catalog_admin, "SC-001", materials=materials, **FORMULAS)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_text_that_looks_like_a_formula_is_written_as_text(formulas, fmt):
    cells = _cells(fmt, _export(fmt))
    assert cells["name"] == ("'=1+2", False)
    assert cells["legal_basis"] == ("'+SUM(A1:A9)", False)
    assert cells["conditions"] == ("'-2+3", False)
    assert cells["review_standard"] == ("'@SUM(1)", False)
    assert cells["procedure"] == ("''=已加引号", False)
    assert cells["materials"][0].startswith("'=HYPERLINK")
    assert cells["code"][0] == "SC-001"


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_escaped_file_imports_back_without_changing_anything(formulas, catalog_admin, fmt):
    before = _state()
    result = _import(fmt, _export(fmt), catalog_admin)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 1
    assert _state() == before


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_library_escape_setting_on_top_changes_nothing(formulas, catalog_admin, fmt, settings):
    settings.IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
    data = _export(fmt)
    assert _cells(fmt, data)["name"] == ("'=1+2", False)
    before = _state()
    assert _import(fmt, data, catalog_admin).totals["skip"] == 1
    assert _state() == before


@pytest.fixture
def stray_control_character(catalog_admin):
    """A row stored before control characters were refused (written past the services)."""
    version = published_item(catalog_admin, "SC-001")
    ItemVersion.objects.filter(pk=version.pk).update(conditions="场所\x01面积\x0b达标")
    return version


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_one_control_character_no_longer_fails_the_export(stray_control_character, fmt):
    cells = _cells(fmt, _export(fmt))
    assert cells["conditions"][0] == "场所\ufffd面积\ufffd达标"


def test_the_admin_exports_a_catalog_holding_a_control_character(
    stray_control_character, catalog_admin, client
):
    client.force_login(catalog_admin)
    response = client.post(
        "/admin/catalog/item/export/", {"format": "0", "resource": "0"}, follow=True
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    assert _cells("xlsx", response.content)["conditions"][0] == "场所\ufffd面积\ufffd达标"


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x1f", "\x7f"])
def test_an_imported_cell_with_a_control_character_is_refused_on_its_row(catalog_admin, char):
    published_item(catalog_admin, "SC-001")
    dataset = CSV().create_dataset(_export("csv"))
    row = list(dataset[0])
    row[COLUMNS.index("conditions")] = f"场所{char}达标"
    row[COLUMNS.index("fees")] = f"工本费|10|县物价{char}文件"
    dataset[0] = row
    before = _state()
    result = CatalogResource().import_data(dataset, dry_run=False, user=catalog_admin)
    assert result.has_validation_errors() and not result.has_errors()
    errors = result.invalid_rows[0].error_dict
    assert "控制字符" in errors[HEADERS["conditions"]][0]  # under the file's own header
    assert "控制字符" in errors[HEADERS["fees"]][0]
    assert _state() == before


def test_a_service_refuses_a_control_character_in_any_text(catalog_admin):
    version = services.create_item(
        code="SC-002",
        actor=catalog_admin,
        name="食品经营许可",
        category="市场准入",
        legal_basis="《食品安全法》",
        statutory_limit_days=10,
        committed_limit_days=5,
    )
    with pytest.raises(InvalidInput) as refused:
        services.update_draft(
            version=version,
            actor=catalog_admin,
            materials=[{"name": "申请书\x00"}],
            procedure="受理\x08审查",
        )
    assert set(refused.value.fields) == {"materials", "procedure"}
    assert "U+0000" in refused.value.fields["materials"][0]
    assert not version.materials.exists()


@pytest.mark.parametrize(
    "text", ["", "'", "''", "'a", "'=", "''=x", "=", "-", "正常文本", "a=b", "\t=x", "@"]
)
def test_escape_and_unescape_are_inverse(text):
    assert unescape_cell(escape_cell(text)) == text
    assert escape_cell(text)[:1] not in ("=", "+", "-", "@", "\t", "\r")


def test_numbers_are_written_as_numbers():
    assert escape_cell(20) == 20 and unescape_cell(20) == 20
