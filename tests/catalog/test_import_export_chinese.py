"""The catalog file with Chinese headers (issue 13): the export → import → export round trip
changes nothing, a file with the old code-like headers still imports, and the import summary
(the confirm page and the message after) counts what was really created and changed."""

import io
import re

import openpyxl
import pytest
import tablib
from import_export.formats.base_formats import CSV, XLSX

from audit.models import AuditEvent
from catalog import services
from catalog.models import Item, ItemVersion, Material, ProcedureStep
from catalog.resources import COLUMNS, HEADERS, CatalogResource, column_for
from tests.catalog.factories import sample_catalog

pytestmark = pytest.mark.django_db

Status = ItemVersion.Status
FORMATS = {"xlsx": XLSX, "csv": CSV}


@pytest.fixture
def catalog(db):
    services.load_sample_catalog(sample_catalog())


def _export(fmt):
    return FORMATS[fmt]().export_data(CatalogResource().export())


def _import(fmt, data, user):
    return CatalogResource().import_data(FORMATS[fmt]().create_dataset(data), user=user)


def _cells(data) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _state():
    return (
        list(
            ItemVersion.objects.order_by("pk").values_list("pk", "status", "number", "updated_at")
        ),
        Material.objects.count(),
        AuditEvent.objects.count(),
        ItemVersion.history.count(),
    )


def test_headers_are_the_fields_verbose_names():
    for column, header in HEADERS.items():
        if column == "code":
            assert header == str(Item._meta.get_field("code").verbose_name)
        elif column == "materials":
            assert header == str(Material._meta.verbose_name)
        elif column == "fees":
            assert header == "收费项目"
        elif column == "steps":
            assert header == str(ProcedureStep._meta.verbose_name)
        elif column == "version":
            assert header == str(ItemVersion._meta.get_field("number").verbose_name)
        else:
            assert header == str(ItemVersion._meta.get_field(column).verbose_name), column
    assert len(set(HEADERS.values())) == len(COLUMNS)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_export_import_export_changes_nothing_and_gives_the_same_file(catalog, catalog_admin, fmt):
    first = _export(fmt)
    if fmt == "xlsx":
        header = [c.value for c in openpyxl.load_workbook(io.BytesIO(first)).active[1]]
    else:
        header = first.lstrip("\ufeff").splitlines()[0].split(",")
    assert header[:4] == ["事项编码", "事项名称", "版本号", "状态"]
    before = _state()

    result = _import(fmt, first, catalog_admin)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.summary == {
        "new_item": 0,
        "new_draft": 0,
        "changed_draft": 0,
        "unchanged": 27,
        "skipped": 0,
    }
    assert _state() == before
    second = _export(fmt)
    if fmt == "csv":
        assert second == first  # byte for byte
    else:  # an xlsx holds its creation time: compare cell for cell
        assert _cells(second) == _cells(first)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_file_with_the_old_headers_still_imports(catalog, catalog_admin, fmt):
    dataset = FORMATS[fmt]().create_dataset(_export(fmt))
    dataset.headers = [column_for(h) for h in dataset.headers]  # code, name, version, …
    assert dataset.headers[:2] == ["code", "name"]
    index = next(i for i, r in enumerate(dataset) if r[0] == "SC-002")
    row = list(dataset[index])
    row[COLUMNS.index("name")] = "旧文件改的名称"
    dataset[index] = row
    before_drafts = ItemVersion.objects.filter(status=Status.DRAFT).count()

    result = _import(fmt, FORMATS[fmt]().export_data(dataset), catalog_admin)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.summary["new_draft"] == 1 and result.summary["unchanged"] == 26
    draft = Item.objects.get(code="SC-002").versions.get(status=Status.DRAFT)
    assert draft.name == "旧文件改的名称"
    assert ItemVersion.objects.filter(status=Status.DRAFT).count() == before_drafts + 1


def test_a_header_written_twice_is_refused(catalog, catalog_admin):
    dataset = tablib.Dataset(headers=["code", "事项编码"])
    dataset.append(["SC-001", "SC-001"])
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.has_errors()
    assert "出现了两次" in str(result.base_errors[0].error)


def test_row_errors_name_the_column_as_the_file_does(catalog, catalog_admin):
    dataset = tablib.Dataset(headers=["事项编码", "法定时限(工作日)", "承诺时限(工作日)"])
    dataset.append(["SC-001", 5, 6])
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.has_validation_errors()
    assert "承诺时限(工作日)" in result.invalid_rows[0].error_dict


# --- the summary ----------------------------------------------------------------------------

NEW_ROWS = [
    [
        "ZZ-001",
        "养犬登记",
        "社会事业",
        "《某某条例》第十条",
        10,
        5,
        "public_security",
        "申请表",
        "",
    ],
    [
        "ZZ-002",
        "犬只年检",
        "社会事业",
        "《某某条例》第十一条",
        10,
        5,
        "public_security",
        "申请表",
        "",
    ],
]


def _mixed_file(catalog_admin) -> tuple[bytes, list[str]]:
    """2 new codes, 3 changed items (one of them already has a draft), 4 unchanged rows."""
    book = openpyxl.load_workbook(io.BytesIO(_export("xlsx")))
    sheet = book.active
    headers = [c.value for c in sheet[1]]
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    changed, unchanged = ["SC-001", "SC-002", "SC-003"], ["SC-004", "SC-005", "CG-001", "CG-002"]
    for code in changed:
        rows[code][headers.index("事项名称")].value += "(修订)"
    # keep only the rows of the file this test is about, then add the new ones
    for index in range(sheet.max_row, 1, -1):
        if sheet.cell(index, 1).value not in changed + unchanged:
            sheet.delete_rows(index)
    for code, name, category, basis, statutory, committed, depts, materials, fees in NEW_ROWS:
        values = {
            "事项编码": code,
            "事项名称": name,
            "事项类别": category,
            "设定依据": basis,
            "法定时限(工作日)": statutory,
            "承诺时限(工作日)": committed,
            "监管部门": depts,
            "申请材料": materials,
            "收费项目": fees,
        }
        sheet.append([values.get(h, "") for h in headers])
    # SC-003 already has a draft (different from the file): the import changes that draft
    item = Item.objects.get(code="SC-003")
    draft = services.start_draft(item=item, actor=catalog_admin)
    services.update_draft(version=draft, actor=catalog_admin, responsible_post="另一岗位")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), changed


def _counts():
    return {
        "items": set(Item.objects.values_list("pk", flat=True)),
        "versions": dict(ItemVersion.objects.values_list("pk", "updated_at")),
        "drafts": ItemVersion.objects.filter(status=Status.DRAFT).count(),
    }


def _compare(before, after) -> dict:
    """What the database says the import did: new items, new drafts of items that were there
    before, drafts that were there before and changed."""
    new_items = after["items"] - before["items"]
    new_versions = ItemVersion.objects.filter(
        pk__in=set(after["versions"]) - set(before["versions"])
    )
    changed = [pk for pk, at in before["versions"].items() if after["versions"][pk] != at]
    assert set(ItemVersion.objects.filter(pk__in=changed).values_list("status", flat=True)) <= {
        Status.DRAFT
    }  # a published version is never touched
    return {
        "new_item": len(new_items),
        "new_draft": new_versions.exclude(item_id__in=new_items).count(),
        "changed_draft": len(changed),
    }


def test_the_summary_counts_what_the_import_created_and_changed(catalog, catalog_admin):
    data, _changed = _mixed_file(catalog_admin)
    before = _counts()

    result = _import("xlsx", data, catalog_admin)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.summary == {
        "new_item": 2,
        "new_draft": 2,
        "changed_draft": 1,
        "unchanged": 4,
        "skipped": 0,
    }
    after = _counts()
    assert _compare(before, after) == {"new_item": 2, "new_draft": 2, "changed_draft": 1}
    assert after["drafts"] - before["drafts"] == 4  # 2 new items' drafts + 2 new drafts
    assert result.summary_text() == (
        "新增事项 2 个,新建草稿 2 份,修改草稿 1 份,未变化 4 行,跳过 0 行。"
    )


def test_the_admin_confirm_page_and_message_state_the_same_counts(catalog, catalog_admin, client):
    client.force_login(catalog_admin)
    data, _changed = _mixed_file(catalog_admin)
    upload = io.BytesIO(data)
    upload.name = "catalog.xlsx"
    before = _counts()

    page = client.post(
        "/admin/catalog/item/import/", {"format": "0", "resource": "0", "import_file": upload}
    )

    assert page.status_code == 200
    text = page.content.decode()
    shown = dict(re.findall(r'data-count="(\w+)">(\d+)<', text))
    assert shown == {
        "new_item": "2",
        "new_draft": "2",
        "changed_draft": "1",
        "unchanged": "4",
        "skipped": "0",
    }
    assert text.count('data-outcome="new_item"') == 2
    assert text.count('data-outcome="unchanged"') == 4
    assert "<th>事项编码</th>" in text  # the preview's headers are Chinese
    assert _counts() == before  # the preview is a dry run

    confirm = page.context["confirm_form"]
    done = client.post("/admin/catalog/item/process_import/", confirm.initial, follow=True)
    messages = [str(m) for m in done.context["messages"]]
    assert "导入完成:新增事项 2 个,新建草稿 2 份,修改草稿 1 份,未变化 4 行,跳过 0 行。" in messages
    assert _compare(before, _counts()) == {"new_item": 2, "new_draft": 2, "changed_draft": 1}
