"""申请人: natural persons and organisations who apply."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from approvals.limits import ADDRESS_MAX, NAME_MAX, PHONE_MAX
from approvals.validators import mask_id_number, mask_person_name


class Applicant(models.Model):
    """申请人: a natural person (身份证号) or an organisation (统一社会信用代码)."""

    class Kind(models.TextChoices):
        PERSON = "person", _("自然人")
        ORGANIZATION = "organization", _("法人或其他组织")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("姓名或名称"), max_length=NAME_MAX)
    id_number = models.CharField(_("身份证号码或统一社会信用代码"), max_length=18)
    phone = models.CharField(_("联系电话"), max_length=PHONE_MAX, blank=True)
    address = models.CharField(_("地址"), max_length=ADDRESS_MAX, blank=True)
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
