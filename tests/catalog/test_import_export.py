"""The catalog file: export → import changes nothing (xlsx and csv); a changed row becomes a
draft, never an edit of a published version; bad rows are reported and change nothing."""

import io

import openpyxl
import pytest
import tablib
from import_export.formats.base_formats import CSV, XLSX

from audit.models import AuditEvent
from catalog import selectors, services
from catalog.models import Item, ItemVersion, Material
from catalog.resources import (
    COLUMNS,
    HEADERS,
    CatalogResource,
    column_for,
    parse_materials,
    render_materials,
)
from tests.catalog.factories import published_item, sample_catalog

pytestmark = pytest.mark.django_db

Status = ItemVersion.Status
FORMATS = {"xlsx": XLSX, "csv": CSV}


@pytest.fixture
def catalog(db):
    services.load_sample_catalog(sample_catalog())


def _state():
    return (
        Item.objects.count(),
        ItemVersion.objects.count(),
        list(
            ItemVersion.objects.order_by("pk").values_list("pk", "status", "number", "updated_at")
        ),
        Material.objects.count(),
        AuditEvent.objects.count(),
        ItemVersion.history.count(),
        Material.history.count(),
    )


def _export(fmt) -> bytes | str:
    return FORMATS[fmt]().export_data(CatalogResource().export())


def _import(fmt, data, user, dry_run=False):
    dataset = FORMATS[fmt]().create_dataset(data)
    return CatalogResource().import_data(dataset, dry_run=dry_run, user=user)


def _rows(fmt, data) -> tablib.Dataset:
    return FORMATS[fmt]().create_dataset(data)


def _write(fmt, dataset) -> bytes | str:
    return FORMATS[fmt]().export_data(dataset)


def _by_column(headers, values) -> dict:
    """A file row as {column code: value}, whatever headers the file has."""
    return {column_for(h): v for h, v in zip(headers, values, strict=True)}


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_then_import_the_same_file_changes_nothing(catalog, catalog_admin, fmt):
    data = _export(fmt)
    before = _state()
    result = _import(fmt, data, catalog_admin)
    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["skip"] == 27
    assert result.totals["new"] == result.totals["update"] == 0
    assert _state() == before


def test_export_has_one_row_per_item_with_every_column(catalog):
    dataset = CatalogResource().export()
    assert tuple(dataset.headers) == tuple(HEADERS[c] for c in COLUMNS)  # Chinese headers
    assert len(dataset) == 27
    row = _by_column(dataset.headers, dataset[0])
    assert row["code"] == "CG-001"
    food = _by_column(dataset.headers, next(r for r in dataset if r[0] == "SC-001"))
    assert food["supervising_departments"] == "market"
    assert food["materials"].splitlines()[0] == "食品经营许可申请书|是|否|1|0|"
    assert food["materials"].splitlines()[-1] == "食品安全管理人员身份证明|是|是|1|0|"
    assert food["notice_commitment"] == "是"
    assert food["version"] == 1 and food["status"] == "已发布"


def test_export_shows_the_published_version_while_a_draft_is_open(catalog, catalog_admin):
    item = Item.objects.get(code="SC-001")
    draft = services.start_draft(item=item, actor=catalog_admin)
    services.update_draft(version=draft, actor=catalog_admin, committed_limit_days=1)
    dataset = CatalogResource().export()
    food = _by_column(dataset.headers, next(r for r in dataset if r[0] == "SC-001"))
    assert food["committed_limit_days"] == 5


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_import_a_changed_row_makes_a_draft_and_leaves_the_published_version(
    catalog, catalog_admin, fmt
):
    dataset = _rows(fmt, _export(fmt))
    index = next(i for i, r in enumerate(dataset) if r[0] == "SC-001")
    row = _by_column(dataset.headers, dataset[index])
    # Longer, not shorter: the item's steps (程序清单, not in the file) take all 5 days, and
    # steps over the committed limit would keep the draft from being published below.
    row["committed_limit_days"] = 8
    row["materials"] = row["materials"] + "\n食品安全自查制度|是|否|1|0|加盖公章"
    dataset[index] = [row[column_for(h)] for h in dataset.headers]
    published = selectors.published_version_for("SC-001")

    result = _import(fmt, _write(fmt, dataset), catalog_admin)

    assert result.totals == {**result.totals, "update": 1, "skip": 26, "new": 0}
    assert selectors.published_version_for("SC-001") == published
    published.refresh_from_db()
    assert published.committed_limit_days == 5
    assert published.materials.count() == 5
    draft = published.item.versions.get(status=Status.DRAFT)
    assert draft.committed_limit_days == 8
    assert draft.materials.last().name == "食品安全自查制度"
    assert draft.materials.last().note == "加盖公章"

    # The admin publishes the draft; importing the file again then changes nothing.
    services.publish(version=draft, actor=catalog_admin)
    before = _state()
    again = _import(fmt, _write(fmt, dataset), catalog_admin)
    assert again.totals["skip"] == 27
    assert _state() == before


def test_import_the_same_change_twice_updates_the_draft_once(catalog, catalog_admin):
    dataset = _rows("csv", _export("csv"))
    dataset = tablib.Dataset(*[r for r in dataset if r[0] == "SC-002"], headers=dataset.headers)
    dataset[0] = tuple(
        "新名称" if column_for(h) == "name" else v
        for h, v in zip(dataset.headers, dataset[0], strict=True)
    )
    assert _import("csv", dataset.csv, catalog_admin).totals["update"] == 1
    before = _state()
    assert _import("csv", dataset.csv, catalog_admin).totals["skip"] == 1
    assert _state() == before


def test_import_a_new_code_creates_an_item_with_a_draft(catalog, catalog_admin):
    dataset = tablib.Dataset(
        headers=[
            "code",
            "name",
            "category",
            "legal_basis",
            "statutory_limit_days",
            "committed_limit_days",
            "supervising_departments",
            "materials",
            "fees",
        ]
    )
    dataset.append(
        [
            "ZZ-001",
            "养犬登记",
            "社会事业",
            "《某某条例》第十条",
            10,
            5,
            "public_security",
            "养犬登记申请表\n犬只免疫证明|是|是|1|1|",
            "登记费|50|物价文件",
        ]
    )
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.totals["new"] == 1
    draft = Item.objects.get(code="ZZ-001").versions.get()
    assert draft.status == Status.DRAFT
    assert [m.waivable for m in draft.materials.all()] == [False, True]
    assert str(draft.fees.get().amount) == "50.00"
    assert services.publication_problems(draft) == {}


def test_import_only_some_columns_keeps_the_others(catalog, catalog_admin):
    dataset = tablib.Dataset(headers=["code", "committed_limit_days"])
    dataset.append(["SC-001", 4])
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.totals["update"] == 1
    draft = Item.objects.get(code="SC-001").versions.get(status=Status.DRAFT)
    published = selectors.published_version_for("SC-001")
    assert draft.committed_limit_days == 4
    assert draft.materials.count() == published.materials.count()


def test_import_bad_rows_reports_them_per_column_and_changes_nothing(catalog, catalog_admin):
    dataset = tablib.Dataset(
        headers=[
            "code",
            "statutory_limit_days",
            "committed_limit_days",
            "supervising_departments",
            "instant",
            "fees",
        ]
    )
    dataset.append(["SC-001", 5, 6, "market", "否", ""])
    dataset.append(["SC-002", 10, 5, "nowhere", "否", ""])
    dataset.append(["SC-003", 10, 5, "market", "也许", ""])
    dataset.append(["SC-004", 10, 5, "health", "否", "工本费|abc"])
    before = _state()
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.has_validation_errors()
    errors = {row.number: row.error_dict for row in result.invalid_rows}
    assert "committed_limit_days" in errors[1]
    assert "supervising_departments" in errors[2]
    assert "instant" in errors[3]
    assert "fees" in errors[4]
    assert _state() == before


def test_import_a_file_with_an_unknown_column_is_refused(catalog, catalog_admin):
    dataset = tablib.Dataset(headers=["code", "备注说明"])  # 事项名称 is a column's header now
    dataset.append(["SC-001", "x"])
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.has_errors()
    assert "备注说明" in str(result.base_errors[0].error)


def test_import_by_a_non_admin_is_refused_row_by_row(catalog, inspector):
    dataset = tablib.Dataset(headers=["code", "committed_limit_days"])
    dataset.append(["SC-001", 4])
    before = _state()
    result = _import("csv", dataset.csv, inspector)
    assert result.has_validation_errors()
    assert _state() == before


def test_a_dry_run_writes_nothing(catalog, catalog_admin):
    dataset = tablib.Dataset(headers=["code", "committed_limit_days"])
    dataset.append(["SC-001", 4])
    before = _state()
    result = _import("csv", dataset.csv, catalog_admin, dry_run=True)
    assert result.totals["update"] == 1
    assert _state() == before


def test_material_lines_keep_bars_backslashes_and_line_breaks():
    materials = [
        {
            "name": "图纸|附件 A\\B",
            "required": False,
            "waivable": True,
            "original_count": 2,
            "copy_count": 3,
            "note": "第一行\n第二行",
        },
    ]
    text = render_materials(materials)
    assert "\n" not in text
    parsed = parse_materials(text)
    assert parsed == [
        {
            "name": "图纸|附件 A\\B",
            "required": "否",
            "waivable": "是",
            "original_count": "2",
            "copy_count": "3",
            "note": "第一行\n第二行",
        }
    ]


def test_a_material_with_a_bar_in_its_name_survives_the_round_trip(catalog_admin):
    published_item(
        catalog_admin,
        "SC-900",
        materials=[{"name": "平面图|立面图", "note": "A\\B"}],
    )
    data = _export("xlsx")
    before = _state()
    assert _import("xlsx", data, catalog_admin).totals["skip"] == 1
    assert _state() == before


# --- the same round trip through the admin pages ---------------------------------------


def _admin_export(client, fmt) -> bytes:
    response = client.post(
        "/admin/catalog/item/export/", {"format": str(list(FORMATS).index(fmt)), "resource": "0"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    return response.content


def _admin_import(client, fmt, content: bytes):
    upload = io.BytesIO(content)
    upload.name = f"catalog.{fmt}"
    response = client.post(
        "/admin/catalog/item/import/",
        {"format": str(list(FORMATS).index(fmt)), "resource": "0", "import_file": upload},
    )
    assert response.status_code == 200
    result = response.context["result"]
    confirm = response.context.get("confirm_form")
    return response, result, confirm


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_admin_export_and_import_back_changes_nothing(catalog, catalog_admin, client, fmt):
    client.force_login(catalog_admin)
    content = _admin_export(client, fmt)
    if fmt == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert sheet.max_row == 28
    else:
        assert content.startswith("\ufeff".encode())  # Excel reads the Chinese with the BOM
    before = _state()
    _response, result, confirm = _admin_import(client, fmt, content)
    assert result.totals["skip"] == 27 and not result.has_errors()
    response = client.post("/admin/catalog/item/process_import/", confirm.initial, follow=True)
    assert response.status_code == 200
    assert _state()[:4] == before[:4]  # (admin LogEntry aside) nothing new
    assert AuditEvent.objects.count() == before[4]


def test_admin_import_of_a_changed_file_previews_then_makes_a_draft(catalog, catalog_admin, client):
    client.force_login(catalog_admin)
    book = openpyxl.load_workbook(io.BytesIO(_admin_export(client, "xlsx")))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "SC-001":
            # longer: the file carries the item's steps (5 days), which must fit the limit
            row[headers.index(HEADERS["committed_limit_days"])].value = 8
    out = io.BytesIO()
    book.save(out)

    _response, result, confirm = _admin_import(client, "xlsx", out.getvalue())
    assert result.totals["update"] == 1
    assert not Item.objects.get(code="SC-001").versions.filter(status=Status.DRAFT).exists()

    response = client.post("/admin/catalog/item/process_import/", confirm.initial, follow=True)
    text = response.content.decode()
    assert "导入的新增和修改已保存为草稿" in text
    draft = Item.objects.get(code="SC-001").versions.get(status=Status.DRAFT)
    assert draft.committed_limit_days == 8
    assert selectors.published_version_for("SC-001").committed_limit_days == 5


def test_admin_import_page_is_refused_to_a_superuser_without_the_role(catalog, make_user, client):
    boss = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(boss)
    assert client.get("/admin/catalog/item/import/").status_code == 403
