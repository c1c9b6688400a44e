"""当事人 recorded at intake besides the applicant: the agent (经办人 / 委托代理人) who applies on
the applicant's behalf, with the authorisation letter (授权委托书), and an organisation's legal
representative (法定代表人).

Both belong to the application, not to the Applicant row: an organisation's legal representative
and the person it sends change over time, and an application (and the notices issued for it)
must keep the people it was made by, as they were that day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from approvals.limits import NAME_MAX, PHONE_MAX
from approvals.models.applications import Application
from approvals.models.files import StoredFile
from approvals.validators import mask_id_number

__all__ = ["ApplicationParty"]


class ApplicationParty(models.Model):
    """当事人: one agent and/or one legal representative per application."""

    class Role(models.TextChoices):
        AGENT = "agent", _("经办人(委托代理人)")
        LEGAL_REPRESENTATIVE = "legal_representative", _("法定代表人")

    application = models.ForeignKey(
        Application, verbose_name=_("办件"), on_delete=models.CASCADE, related_name="parties"
    )
    role = models.CharField(_("身份"), max_length=30, choices=Role.choices)
    name = models.CharField(_("姓名"), max_length=NAME_MAX)
    # A 居民身份证号码 as validate_resident_id stores it; empty only for a legal representative
    # whose number was not given.
    id_number = models.CharField(_("身份证号码"), max_length=18, blank=True)
    phone = models.CharField(_("联系电话"), max_length=PHONE_MAX, blank=True)
    # 授权委托书 (agents only): a file of the applicant's library, or, over the API that takes no
    # uploads, the paper original the clerk checked at the window.
    authorization_letter = models.ForeignKey(
        StoredFile,
        verbose_name=_("授权委托书"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    letter_checked_on_paper = models.BooleanField(_("已核验纸质授权委托书"), default=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("当事人")
        verbose_name_plural = _("当事人")
        ordering = ["application", "role"]  # the agent before the legal representative
        constraints = [
            models.UniqueConstraint(
                fields=["application", "role"], name="applicationparty_one_per_role"
            ),
            models.CheckConstraint(
                condition=~models.Q(role="agent")
                | ~models.Q(id_number="")
                & (
                    models.Q(authorization_letter__isnull=False)
                    | models.Q(letter_checked_on_paper=True)
                ),
                name="applicationparty_agent_complete",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


def parties_of(application) -> list[ApplicationParty]:
    """An application's parties (agent first) with their letters: the prefetched ones when
    the selector prefetched `parties`, else one query — the page and the API read this."""
    cache = getattr(application, "_prefetched_objects_cache", {})
    if "parties" in cache:
        return list(cache["parties"])
    if not hasattr(application, "_parties"):
        application._parties = list(application.parties.select_related("authorization_letter"))
    return application._parties
