"""The catalog file (xlsx / csv) for django-import-export: one row per item, holding the item's
current version (published, else its draft, else its last withdrawn version).

Export writes every column under its Chinese header (HEADERS: the fields' verbose names, 事项编码,
事项名称, …); import reads either those headers or the code-like ones files had before (code,
name, …), so a file exported by an earlier version still imports. Import reads a row back
through catalog.services.import_item, so an unchanged row changes nothing and a changed row only
ever creates or updates a DRAFT, which an admin then publishes; the summary (CatalogResult)
counts new items, new drafts, changed drafts, unchanged and skipped rows.
Cell formats (docs/subsystems/catalog.md):
  flags                      是 / 否 (1 / 0, true / false also read)
  supervising_departments    department codes, comma separated: "culture,public_security"
  related_items              item codes, comma separated
  materials                  one line each: 名称|必须|容缺|原件份数|复印件份数|填报说明
  fees                       one line each: 名称|金额|收费依据
  steps                      one line each, in order: 名称|环节|承办岗位|时限(工作日)|办理要求
                             (环节: 受理 / 审查 / 决定 / 送达; the limits fit the committed one)
  contact_*                  the item's own 办理地点 / 办公时间 / 咨询电话; empty = the bureau's
A column left out of the file (an older file has no 办理环节 or contact columns) leaves that
content as it is; an empty cell empties it.
In a line, "\\|" is a literal bar, "\\\\" a backslash and "\\n" a line break.

Written safely, read back the same (both formats): a text cell that a spreadsheet would take for
a formula (it starts with = + - @, a tab or a carriage return) is written with a leading
apostrophe, as OWASP advises against CSV injection, and read back without it; a cell that
starts with an apostrophe before one of those (or before another apostrophe) gets one more, so
every text survives the round trip. Characters XML 1.0 cannot hold (C0 controls other than tab,
line feed and carriage return: openpyxl's ILLEGAL_CHARACTERS_RE) are written as U+FFFD, so one
stray character no longer fails the whole xlsx file; no catalog text can hold one any more
(services.clean_content refuses them), so only rows stored before that are affected.
"""

import re
import unicodedata

from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.encoding import force_str
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.exceptions import FieldError
from import_export.fields import Field
from import_export.results import Error, Result, RowResult
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from catalog import services
from catalog.models import Item, ItemVersion, ProcedureStep
from catalog.services.content import step_stage
from core.errors import DomainError
from core.text import FORMULA_START, looks_like_formula

# Columns of the file, in order. `version` and `status` are written for reference only.
COLUMNS = (
    "code",
    "name",
    "version",
    "status",
    "category",
    "legal_basis",
    "conditions",
    "review_standard",
    "procedure",
    "statutory_limit_days",
    "committed_limit_days",
    "instant",
    "notice_commitment",
    "commitment_check_method",
    "site_inspection",
    "permit_validity_years",
    "responsible_post",
    "transferred",
    "handling_department",
    "supervising_departments",
    "related_items",
    "materials",
    "fees",
    "steps",
    "contact_location",
    "contact_hours",
    "contact_phone",
    "commitment_check_days",
    "approval_duty",
    "supervision_matters",
    "supervision_duty",
    "feedback_limit_days",
)
# The file's header of each column: the model field's verbose name (tests check they agree);
# plain strings, not translations, because a header is part of the file's format.
HEADERS = {
    "code": "事项编码",
    "name": "事项名称",
    "version": "版本号",
    "status": "状态",
    "category": "事项类别",
    "legal_basis": "设定依据",
    "conditions": "申请条件",
    "review_standard": "审查标准",
    "procedure": "办理流程",
    "statutory_limit_days": "法定时限(工作日)",
    "committed_limit_days": "承诺时限(工作日)",
    "instant": "即办件",
    "notice_commitment": "告知承诺制",
    "commitment_check_method": "告知承诺核查方式",
    "site_inspection": "需现场踏勘",
    "permit_validity_years": "许可有效期(年)",
    "responsible_post": "责任岗位",
    "transferred": "已划转审批局",
    "handling_department": "承办部门(未划转)",
    "supervising_departments": "监管部门",
    "related_items": "一链办理关联事项",
    "materials": "申请材料",
    "fees": "收费项目",
    "steps": "办理环节",
    "contact_location": "办理地点(本事项)",
    "contact_hours": "办公时间(本事项)",
    "contact_phone": "咨询电话(本事项)",
    "commitment_check_days": "告知承诺核查期限(工作日)",
    "approval_duty": "审批职责(审批局)",
    "supervision_matters": "监管事项",
    "supervision_duty": "监管责任",
    "feedback_limit_days": "处置反馈时限(工作日)",
}
assert tuple(HEADERS) == COLUMNS
# Other names a person may give a column in a file they wrote themselves (read, never written).
HEADER_ALIASES = {
    "程序清单": "steps",
    "办理地点": "contact_location",
    "办公时间": "contact_hours",
    "咨询电话": "contact_phone",
}
# Either header names its column: the Chinese one, or the code-like one of earlier files.
COLUMN_OF = {
    **{c: c for c in COLUMNS},
    **HEADER_ALIASES,
    **{h: c for c, h in HEADERS.items()},
}
READ_ONLY_COLUMNS = ("version", "status")
CONTENT_COLUMNS = tuple(c for c in COLUMNS if c not in ("code", *READ_ONLY_COLUMNS))
assert set(CONTENT_COLUMNS) == set(services.CONTENT_FIELDS)

YES, NO = "是", "否"
QUOTE = "'"
_CODE_SPLIT = re.compile(r"[,,、;;\s]+")


# --- cell formats ---------------------------------------------------------------------------


def _quoted(text: str) -> bool:
    """Whether a cell as read starts with the apostrophe escape_cell() adds."""
    return text[:1] == QUOTE and text[1:2] in (*FORMULA_START, QUOTE)


def escape_cell(value):
    """A cell value as written to the file: never a live formula, never an illegal character.
    Numbers and other non-text values are written as they are."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)
    if looks_like_formula(text) or _quoted(text):
        return QUOTE + text
    return text


def unescape_cell(value):
    """A cell as read from the file, without the apostrophe escape_cell() added."""
    if isinstance(value, str) and _quoted(value):
        return value[1:]
    return value


def _escape_part(value) -> str:
    text = force_str(value if value is not None else "")
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "\\n")


def _split_line(line: str) -> list[str]:
    """Split a line on unescaped bars, undoing the escapes."""
    parts, current, chars = [], [], iter(line)
    for char in chars:
        if char == "\\":
            nxt = next(chars, "")
            current.append("\n" if nxt == "n" else nxt)
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [p.strip() for p in parts]


def _flag(value: bool) -> str:
    return YES if value else NO


def render_materials(materials: list[dict]) -> str:
    return "\n".join(
        "|".join(
            [
                _escape_part(m["name"]),
                _flag(m["required"]),
                _flag(m["waivable"]),
                str(m["original_count"]),
                str(m["copy_count"]),
                _escape_part(m["note"]),
            ]
        )
        for m in materials
    )


def render_fees(fees: list[dict]) -> str:
    return "\n".join(
        "|".join([_escape_part(f["name"]), f"{f['amount']:.2f}", _escape_part(f["basis"])])
        for f in fees
    )


def _lines(value) -> list[str]:
    text = force_str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n")
    return [line for line in text.split("\n") if line.strip()]


def parse_materials(value) -> list[dict]:
    materials = []
    for number, line in enumerate(_lines(value), 1):
        parts = _split_line(line)
        if len(parts) > 6:
            raise ValueError(
                _("第 %(n)s 行多于 6 段(名称|必须|容缺|原件份数|复印件份数|填报说明)。")
                % {"n": number}
            )
        keys = ("name", "required", "waivable", "original_count", "copy_count", "note")
        material = dict(zip(keys, parts, strict=False))
        for key, default in (("required", YES), ("waivable", NO)):
            if not material.get(key):
                material[key] = default
        for key, default in (("original_count", "0"), ("copy_count", "1")):
            if not material.get(key):
                material[key] = default
        materials.append(material)
    return materials


def parse_fees(value) -> list[dict]:
    fees = []
    for number, line in enumerate(_lines(value), 1):
        parts = _split_line(line)
        if len(parts) < 2 or len(parts) > 3:
            raise ValueError(_("第 %(n)s 行应为:名称|金额|收费依据。") % {"n": number})
        fees.append(dict(zip(("name", "amount", "basis"), parts, strict=False)))
    return fees


STEP_LINE = "名称|环节|承办岗位|时限(工作日)|办理要求"
_STAGE_LABELS = dict(ProcedureStep.Stage.choices)


def render_steps(steps: list[dict]) -> str:
    return "\n".join(
        "|".join(
            [
                _escape_part(s["name"]),
                _escape_part(_STAGE_LABELS.get(s["stage"], s["stage"])),
                _escape_part(s["post"]),
                str(s["limit_days"]),
                _escape_part(s["requirements"]),
            ]
        )
        for s in steps
    )


def parse_steps(value) -> list[dict]:
    steps = []
    for number, line in enumerate(_lines(value), 1):
        parts = _split_line(line)
        if len(parts) < 4 or len(parts) > 5:
            raise ValueError(_("第 %(n)s 行应为:%(line)s。") % {"n": number, "line": STEP_LINE})
        step = dict(
            zip(("name", "stage", "post", "limit_days", "requirements"), parts, strict=False)
        )
        try:
            step["stage"] = step_stage(step["stage"])
        except ValueError as exc:
            raise ValueError(_("第 %(n)s 行:%(msg)s") % {"n": number, "msg": exc}) from None
        steps.append(step)
    return steps


def parse_codes(value) -> list[str]:
    return [code for code in _CODE_SPLIT.split(force_str(value or "")) if code]


def render_version(version: ItemVersion | None, code: str) -> dict:
    """The file row of a version (native values: ints stay ints for xlsx)."""
    row = dict.fromkeys(COLUMNS, "")
    row["code"] = code
    if version is None:
        return row
    content = services.content_of(version)
    for column in CONTENT_COLUMNS:
        value = content[column]
        if column in services.BOOL_FIELDS:
            value = _flag(value)
        elif column in ("supervising_departments", "related_items"):
            value = ",".join(value)
        elif column == "materials":
            value = render_materials(value)
        elif column == "fees":
            value = render_fees(value)
        elif column == "steps":
            value = render_steps(value)
        elif value is None:
            value = ""
        row[column] = value
    row["version"] = version.number if version.number is not None else ""
    row["status"] = version.get_status_display()
    return row


def parse_row(row: dict) -> dict:
    """The content columns present in a file row, as plain values for services.clean_content.
    Raises ValidationError keyed by column for cells that cannot be read."""
    content, errors = {}, {}
    for column in CONTENT_COLUMNS:
        if column not in row:
            continue  # a column left out of the file keeps the current value
        value = row[column]
        try:
            if column in ("supervising_departments", "related_items"):
                content[column] = parse_codes(value)
            elif column == "materials":
                content[column] = parse_materials(value)
            elif column == "fees":
                content[column] = parse_fees(value)
            elif column == "steps":
                content[column] = parse_steps(value)
            else:
                content[column] = value
        except ValueError as exc:
            errors[column] = [str(exc)]
    if errors:
        raise ValidationError(errors)
    return content


def _diff_html(before: str, after: str, new: bool) -> str:
    dmp = diff_match_patch()
    diff = dmp.diff_main("" if new else before, after)
    dmp.diff_cleanupSemantic(diff)
    return mark_safe(dmp.diff_prettyHtml(diff))


def _header_key(header) -> str:
    """A header as looked up: NFKC (full-width brackets and letters read as the usual ones),
    without surrounding spaces, case-folded."""
    return unicodedata.normalize("NFKC", force_str(header)).strip().casefold()


_COLUMN_BY_KEY = {_header_key(h): c for h, c in COLUMN_OF.items()}


def column_for(header) -> str | None:
    """The column a file's header names (Chinese or code-like), or None."""
    if header is None:
        return None
    return _COLUMN_BY_KEY.get(_header_key(header))


# --- what an import did, per row and in total -------------------------------------------------

NEW_ITEM, NEW_DRAFT, CHANGED_DRAFT, UNCHANGED, SKIPPED = (
    "new_item",
    "new_draft",
    "changed_draft",
    "unchanged",
    "skipped",
)
OUTCOME_LABELS = {
    NEW_ITEM: gettext_lazy("新增事项"),
    NEW_DRAFT: gettext_lazy("新建草稿"),
    CHANGED_DRAFT: gettext_lazy("修改草稿"),
    UNCHANGED: gettext_lazy("未变化"),
    SKIPPED: gettext_lazy("跳过(有错误)"),
}


class CatalogRowResult(RowResult):
    """A row's result with what it did to the catalog: a new item (with its first draft), a
    new draft of an existing item, a change to the item's existing draft, nothing (the row
    equals the item's current version or its draft already), or skipped (the row has errors)."""

    def __init__(self):
        super().__init__()
        self.outcome = SKIPPED

    @property
    def outcome_label(self):
        return OUTCOME_LABELS[self.outcome]


class CatalogResult(Result):
    @property
    def summary(self) -> dict:
        """{outcome: number of rows}, every outcome present; the admin's message and the
        confirm page both read it."""
        counts = dict.fromkeys(OUTCOME_LABELS, 0)
        for row in self.rows:
            counts[getattr(row, "outcome", SKIPPED)] += 1
        return counts

    def summary_text(self) -> str:
        counts = self.summary
        return (
            _(
                "新增事项 %(new_item)s 个,新建草稿 %(new_draft)s 份,修改草稿 %(changed_draft)s 份,"
                "未变化 %(unchanged)s 行,跳过 %(skipped)s 行。"
            )
            % counts
        )


# --- the resource ---------------------------------------------------------------------------


class CatalogResource(resources.ModelResource):
    """事项清单: the whole catalog, one row per item."""

    code = Field(attribute="code", column_name=HEADERS["code"])

    class Meta:
        model = Item
        name = gettext_lazy("事项清单(每个事项一行)")
        fields = COLUMNS
        export_order = COLUMNS
        import_order = COLUMNS
        import_id_fields = ("code",)
        use_transactions = True
        report_skipped = True

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        for column in COLUMNS:
            if column not in self.fields:
                self.fields[column] = Field(
                    column_name=HEADERS[column], readonly=column in READ_ONLY_COLUMNS
                )
        self._file_headers = dict(HEADERS)  # column -> its header in the file being imported

    def get_result_class(self):
        return CatalogResult

    def get_row_result_class(self):
        return CatalogRowResult

    # export
    def filter_export(self, queryset, **kwargs):
        from catalog.selectors import items_for_export

        return items_for_export(queryset).prefetch_related("versions__steps")

    def get_queryset(self):
        from catalog.selectors import items_for_export

        return items_for_export().prefetch_related("versions__steps")

    def export_resource(self, instance, selected_fields=None, **kwargs):
        row = render_version(instance.current_version(), instance.code)
        fields = self.get_export_fields(selected_fields)
        return [escape_cell(row[COLUMN_OF[field.column_name]]) for field in fields]

    # import
    def before_import(self, dataset, **kwargs):
        if kwargs.get("dry_run") and not kwargs.get("using_transactions"):
            raise FieldError(_("试导入需要数据库事务支持。"))
        # Each header, Chinese or code-like, becomes the column's Chinese header, so every
        # later step (import-export's id check, the preview, the rows) reads one set of names.
        headers = list(dataset.headers or [])
        unknown, seen, normalized, used = [], set(), [], {}
        for header in headers:
            text = force_str(header).strip() if header is not None else ""
            column = column_for(text)
            if column is None:
                if text:
                    unknown.append(text)
                normalized.append(header)
                continue
            if column in seen:
                raise FieldError(_("文件中“%(col)s”一列出现了两次。") % {"col": HEADERS[column]})
            seen.add(column)
            used[column] = text
            normalized.append(HEADERS[column])
        if unknown:
            raise FieldError(
                _("文件中有无法识别的列:%(cols)s。可用的列:%(all)s")
                % {"cols": "、".join(unknown), "all": "、".join(HEADERS.values())}
            )
        if headers:
            dataset.headers = normalized
        self._file_headers = {**HEADERS, **used}

    def _errors_by_header(self, error: ValidationError) -> ValidationError:
        """Row errors under the column's header as the file has it."""
        if not hasattr(error, "error_dict"):
            return error
        return ValidationError(
            {
                self._file_headers.get(key, key) if key != NON_FIELD_ERRORS else key: value
                for key, value in error.error_dict.items()
            }
        )

    def import_row(self, row, instance_loader, **kwargs):
        result = self.get_row_result_class()()
        result.row_values = row
        row = {column_for(k): unescape_cell(v) for k, v in row.items() if column_for(k) is not None}
        code = force_str(row.get("code") or "").strip()
        try:
            if not code:
                raise ValidationError({"code": [_("事项编码不能为空。")]})
            if len(code) > 40 or not services.CODE_RE.match(code):
                raise ValidationError({"code": [_("事项编码为 1-40 位字母、数字、“-”“_”或“.”。")]})
            content = parse_row(row)
            item = Item.objects.filter(code=code).first()
            before = render_version(item.current_version() if item else None, code)
            draft_before = (
                item.versions.filter(status=ItemVersion.Status.DRAFT)
                .values_list("pk", flat=True)
                .first()
                if item
                else None
            )
            outcome, draft = services.import_item(
                code=code, content=content, actor=kwargs.get("user")
            )
        except DomainError as exc:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = self._errors_by_header(
                ValidationError(
                    {**exc.fields} if exc.fields else {NON_FIELD_ERRORS: [str(exc.message)]}
                )
            )
            return result
        except ValidationError as exc:
            result.import_type = RowResult.IMPORT_TYPE_INVALID
            result.validation_error = self._errors_by_header(exc)
            return result
        except Exception as exc:  # reported on the row like import-export does
            result.import_type = RowResult.IMPORT_TYPE_ERROR
            result.errors.append(Error(exc, row=row, number=kwargs.get("row_number")))
            return result

        result.import_type = {
            services.IMPORT_CREATED: RowResult.IMPORT_TYPE_NEW,
            services.IMPORT_UPDATED: RowResult.IMPORT_TYPE_UPDATE,
            services.IMPORT_UNCHANGED: RowResult.IMPORT_TYPE_SKIP,
        }[outcome]
        if outcome == services.IMPORT_CREATED:
            result.outcome = NEW_ITEM
        elif outcome == services.IMPORT_UPDATED:
            result.outcome = CHANGED_DRAFT if draft.pk == draft_before else NEW_DRAFT
        else:
            result.outcome = UNCHANGED
        instance = draft.item if draft is not None else Item.objects.get(code=code)
        result.add_instance_info(instance)
        result.instance = instance
        after = render_version(draft, code) if draft is not None else before
        result.diff = [
            _diff_html(force_str(before[c]), force_str(after[c]), result.is_new()) for c in COLUMNS
        ]
        return result

    def get_diff_headers(self):
        return [HEADERS[c] for c in COLUMNS]
