"""Applicants, applications, review, decisions under the one seal, permits, document numbers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.validators import mask_id_number, mask_person_name


class Applicant(models.Model):
    """申请人: a natural person (身份证号) or an organisation (统一社会信用代码)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANIZATION = "organization", _("法人或其他组织")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("姓名或名称"), max_length=200)
    id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("申请人")
        verbose_name_plural = _("申请人")
        constraints = [
            models.UniqueConstraint(fields=["kind", "id_number"], name="applicant_unique_id")
        ]

    def __str__(self):
        return self.name

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    @property
    def public_name(self) -> str:
        return mask_person_name(self.name) if self.kind == self.Kind.PERSON else self.name


def stored_file_path(instance, filename):
    return f"library/{instance.applicant_id}/{instance.sha256[:2]}/{instance.sha256}"


class StoredFile(models.Model):
    """电子要件库: one file of an applicant, stored once by content hash, reused (一件多用)."""

    applicant = models.ForeignKey(
        Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="files"
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    file = models.FileField(_("文件"), upload_to=stored_file_path, max_length=300)
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小(字节)"))
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("电子要件")
        verbose_name_plural = _("电子要件库")
        constraints = [
            models.UniqueConstraint(fields=["applicant", "sha256"], name="storedfile_once")
        ]

    def __str__(self):
        return self.original_name


class ApplicationQuerySet(models.QuerySet):
    def overdue(self, now):
        return self.filter(Application.overdue_q(now))

    def to_flag(self, now):
        """What the overdue job flags: open, not paused, past due and not flagged yet."""
        return self.filter(
            status__in=Application.OPEN_STATUSES,
            paused=False,
            due_at__lt=now,
            overdue_flagged_at__isnull=True,
        )


class Application(models.Model):
    """办件: one application taken in at the window, from submission to delivery."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已登记")
        CORRECTION_REQUESTED = "correction_requested", _("待补正")
        REFUSED = "refused", _("不予受理")
        ACCEPTED = "accepted", _("已受理")
        UNDER_REVIEW = "under_review", _("审查中")
        REVIEWED = "reviewed", _("已审查")
        APPROVED = "approved", _("准予许可")
        DENIED = "denied", _("不予许可")
        DELIVERED = "delivered", _("已出件")

    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    applicant = models.ForeignKey(
        Applicant, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        _("状态"), max_length=30, choices=Status.choices, default=Status.SUBMITTED
    )
    content = models.TextField(_("申请内容"), blank=True)

    submitted_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    receipt_number = models.CharField(
        _("受理编号"), max_length=30, null=True, blank=True, unique=True
    )
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("受理人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The clock: due_date is computed once, when the clock starts (and moved when a special
    # procedure ends); due_at is its end of day, indexed for overdue scans.
    due_date = models.DateField(_("承诺办结日期"), null=True, blank=True)
    due_at = models.DateTimeField(_("办结期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    paused = models.BooleanField(_("特别程序中(计时暂停)"), default=False)
    paused_working_days = models.PositiveSmallIntegerField(_("特别程序累计工作日"), default=0)

    correction_note = models.TextField(_("补正说明"), blank=True)
    refusal_reason = models.TextField(_("不予受理理由"), blank=True)

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)

    delivered_at = models.DateTimeField(_("出件时间"), null=True, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("出件人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    collected_by = models.CharField(_("领取人"), max_length=100, blank=True)

    overdue_flagged_at = models.DateTimeField(_("逾期标记时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("办件")
        verbose_name_plural = _("办件")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="application_status_due"),
            models.Index(
                fields=["due_at"],
                name="application_open_due",
                condition=Q(overdue_flagged_at__isnull=True),
            ),
            models.Index(fields=["-submitted_at", "-id"], name="application_recent"),
        ]

    def __str__(self):
        return self.receipt_number or f"#{self.pk}"

    OPEN_STATUSES = (Status.ACCEPTED, Status.UNDER_REVIEW, Status.REVIEWED)

    # "Overdue" (超期), one definition written twice side by side, as a Q for querysets and as
    # the same test on a loaded row: open, not paused and past the due time, or flagged by the
    # job (once flagged, always overdue: it was decided late). "Flagged" stays its own fact.
    @staticmethod
    def overdue_q(now) -> Q:
        return Q(overdue_flagged_at__isnull=False) | Q(
            status__in=Application.OPEN_STATUSES, paused=False, due_at__lt=now
        )

    def is_overdue_at(self, now) -> bool:
        return self.overdue_flagged_at is not None or (
            self.status in self.OPEN_STATUSES
            and not self.paused
            and self.due_at is not None
            and self.due_at < now
        )


class ApplicationMaterial(models.Model):
    """One line of the material checklist (from the item version) for one application."""

    class State(models.TextChoices):
        PROVIDED = "provided", _("已提交")
        MISSING = "missing", _("缺少")
        WAIVED = "waived", _("容缺")

    application = models.ForeignKey(
        Application, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="materials"
    )
    material = models.ForeignKey(
        "catalog.Material", verbose_name=_("材料"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.MISSING)
    file = models.ForeignKey(
        StoredFile,
        verbose_name=_("电子文件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
    )
    supply_by = models.DateField(_("容缺补交期限"), null=True, blank=True)
    supplied_at = models.DateTimeField(_("补交时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("办件材料")
        verbose_name_plural = _("办件材料")
        ordering = ["material__position", "material_id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "material"], name="appmaterial_once")
        ]

    def __str__(self):
        return f"{self.material} ({self.get_state_display()})"

    @property
    def outstanding(self) -> bool:
        """A waived material not yet supplied blocks delivery of the result."""
        return self.state == self.State.WAIVED and self.supplied_at is None


class ReviewOpinion(models.Model):
    """审查意见 of a reviewer, with the site inspection record where the item needs one."""

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("建议准予许可")
        DENY = "deny", _("建议不予许可")

    application = models.ForeignKey(
        Application, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="opinions"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    opinion = models.TextField(_("审查意见"))
    recommendation = models.CharField(_("审查建议"), max_length=10, choices=Recommendation.choices)
    site_inspection = models.TextField(_("现场踏勘记录"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审查意见")
        verbose_name_plural = _("审查意见")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_recommendation_display()} ({self.reviewer})"


class SpecialProcedure(models.Model):
    """特别程序 (听证、检验检测、专家评审、公示): the clock stops while one is open."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("听证")
        TESTING = "testing", _("检验检测")
        EXPERT_REVIEW = "expert_review", _("专家评审")
        PUBLICITY = "publicity", _("公示")

    application = models.ForeignKey(
        Application,
        verbose_name=_("办件"),
        on_delete=models.CASCADE,
        related_name="special_procedures",
    )
    kind = models.CharField(_("程序"), max_length=20, choices=Kind.choices)
    note = models.TextField(_("说明"), blank=True)
    started_at = models.DateTimeField(_("开始时间"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("开始人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    working_days = models.PositiveSmallIntegerField(_("占用工作日"), default=0)

    class Meta:
        verbose_name = _("特别程序")
        verbose_name_plural = _("特别程序")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(ended_at__isnull=True),
                name="one_open_special_procedure",
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class Seal(models.Model):
    """行政审批专用章: the bureau's one active approval seal (一枚印章管审批)."""

    name = models.CharField(_("印章名称"), max_length=100)
    code = models.CharField(_("印章编码"), max_length=40, unique=True)
    document_prefix = models.CharField(
        _("文书字号前缀"), max_length=20, help_text=_("如“示审批”,文号为 示审批〔2026〕1号")
    )
    bureau_name = models.CharField(_("机关名称"), max_length=100)
    active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("印章")
        verbose_name_plural = _("印章")
        constraints = [
            models.UniqueConstraint(
                fields=["active"], condition=Q(active=True), name="one_active_seal"
            )
        ]

    def __str__(self):
        return self.name


class DocumentCounter(models.Model):
    """Gap-free serials per series and year; the row is locked while a number is taken, in
    the same transaction as the document, so a rollback gives the number back."""

    series = models.CharField(_("序列"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        verbose_name = _("文书编号序列")
        verbose_name_plural = _("文书编号序列")
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="counter_series_year")
        ]

    def __str__(self):
        return f"{self.series} {self.year}: {self.last}"


class Permit(models.Model):
    """行政许可证件: the result of an approval, and what later decisions act on."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        CHANGED = "changed", _("已变更")
        WITHDRAWN = "withdrawn", _("已撤回")
        REVOKED = "revoked", _("已撤销")
        CANCELLED = "cancelled", _("已注销")
        EXPIRED = "expired", _("已过期")

    number = models.CharField(_("证件编号"), max_length=30, unique=True)
    application = models.ForeignKey(
        Application, verbose_name=_("办件"), on_delete=models.PROTECT, related_name="permits"
    )
    # A change (变更) or renewal (延续) issues a new permit that replaces this one.
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("替代的证件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        verbose_name=_("事项版本"),
        on_delete=models.PROTECT,
        related_name="permits",
    )
    holder = models.ForeignKey(
        Applicant, verbose_name=_("持证人"), on_delete=models.PROTECT, related_name="permits"
    )
    # Snapshot: the permit reads as issued even if the applicant record changes later.
    holder_name = models.CharField(_("持证人名称"), max_length=200)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    content = models.TextField(_("许可内容"), blank=True)
    issued_at = models.DateTimeField(_("发证时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政许可证件")
        verbose_name_plural = _("行政许可证件")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["status", "valid_until"], name="permit_expiry")]

    def __str__(self):
        return self.number

    @property
    def current_status(self) -> str:
        """A valid permit past valid_until reads as expired even before the nightly
        expire_permits job has written it."""
        if (
            self.status == self.Status.VALID
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        ):
            return self.Status.EXPIRED
        return self.status


class Decision(models.Model):
    """行政许可决定: approval or denial of an application, or a later act on a permit.
    Every one has a gap-free number and is sealed with the active Seal."""

    class Kind(models.TextChoices):
        APPROVE = "approve", _("准予行政许可")
        DENY = "deny", _("不予行政许可")
        CHANGE = "change", _("变更")
        RENEW = "renew", _("延续")
        WITHDRAW = "withdraw", _("撤回")
        REVOKE = "revoke", _("撤销")
        CANCEL = "cancel", _("注销")

    number = models.CharField(_("决定文号"), max_length=40, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    application = models.ForeignKey(
        Application,
        verbose_name=_("办件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    permit = models.ForeignKey(
        Permit,
        verbose_name=_("证件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    reason = models.TextField(_("理由"), blank=True)
    content = models.TextField(_("决定内容"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"))
    seal = models.ForeignKey(
        Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="decisions"
    )

    class Meta:
        verbose_name = _("行政许可决定")
        verbose_name_plural = _("行政许可决定")
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "serial"], name="decision_year_serial")
        ]

    def __str__(self):
        return self.number


class SealUse(models.Model):
    """用印登记: every application of the seal, who and when."""

    seal = models.ForeignKey(
        Seal, verbose_name=_("印章"), on_delete=models.PROTECT, related_name="uses"
    )
    decision = models.OneToOneField(
        Decision, verbose_name=_("决定"), on_delete=models.PROTECT, related_name="seal_use"
    )
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用印人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    used_at = models.DateTimeField(_("用印时间"))

    class Meta:
        verbose_name = _("用印记录")
        verbose_name_plural = _("用印记录")
        ordering = ["-used_at", "-pk"]

    def __str__(self):
        return f"{self.seal} {self.decision}"
