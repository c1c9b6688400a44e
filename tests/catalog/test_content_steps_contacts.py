"""The procedure steps (程序清单) and the item's own 办理地点 / 办公时间 / 咨询电话 are version
content (issue 13): the content services set them, a new draft copies them, and the catalog
file (办理环节 and the three contact columns) carries them both ways; a file without those
columns leaves them as they are."""

import io

import openpyxl
import pytest
import tablib
from import_export.formats.base_formats import CSV, XLSX

from audit.models import AuditEvent
from catalog import services
from catalog.models import Item, ItemVersion, ProcedureStep
from catalog.resources import COLUMNS, HEADERS, CatalogResource, column_for, parse_steps
from catalog.services.sample import default_steps
from core.errors import InvalidInput
from tests.catalog.factories import draft_item, published_item, sample_catalog

pytestmark = pytest.mark.django_db

Status = ItemVersion.Status
FORMATS = {"xlsx": XLSX, "csv": CSV}
STEPS = [
    {"name": "受理", "stage": "intake", "post": "综合受理窗口", "limit_days": 1},
    {
        "name": "审查",
        "stage": "review",
        "post": "市场准入审批股",
        "limit_days": 3,
        "requirements": "核对材料|现场情况\n一次性告知",
    },
    {"name": "决定", "stage": "decision", "post": "首席代表", "limit_days": 1},
]
CONTACTS = {
    "contact_location": "政务服务中心三楼 12 号窗口",
    "contact_hours": "周一至周五 9:00–17:00",
    "contact_phone": "0571-8888 3312",
}


@pytest.fixture
def catalog(db):
    services.load_sample_catalog(sample_catalog())


def _export(fmt):
    return FORMATS[fmt]().export_data(CatalogResource().export())


def _import(fmt, data, user, **kwargs):
    return CatalogResource().import_data(FORMATS[fmt]().create_dataset(data), user=user, **kwargs)


def _cells(data) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def _steps(version) -> list[tuple]:
    return list(
        version.steps.order_by("position").values_list(
            "position", "name", "stage", "post", "limit_days", "requirements"
        )
    )


def _dataset(fmt, data):
    return FORMATS[fmt]().create_dataset(data)


def _set(dataset, code, **cells):
    """Change cells (by column) of the row of `code` in a dataset read with Chinese headers."""
    index = next(i for i, r in enumerate(dataset) if r[0] == code)
    row = list(dataset[index])
    for column, value in cells.items():
        row[dataset.headers.index(HEADERS[column])] = value
    dataset[index] = row


def _state():
    return (
        list(
            ItemVersion.objects.order_by("pk").values_list("pk", "status", "number", "updated_at")
        ),
        list(ProcedureStep.objects.order_by("pk").values_list("pk", "position", "limit_days")),
        AuditEvent.objects.count(),
        ProcedureStep.history.count(),
    )


# --- the services -------------------------------------------------------------------------


def test_create_item_and_update_draft_set_the_steps_and_the_contacts(catalog_admin):
    draft = draft_item(catalog_admin, steps=STEPS, **CONTACTS)
    assert _steps(draft) == [
        (1, "受理", "intake", "综合受理窗口", 1, ""),
        (2, "审查", "review", "市场准入审批股", 3, "核对材料|现场情况\n一次性告知"),
        (3, "决定", "decision", "首席代表", 1, ""),
    ]
    assert {f: getattr(draft, f) for f in CONTACTS} == CONTACTS
    content = services.content_of(draft)
    assert content["contact_phone"] == "0571-8888 3312"
    assert [s["name"] for s in content["steps"]] == ["受理", "审查", "决定"]

    # Stage by its Chinese label; full-width digits read; order is the list's.
    events = AuditEvent.objects.count()
    services.update_draft(
        version=draft,
        actor=catalog_admin,
        contact_phone="12345",
        steps=[STEPS[2] | {"stage": "决定", "limit_days": "２"}, STEPS[0]],
    )
    assert _steps(draft) == [
        (1, "决定", "decision", "首席代表", 2, ""),
        (2, "受理", "intake", "综合受理窗口", 1, ""),
    ]
    draft.refresh_from_db()
    assert draft.contact_phone == "12345" and draft.contact_location == CONTACTS["contact_location"]
    assert AuditEvent.objects.count() == events + 1
    # The same content again writes nothing.
    services.update_draft(
        version=draft, actor=catalog_admin, steps=services.content_of(draft)["steps"]
    )
    assert AuditEvent.objects.count() == events + 1


def test_a_new_draft_copies_the_steps_and_contacts(catalog_admin):
    version = published_item(catalog_admin, steps=STEPS, **CONTACTS)
    draft = services.start_draft(item=version.item, actor=catalog_admin)
    assert services.content_of(draft) == services.content_of(version)
    cleaned = services.clean_content({"steps": STEPS, **CONTACTS}, base=services.content_of(draft))
    assert not services.differs(draft, cleaned)


def test_steps_over_the_committed_limit_are_refused_in_chinese(catalog_admin):
    with pytest.raises(InvalidInput) as refused:
        draft_item(catalog_admin, steps=[STEPS[1] | {"limit_days": 6}])
    assert "超过承诺时限 5 个工作日" in refused.value.fields["steps"][0]
    assert not Item.objects.filter(code="SC-900").exists()


@pytest.mark.parametrize(
    "step, message",
    [
        ({"name": "审\x00查"}, "控制字符"),
        ({"post": "窗口\x1b"}, "控制字符"),
        ({"name": "审" * 51}, "不能超过 50 字"),
        ({"post": "岗" * 101}, "不能超过 100 字"),
        ({"requirements": "要" * 1001}, "不能超过 1000 字"),
        ({"name": "  "}, "不能为空"),
        ({"stage": "复核"}, "办理阶段应为"),
        ({"limit_days": "٣"}, "办理时限应为"),  # Arabic-Indic digit
        ({"limit_days": "²"}, "办理时限应为"),  # superscript two
        ({"limit_days": "1e3"}, "办理时限应为"),
        ({"limit_days": -1}, "办理时限应为"),
        ({"limit_days": 10**20}, "办理时限应为"),
        ({"limit_days": "9" * 400}, "办理时限应为"),
        ({"limit_days": True}, "办理时限应为"),
        ({"colour": "red"}, "未知的项目"),
    ],
)
def test_hostile_steps_are_refused_per_line(catalog_admin, step, message):
    draft = draft_item(catalog_admin)
    with pytest.raises(InvalidInput) as refused:
        services.update_draft(version=draft, actor=catalog_admin, steps=[STEPS[0], STEPS[1] | step])
    problems = refused.value.fields["steps"]
    assert len(problems) == 1 and message in problems[0], problems
    assert problems[0].startswith("第 2 项") or "控制字符" in problems[0]
    assert not draft.steps.exists()


def test_too_many_steps_or_not_a_list_are_refused(catalog_admin):
    draft = draft_item(catalog_admin, committed_limit_days=0, statutory_limit_days=0)
    many = [STEPS[0] | {"limit_days": 0}] * 101
    for value in (many, "受理|受理|窗口|0", {"name": "受理"}):
        with pytest.raises(InvalidInput) as refused:
            services.update_draft(version=draft, actor=catalog_admin, steps=value)
        assert "办理环节" in refused.value.fields["steps"][0]
    assert not draft.steps.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("contact_phone", "abc", "电话号码"),
        ("contact_phone", "٣٣٣٣٣٣", "电话号码"),
        ("contact_phone", "1" * 51, "不能超过 50 字"),
        ("contact_location", "地" * 201, "不能超过 200 字"),
        ("contact_hours", "周一\x07", "控制字符"),
    ],
)
def test_hostile_contacts_are_refused(catalog_admin, field, value, message):
    draft = draft_item(catalog_admin)
    with pytest.raises(InvalidInput) as refused:
        services.update_draft(version=draft, actor=catalog_admin, **{field: value})
    assert message in refused.value.fields[field][0]
    draft.refresh_from_db()
    assert getattr(draft, field) == ""


def test_contacts_are_normalised_and_blank_means_the_bureaus(catalog_admin):
    draft = draft_item(catalog_admin, contact_location="\u200b 三楼\u3000", contact_phone="")
    assert draft.contact_location == "三楼" and draft.contact_phone == ""


# --- the sample loader --------------------------------------------------------------------


def test_a_sample_item_gets_the_default_steps_and_a_second_load_changes_nothing(catalog):
    version = Item.objects.get(code="SC-001").published_version
    expected = [
        (s.position, s.name, s.stage, s.post, s.limit_days, s.requirements)
        for s in default_steps(version)
    ]
    assert _steps(version) == expected and expected
    before = _state()
    counts = services.load_sample_catalog(sample_catalog())
    assert counts["created"] == counts["updated"] == 0
    assert _state() == before


# --- the catalog file ---------------------------------------------------------------------


def test_the_file_has_the_new_columns_under_chinese_headers(catalog):
    start = COLUMNS.index("steps")
    assert COLUMNS[start : start + 4] == (
        "steps",
        "contact_location",
        "contact_hours",
        "contact_phone",
    )
    header = [c.value for c in openpyxl.load_workbook(io.BytesIO(_export("xlsx"))).active[1]]
    assert header[start : start + 4] == [
        "办理环节",
        "办理地点(本事项)",
        "办公时间(本事项)",
        "咨询电话(本事项)",
    ]
    for alias, column in (("程序清单", "steps"), ("办理地点", "contact_location")):
        assert column_for(alias) == column


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_steps_and_contacts_round_trip_unchanged(catalog, catalog_admin, fmt):
    # A published item with its own contacts and steps with bars, backslashes and line breaks.
    item = Item.objects.get(code="SC-002")
    draft = services.start_draft(item=item, actor=catalog_admin)
    steps = [STEPS[0] | {"requirements": "=SUM(A1)\\路径|一"}, STEPS[1]]
    services.update_draft(version=draft, actor=catalog_admin, steps=steps, **CONTACTS)
    services.publish(version=draft, actor=catalog_admin)
    first = _export(fmt)
    rows = _dataset(fmt, first)
    row = next(r for r in rows if r[0] == "SC-002")
    cells = dict(zip(rows.headers, row, strict=True))
    assert cells["办理环节"].splitlines()[1] == (
        "审查|审查|市场准入审批股|3|核对材料\\|现场情况\\n一次性告知"
    )
    assert cells["咨询电话(本事项)"] == "0571-8888 3312"
    before = _state()

    result = _import(fmt, first, catalog_admin)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.summary["unchanged"] == 27 and result.summary["new_draft"] == 0
    assert _state() == before
    second = _export(fmt)
    if fmt == "csv":
        assert second == first
    else:
        assert _cells(second) == _cells(first)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_changed_step_in_the_file_makes_a_changed_draft(catalog, catalog_admin, fmt):
    dataset = _dataset(fmt, _export(fmt))
    published = Item.objects.get(code="SC-001").published_version
    before_steps = _steps(published)
    lines = parse_steps(
        next(r for r in dataset if r[0] == "SC-001")[dataset.headers.index("办理环节")]
    )
    assert len(lines) == len(before_steps)
    text = (
        next(r for r in dataset if r[0] == "SC-001")[dataset.headers.index("办理环节")]
        .replace("审查|审查|", "材料审查|审查|", 1)
        .replace("\n", "\n抽查|审查|综合受理窗口|0|随机抽查\n", 1)
    )
    _set(dataset, "SC-001", steps=text, contact_hours="周六上午 9:00–12:00")

    result = _import(fmt, FORMATS[fmt]().export_data(dataset), catalog_admin)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.summary["new_draft"] == 1 and result.summary["unchanged"] == 26
    draft = Item.objects.get(code="SC-001").versions.get(status=Status.DRAFT)
    names = [s[1] for s in _steps(draft)]
    assert names[:3] == ["受理", "抽查", "材料审查"] and len(names) == len(before_steps) + 1
    assert [s[0] for s in _steps(draft)] == list(range(1, len(names) + 1))
    assert draft.contact_hours == "周六上午 9:00–12:00"
    assert _steps(published) == before_steps  # the published version is never touched
    assert services.publication_problems(draft) == {}
    # The same file again: the draft already holds it.
    again = _import(fmt, FORMATS[fmt]().export_data(dataset), catalog_admin)
    assert again.summary["unchanged"] == 27


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_steps_over_the_limit_in_the_file_are_a_chinese_row_error(catalog, catalog_admin, fmt):
    dataset = _dataset(fmt, _export(fmt))
    _set(dataset, "SC-001", steps="受理|受理|综合受理窗口|3\n审查|审查|审批股|3|")
    _set(dataset, "SC-002", steps="受理|复核|综合受理窗口|1")
    _set(dataset, "SC-003", steps="受理|受理|窗口")
    _set(dataset, "SC-004", steps="受理|受理|窗口|٣")
    before = _state()

    result = _import(fmt, FORMATS[fmt]().export_data(dataset), catalog_admin)

    assert result.has_validation_errors()
    errors = {
        row.values[0]: row.error_dict["办理环节"]
        for row in result.invalid_rows
        if "办理环节" in row.error_dict
    }
    assert "各办理环节时限合计 6 个工作日,超过承诺时限 5 个工作日" in errors["SC-001"][0]
    assert "办理阶段应为" in errors["SC-002"][0] and "第 1 行" in errors["SC-002"][0]
    assert "名称|环节|承办岗位|时限(工作日)|办理要求" in errors["SC-003"][0]
    assert "第 1 项" in errors["SC-004"][0] and "办理时限应为" in errors["SC-004"][0]
    assert result.summary["skipped"] == 4
    assert _state() == before  # a file with errors is not imported at all


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_an_old_file_without_the_new_columns_leaves_them_unchanged(catalog, catalog_admin, fmt):
    item = Item.objects.get(code="SC-003")
    draft = services.start_draft(item=item, actor=catalog_admin)
    services.update_draft(version=draft, actor=catalog_admin, **CONTACTS)
    published = services.publish(version=draft, actor=catalog_admin)
    steps_before = _steps(published)
    assert steps_before
    dataset = _dataset(fmt, _export(fmt))
    for column in ("steps", "contact_location", "contact_hours", "contact_phone"):
        del dataset[HEADERS[column]]
    dataset.headers = [column_for(h) for h in dataset.headers]  # and code-like headers
    unchanged = FORMATS[fmt]().export_data(dataset)
    before = _state()
    assert _import(fmt, unchanged, catalog_admin).summary["unchanged"] == 27
    assert _state() == before

    _set_old = next(i for i, r in enumerate(dataset) if r[0] == "SC-003")
    row = list(dataset[_set_old])
    row[dataset.headers.index("name")] = "旧文件改的名称"
    dataset[_set_old] = row
    result = _import(fmt, FORMATS[fmt]().export_data(dataset), catalog_admin)

    assert result.summary["new_draft"] == 1 and result.summary["unchanged"] == 26
    new = Item.objects.get(code="SC-003").versions.get(status=Status.DRAFT)
    assert new.name == "旧文件改的名称"
    assert _steps(new) == steps_before  # not emptied
    assert {f: getattr(new, f) for f in CONTACTS} == CONTACTS


def test_an_empty_steps_cell_empties_them_and_a_bad_phone_is_a_row_error(catalog, catalog_admin):
    dataset = tablib.Dataset(headers=["事项编码", "办理环节", "咨询电话"])
    dataset.append(["SC-001", "", "12345"])
    dataset.append(["SC-002", "", "abc"])
    result = _import("csv", dataset.csv, catalog_admin, dry_run=True)
    assert result.has_validation_errors()
    (bad,) = result.invalid_rows
    assert "电话号码" in bad.error_dict["咨询电话"][0]

    dataset = tablib.Dataset(headers=["事项编码", "办理环节", "咨询电话"])
    dataset.append(["SC-001", "", "12345"])
    result = _import("csv", dataset.csv, catalog_admin)
    assert result.summary["new_draft"] == 1
    draft = Item.objects.get(code="SC-001").versions.get(status=Status.DRAFT)
    assert not draft.steps.exists() and draft.contact_phone == "12345"
