"""电子要件库: an applicant's files, stored once by content hash (一件多用)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from approvals.models.applicants import Applicant


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
