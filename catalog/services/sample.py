"""The sample catalog loader used by seed_demo (a system action, actor None)."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record_event
from catalog.models import Department, Item, ItemVersion, ProcedureStep
from catalog.services.contacts import CONTACT_FIELDS, load_sample_profile
from catalog.services.content import (
    SCALAR_FIELDS,
    STEP_CONTENT_KEYS,
    TEXT_FIELDS,
    _text,
    clean_content,
    differs,
)
from catalog.services.items import (
    IMPORT_CREATED,
    IMPORT_UNCHANGED,
    IMPORT_UPDATED,
    _apply_relations,
    _lock_item,
    _make_published,
)
from core.errors import InvalidInput

Status = ItemVersion.Status


def _sample_content(row: dict, departments: dict[str, str]) -> dict:
    """Version content from a sample-catalog row, with plain Chinese defaults for the guide
    texts the sample leaves out."""
    basis = _text(row.get("legal_basis"))
    names = "、".join(departments.get(c, c) for c in row.get("supervising_departments", []))
    site = bool(row.get("site_inspection"))
    instant = bool(row.get("instant"))
    commitment = bool(row.get("notice_commitment"))
    steps = [_("申请:申请人通过综合受理窗口或网上办事大厅提交申请材料。")]
    if instant:
        steps.append(_("受理并办结:材料齐全、符合法定形式的,当场受理、当场作出决定并发放结果。"))
    else:
        steps.append(
            _("受理:材料齐全、符合法定形式的予以受理;材料不全的,一次性告知需要补正的全部内容。")
        )
        if site:
            steps.append(_("现场踏勘:审查人员会同有关部门到现场核查。"))
        steps.append(_("审查:审批股室对申请材料进行审查,提出审查意见。"))
        steps.append(_("决定:审批负责人作出准予或不予许可的决定,加盖行政审批专用章。"))
        steps.append(_("送达:通知申请人领取结果,并将审批结果推送至监管部门。"))
    review = _("依据%(basis)s及相关标准、规范,审查申请材料是否齐全、真实、符合法定形式。") % {
        "basis": basis
    }
    if site:
        review += _("需现场踏勘的,核查现场条件与申请材料是否一致。")
    defaults = {
        "conditions": _("申请人应当具备%(basis)s等法律法规规定的条件,申请材料齐全、符合法定形式。")
        % {"basis": basis},
        "review_standard": review,
        "procedure": "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1)),
        "responsible_post": _("县行政审批服务局%(category)s审批股(受理、审查);首席代表(决定)")
        % {"category": _text(row.get("category"))},
        "commitment_check_method": (
            _(
                "作出许可决定后 3 个月内,由%(departments)s对申请人承诺内容进行核查;"
                "发现实际情况与承诺不符的,依法责令限期整改,逾期不改或整改后仍不符合条件的,"
                "依法撤销许可。"
            )
            % {"departments": names or _("监管部门")}
            if commitment
            else ""
        ),
        # 审管职责边界: the bureau approves; the supervising departments supervise after it.
        "approval_duty": _(
            "县行政审批服务局负责%(name)s的受理、审查和决定,对审批行为的合法性负责;"
            "作出决定后及时将审批结果推送至监管部门。"
        )
        % {"name": _text(row.get("name"))},
        "supervision_matters": _(
            "%(departments)s负责对取得许可的经营主体开展事中事后监管:日常检查、"
            "双随机抽查、投诉举报处理,以及无证经营的查处。"
        )
        % {"departments": names or _("监管部门")},
        "supervision_duty": _(
            "监管部门在认领审批结果后依法履行监管职责,发现违法行为依法处理,"
            "并将行政处罚等监管信息推送至审批局;未履行或不当履行监管职责的,依法承担责任。"
        ),
    }
    content = {field: row.get(field, defaults.get(field, "")) for field in TEXT_FIELDS}
    for field in TEXT_FIELDS:
        if not _text(content[field]) and field in defaults:
            content[field] = defaults[field]
    content.update(
        {
            "statutory_limit_days": row["statutory_limit_days"],
            "committed_limit_days": row["committed_limit_days"],
            "instant": instant,
            "notice_commitment": commitment,
            # 告知承诺: checked within 60 working days of the push (about the "3 个月内" above)
            "commitment_check_days": row.get("commitment_check_days", 60 if commitment else None),
            "feedback_limit_days": row.get("feedback_limit_days"),
            "site_inspection": site,
            "permit_validity_years": row.get("permit_validity_years"),
            "transferred": row.get("transferred", True),
            "handling_department": row.get("handling_department") or None,
            "supervising_departments": row.get("supervising_departments", []),
            "related_items": row.get("related_items", []),
            "fees": row.get("fees", []),
        }
    )
    materials = []
    for m in row.get("materials", []):
        copy = "复印件" in m["name"]
        materials.append(
            {
                "name": m["name"],
                "required": m.get("required", True),
                "waivable": m.get("waivable", False),
                "original_count": m.get("original_count", 0 if copy else 1),
                "copy_count": m.get("copy_count", 1 if copy else 0),
                "note": m.get("note", ""),
            }
        )
    content["materials"] = materials
    for field in CONTACT_FIELDS:  # blank: the guide shows the bureau's
        content[field] = row.get(field, "")
    # The procedure as steps: the row's own, else the ones its limits and flags suggest.
    content["steps"] = row.get("steps") or [
        {key: getattr(step, key) for key in STEP_CONTENT_KEYS}
        for step in default_steps(
            ItemVersion(
                category=_text(row.get("category")),
                committed_limit_days=row["committed_limit_days"],
                site_inspection=site,
            )
        )
    ]
    return content


def default_steps(version: ItemVersion) -> list[ProcedureStep]:
    """Sensible steps (程序清单) for a version, derived from its limits and flags: 受理 and
    制证送达 at the window, 审查 by the section, 现场踏勘 when the item needs it, 决定 by the
    chief representative; the working days fit the committed limit (at most: the window's
    steps take a day each only when the limit leaves room, the review takes the rest).
    Unsaved rows of `version`."""
    Stage = ProcedureStep.Stage
    total = version.committed_limit_days or 0
    window = _("综合受理窗口")
    section = _("%(category)s审批股") % {"category": version.category or _("业务")}
    intake = 1 if total >= 5 else 0
    delivery = 1 if total >= 4 else 0
    decision = 1 if total >= 3 else 0
    rest = total - intake - delivery - decision
    inspection = max(1, rest // 3) if version.site_inspection and rest >= 2 else 0
    review = rest - inspection
    rows = [
        (
            _("受理"),
            Stage.INTAKE,
            window,
            intake,
            _(
                "核验申请人身份与申请材料;材料齐全、符合法定形式的当场受理并出具受理通知书,"
                "不齐全的一次性告知需要补正的全部内容。"
            ),
        ),
        (
            _("审查"),
            Stage.REVIEW,
            section,
            review,
            _("审查申请材料的真实性、合法性,提出审查意见。"),
        ),
    ]
    if version.site_inspection:
        rows.append(
            (
                _("现场踏勘"),
                Stage.REVIEW,
                section,
                inspection,
                _("会同监管部门到现场核查,核查记录由核查人员签字。"),
            )
        )
    rows += [
        (
            _("决定"),
            Stage.DECISION,
            _("首席代表(审批负责人)"),
            decision,
            _("根据审查意见作出准予或不予许可的决定,加盖行政审批专用章。"),
        ),
        (
            _("制证送达"),
            Stage.DELIVERY,
            window,
            delivery,
            _("制作许可证件或决定书,通知申请人领取,并将结果推送监管部门。"),
        ),
    ]
    return [
        ProcedureStep(
            version=version,
            position=position,
            name=name,
            stage=stage,
            post=post,
            limit_days=days,
            requirements=requirements,
        )
        for position, (name, stage, post, days, requirements) in enumerate(rows, 1)
    ]


@transaction.atomic
def load_sample_catalog(data: dict) -> dict:
    """Load a catalog file (data/sample-catalog.json shape): departments as given, and each
    item as a PUBLISHED version. A system action (actor None). Idempotent: an item whose
    published content already equals the row is left alone, so a second run writes nothing."""
    counts = {"departments": 0, IMPORT_CREATED: 0, IMPORT_UPDATED: 0, IMPORT_UNCHANGED: 0}
    load_sample_profile()  # the guide's 办理地点 and phones, once
    for row in data.get("departments", []):
        code, name = _text(row["code"]), _text(row["name"])
        department = Department.objects.filter(code=code).first()
        if department is None:
            department = Department.objects.create(code=code, name=name)
            record_event(actor=None, obj=department, action="create_department", after=code)
            counts["departments"] += 1
        elif department.name != name:
            before = department.name
            department.name = name
            department.save(update_fields=["name"])
            record_event(
                actor=None, obj=department, action="rename_department", note=f"{before} → {name}"
            )
            counts["departments"] += 1

    names = dict(Department.objects.values_list("code", "name"))
    rows = data.get("items", [])
    # Items first, so related_items (一链办理) can point at items later in the file.
    for row in rows:
        Item.objects.get_or_create(code=_text(row["code"]))
    for row in rows:
        code = _text(row["code"])
        item = _lock_item(Item.objects.get(code=code))
        try:
            cleaned = clean_content(_sample_content(row, names), own_code=code)
        except InvalidInput as exc:
            raise InvalidInput(
                _("示例清单中事项 %(code)s 有误:%(fields)s") % {"code": code, "fields": exc.fields},
                fields=exc.fields,
            ) from exc
        current = item.published_version
        # The steps are content: a version loaded before steps existed differs and is
        # republished with them.
        if current is not None and not differs(current, cleaned):
            counts[IMPORT_UNCHANGED] += 1
            continue
        version = ItemVersion(item=item)
        for field in SCALAR_FIELDS:
            setattr(version, field, cleaned[field])
        previous = _make_published(item, version, None, _("示例清单导入"))
        _apply_relations(version, cleaned, None, _("示例清单导入"))
        record_event(
            actor=None,
            obj=version,
            action="publish",
            before=Status.DRAFT,
            after=Status.PUBLISHED,
            note=_("示例清单导入"),
            data={
                "item": code,
                "number": version.number,
                "superseded": previous.number if previous else None,
            },
        )
        counts[IMPORT_UPDATED if current is not None else IMPORT_CREATED] += 1
    return counts
