"""Permits (行政许可证件): what an approval issues and later decisions act on."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from approvals.limits import CONTENT_MAX, NAME_MAX, limited_text
from approvals.models.applicants import Applicant
from approvals.models.applications import Application


class Permit(models.Model):
    """行政许可证件: the result of an approval, and what later decisions act on."""

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        CHANGED = "changed", _("已变更")
        # 责令停产停业: not valid while it stands; a "reinstate" decision makes it valid again.
        SUSPENDED = "suspended", _("已暂停(责令停产停业)")
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
    holder_name = models.CharField(_("持证人名称"), max_length=NAME_MAX)
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.VALID
    )
    valid_from = models.DateField(_("有效期自"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    content = limited_text(_("许可内容"), CONTENT_MAX, blank=True)
    issued_at = models.DateTimeField(_("发证时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政许可证件")
        verbose_name_plural = _("行政许可证件")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["status", "valid_until"], name="permit_expiry")]

    def __str__(self):
        return self.number

    # The stored statuses that lapse at valid_until (expire_permits writes them expired): a
    # suspension does not stop the clock of the validity.
    EXPIRING = (Status.VALID, Status.SUSPENDED)

    @property
    def current_status(self) -> str:
        """A valid (or suspended) permit past valid_until reads as expired even before the
        nightly expire_permits job has written it."""
        if (
            self.status in self.EXPIRING
            and self.valid_until is not None
            and self.valid_until < timezone.localdate()
        ):
            return self.Status.EXPIRED
        return self.status

    @property
    def is_valid(self) -> bool:
        """有效: the one answer to "may the holder rely on this permit today" (a suspended,
        changed, withdrawn, revoked, cancelled or expired one may not)."""
        return self.current_status == self.Status.VALID
