"""Departments and the permit catalog (清单).

An Item (事项) is an identity (its code). Its content lives in ItemVersions: admins edit the one
draft, publishing freezes it with a number and date, and intake uses the published version only.
An application keeps the version it was accepted under, so a published version never changes.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import describe, forbidden_character

# Long texts keep their text columns (no rewrite of the version and history tables; varchar
# and text cost the same in PostgreSQL); the limit is declared on the model, so the admin form,
# the API serializer (and so the schema), full_clean and services.clean_content all read it.
# Each fits its use with room to spare: the longest guide text in the county's catalog is far
# under a tenth of it, and every limit stays below an xlsx cell's 32,767 characters.
LEGAL_BASIS_MAX = 2000
GUIDE_TEXT_MAX = 5000


def limited_text(verbose_name, max_length: int, **kwargs) -> models.TextField:
    """A TextField with a length limit that every layer sees."""
    return models.TextField(
        verbose_name,
        max_length=max_length,
        validators=[MaxLengthValidator(max_length)],
        **kwargs,
    )


class Department(models.Model):
    """部门: a supervising department (监管部门) or the bureau's partner office."""

    code = models.SlugField(_("部门代码"), max_length=40, unique=True)
    name = models.CharField(_("部门名称"), max_length=100, unique=True)
    # How long after a claim the department has to report 处置结果 (issue 14), unless the item
    # version says otherwise (ItemVersion.feedback_limit_days).
    feedback_limit_days = models.PositiveSmallIntegerField(
        _("处置反馈时限(工作日)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("认领后须反馈处置结果的工作日数;事项另有规定的从其规定"),
    )

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]
        permissions = [("liaise_for_department", _("作为联络员办理本部门推送"))]

    def __str__(self):
        return self.name


def no_forbidden_characters(value: str) -> None:
    """Refuses a control character (core.text), with the field's Chinese message."""
    char = forbidden_character(value or "")
    if char is not None:
        raise ValidationError(
            _("含有不允许的控制字符(%(c)s),请删除后重试。"),
            code="forbidden_character",
            params={"c": describe(char)},
        )


_DIGITS_RE = re.compile(r"[0-9]{3}")


def phone_text(value: str) -> None:
    """A phone line of the guide: free text ("0571-8888 0000(工作日)", "12345") that holds a
    number, i.e. at least three ASCII digits in a row ("abc" is refused)."""
    if value and not _DIGITS_RE.search(value):
        raise ValidationError(
            _("请填写电话号码,例如 0571-88880000 或 12345。"), code="phone_without_number"
        )


class BureauProfile(models.Model):
    """办事大厅信息: the bureau-wide 办理地点, 办公时间 and 咨询/投诉电话 every public guide and
    一次性告知单 shows unless an item version overrides them. One row (pk 1), written only by
    catalog.services.update_bureau_profile (audited); read by catalog.selectors.contact_for."""

    SINGLETON_PK = 1

    name = models.CharField(
        _("机构名称"),
        max_length=100,
        default="县行政审批服务局",
        validators=[no_forbidden_characters],
    )
    address = models.CharField(
        _("办理地点"),
        max_length=200,
        blank=True,
        help_text=_("政务服务大厅地址,例如:县政务服务中心一楼综合受理区"),
        validators=[no_forbidden_characters],
    )
    office_hours = models.CharField(
        _("办公时间"),
        max_length=300,
        default="周一至周五 上午 9:00–12:00,下午 13:30–17:30(法定节假日除外)",
        validators=[no_forbidden_characters],
    )
    phone = models.CharField(
        _("咨询电话"), max_length=50, blank=True, validators=[no_forbidden_characters, phone_text]
    )
    complaint_phone = models.CharField(
        _("投诉电话"),
        max_length=50,
        blank=True,
        help_text=_("监督投诉电话"),
        validators=[no_forbidden_characters, phone_text],
    )
    website = models.URLField(_("网站"), max_length=200, blank=True)
    email = models.EmailField(_("电子邮箱"), max_length=254, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办事大厅信息")
        verbose_name_plural = _("办事大厅信息(办理地点、办公时间、咨询投诉电话)")

    def __str__(self):
        return self.name


class Item(models.Model):
    """事项: the stable identity of a permit item; content is in its versions."""

    code = models.CharField(_("事项编码"), max_length=40, unique=True)
    # The version intake uses now; None while never published or after withdrawal.
    published_version = models.OneToOneField(
        "ItemVersion",
        verbose_name=_("现行版本"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = _("事项")
        ordering = ["code"]

    def __str__(self):
        version = self.published_version
        return f"{self.code} {version.name}" if version else self.code

    def current_version(self) -> "ItemVersion | None":
        """The version that stands for the item now: the published one, else the draft (never
        published, or re-drafted after withdrawal), else the latest withdrawn one. Reads the
        prefetched `versions` when the caller prefetched them (admin lists, exports)."""
        versions = list(self.versions.all())
        for status in (ItemVersion.Status.PUBLISHED, ItemVersion.Status.DRAFT):
            for version in versions:
                if version.status == status:
                    return version
        numbered = [v for v in versions if v.number is not None]
        return max(numbered, key=lambda v: v.number) if numbered else None


class ItemVersion(models.Model):
    """事项版本: everything the public guide (办事指南) shows, frozen when published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        SUPERSEDED = "superseded", _("已被新版本替代")
        WITHDRAWN = "withdrawn", _("已停用")

    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveIntegerField(
        _("版本号"), null=True, blank=True, help_text=_("发布时自动编号")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )

    name = models.CharField(_("事项名称"), max_length=200)
    category = models.CharField(_("事项类别"), max_length=50, db_index=True)
    legal_basis = limited_text(_("设定依据"), LEGAL_BASIS_MAX)
    conditions = limited_text(_("申请条件"), GUIDE_TEXT_MAX, blank=True)
    review_standard = limited_text(_("审查标准"), GUIDE_TEXT_MAX, blank=True)
    procedure = limited_text(_("办理流程"), GUIDE_TEXT_MAX, blank=True)
    statutory_limit_days = models.PositiveSmallIntegerField(_("法定时限(工作日)"))
    committed_limit_days = models.PositiveSmallIntegerField(_("承诺时限(工作日)"))
    instant = models.BooleanField(_("即办件"), default=False)
    notice_commitment = models.BooleanField(_("告知承诺制"), default=False)
    commitment_check_method = limited_text(_("告知承诺核查方式"), LEGAL_BASIS_MAX, blank=True)
    # 告知承诺: the supervising department checks the commitment within this many working days of
    # the claim (001 第二十四条 "明确核查时间、标准、方式以及是否免予核查"); blank = no check due.
    commitment_check_days = models.PositiveSmallIntegerField(
        _("告知承诺核查期限(工作日)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("推送后监管部门须完成核查的工作日数;留空表示免予核查"),
    )
    site_inspection = models.BooleanField(_("需现场踏勘"), default=False)
    permit_validity_years = models.PositiveSmallIntegerField(
        _("许可有效期(年)"), null=True, blank=True, help_text=_("留空表示长期有效")
    )
    supervising_departments = models.ManyToManyField(
        Department, verbose_name=_("监管部门"), related_name="supervised_versions"
    )
    responsible_post = models.CharField(_("责任岗位"), max_length=200, blank=True)
    # 审管职责边界 (003; 000 "明确监管主体、监管事项和监管责任"): what the bureau's approval covers
    # and what the supervising department must do after it; shown on every push of the item.
    approval_duty = limited_text(_("审批职责(审批局)"), GUIDE_TEXT_MAX, blank=True)
    supervision_matters = limited_text(_("监管事项"), GUIDE_TEXT_MAX, blank=True)
    supervision_duty = limited_text(_("监管责任"), GUIDE_TEXT_MAX, blank=True)
    feedback_limit_days = models.PositiveSmallIntegerField(
        _("处置反馈时限(工作日)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("留空则按监管部门的默认时限"),
    )
    transferred = models.BooleanField(_("已划转审批局"), default=True)
    handling_department = models.ForeignKey(
        Department,
        verbose_name=_("承办部门(未划转)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_versions",
        help_text=_("未划转事项仍由该部门办理"),
    )
    related_items = models.ManyToManyField(
        Item, verbose_name=_("一链办理关联事项"), blank=True, related_name="related_from"
    )
    # 办理地点 / 办公时间 / 咨询电话 of this item when they differ from the bureau's
    # (BureauProfile); blank = the bureau's. Read through catalog.selectors.contact_for.
    contact_location = models.CharField(
        _("办理地点(本事项)"),
        max_length=200,
        blank=True,
        help_text=_("例如:三楼 12 号窗口;留空则显示办事大厅地址"),
        validators=[no_forbidden_characters],
    )
    contact_hours = models.CharField(
        _("办公时间(本事项)"),
        max_length=300,
        blank=True,
        help_text=_("留空则显示办事大厅办公时间"),
        validators=[no_forbidden_characters],
    )
    contact_phone = models.CharField(
        _("咨询电话(本事项)"),
        max_length=50,
        blank=True,
        help_text=_("留空则显示办事大厅咨询电话"),
        validators=[no_forbidden_characters, phone_text],
    )
    change_note = models.CharField(_("变更说明"), max_length=300, blank=True)

    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("停用时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("停用人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField(_("停用原因"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[supervising_departments, related_items])

    class Meta:
        verbose_name = _("事项版本")
        verbose_name_plural = _("事项版本")
        ordering = ["item__code", "-number"]
        constraints = [
            # Chinese messages and codes: the admin shows them (catalog.admin.common maps the
            # committed-limit one to its field) instead of "约束 “…” 是无效的".
            models.UniqueConstraint(
                fields=["item", "number"],
                name="itemversion_unique_number",
                violation_error_message=_("该事项已有这个版本号。"),
                violation_error_code="version_number_taken",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="draft"),
                name="itemversion_one_draft",
                violation_error_message=_("该事项已有一份草稿,请编辑已有草稿。"),
                violation_error_code="draft_exists",
            ),
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(status="published"),
                name="itemversion_one_published",
                violation_error_message=_("该事项已有一个已发布的版本。"),
                violation_error_code="published_exists",
            ),
            models.CheckConstraint(
                condition=Q(committed_limit_days__lte=models.F("statutory_limit_days")),
                name="itemversion_committed_within_statutory",
                violation_error_message=_("承诺时限不能超过法定时限。"),
                violation_error_code="committed_over_statutory",
            ),
        ]

    def __str__(self):
        label = f"v{self.number}" if self.number else str(_("草稿"))
        return f"{self.item.code} {self.name} ({label})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @cached_property
    def contact(self):
        """Where, when and whom to call for this version: catalog.selectors.contact_for."""
        from catalog.selectors import contact_for

        return contact_for(self)


class Material(models.Model):
    """申请材料 of one item version."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE, related_name="materials"
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("材料名称"), max_length=300)
    original_count = models.PositiveSmallIntegerField(_("原件份数"), default=0)
    copy_count = models.PositiveSmallIntegerField(_("复印件份数"), default=1)
    required = models.BooleanField(_("必须提交"), default=True)
    waivable = models.BooleanField(_("可容缺"), default=False)
    note = models.CharField(_("填报说明"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申请材料")
        verbose_name_plural = _("申请材料")
        ordering = ["version", "position", "pk"]

    def __str__(self):
        return self.name


class Fee(models.Model):
    """收费项目 of one item version; none means 不收费."""

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE, related_name="fees"
    )
    name = models.CharField(_("收费项目"), max_length=200)
    amount = models.DecimalField(_("金额(元)"), max_digits=10, decimal_places=2)
    basis = models.CharField(_("收费依据"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("收费项目")
        verbose_name_plural = _("收费项目")
        ordering = ["version", "pk"]

    def __str__(self):
        return f"{self.name} {self.amount}元"


class ProcedureStep(models.Model):
    """程序清单: one step of an item version's procedure, with the post that handles it (承办
    岗位), what it requires (办理要求) and its time limit (办理时限, working days; 0 = 当场).
    Its stage says which steps an application is at: approvals maps each application status to
    a stage (approvals/steps.py). Edited with the draft, frozen when published."""

    class Stage(models.TextChoices):
        INTAKE = "intake", _("受理")
        REVIEW = "review", _("审查")
        DECISION = "decision", _("决定")
        DELIVERY = "delivery", _("送达")

    # Positions stay below a temporary range the reordering service moves rows through.
    POSITION_MAX = 999

    version = models.ForeignKey(
        ItemVersion, verbose_name=_("事项版本"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(
        _("序号"), validators=[MinValueValidator(1), MaxValueValidator(POSITION_MAX)]
    )
    name = models.CharField(_("环节名称"), max_length=50)
    stage = models.CharField(
        _("对应办理阶段"),
        max_length=20,
        choices=Stage.choices,
        help_text=_("办件处于该阶段时,本环节显示为“当前环节”"),
    )
    post = models.CharField(_("承办岗位/机构"), max_length=100)
    requirements = limited_text(_("办理要求"), 1000, blank=True)
    limit_days = models.PositiveSmallIntegerField(
        _("办理时限(工作日)"),
        default=0,
        validators=[MaxValueValidator(POSITION_MAX)],
        help_text=_("0 表示即时/当场办理"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节(程序清单)")
        # version_id, not version: ordering by the relation would join the version and its item
        # (ItemVersion's own ordering) into every query of the steps.
        ordering = ["version_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"],
                name="procedurestep_unique_position",
                violation_error_message=_("同一版本中环节序号不能重复。"),
                violation_error_code="step_position_taken",
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.name}"


class LiaisonRecord(models.Model):
    """信息联络员备案 (000 "各明确一名信息联络员"): who liaised for which department — or, with
    no department, for the bureau itself (the bureau's own liaison, who receives what the
    departments send) — since when and until when, and who filed it. Written only by
    catalog.services.liaisons, in the same transaction as the permission it records; an open
    record (until empty) is a current liaison, a closed one stays as the history."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("联络员"),
        on_delete=models.PROTECT,
        related_name="liaison_records",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_records",
        help_text=_("留空表示审批局本局的信息联络员"),
    )
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("终止日期"), null=True, blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("备案人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("备案时间"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("联络员备案")
        verbose_name_plural = _("联络员备案")
        ordering = ["department_id", "-since", "-pk"]
        constraints = [
            # One open record per user and department, and per user for the bureau.
            models.UniqueConstraint(
                fields=["user", "department"],
                condition=Q(until__isnull=True, department__isnull=False),
                name="liaisonrecord_open_once",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(until__isnull=True, department__isnull=True),
                name="liaisonrecord_bureau_open_once",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.department or _('审批局')}"
